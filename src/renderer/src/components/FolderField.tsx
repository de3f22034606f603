import { Button, Group, Text, ThemeIcon } from '@mantine/core'
import { IconFolder } from '@tabler/icons-react'
import { PathText } from './PathText'

interface FolderFieldProps {
  readonly label: string
  readonly path: string | null
  readonly placeholder?: string
  readonly onChoose: () => void
  readonly choosing?: boolean
  readonly testId?: string
}

/** A folder picked through main's native dialog: its path and a "Change…" button. */
export function FolderField({ label, path, placeholder = 'Not chosen yet', onChoose, choosing = false, testId }: FolderFieldProps): React.JSX.Element {
  return (
    <Group gap="sm" wrap="nowrap" data-testid={testId} style={{ minWidth: 0 }}>
      <ThemeIcon variant="light" color="gray" size="lg" radius="md">
        <IconFolder size={18} />
      </ThemeIcon>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        {path ? (
          <PathText path={path} size="sm" data-testid={testId ? `${testId}-path` : undefined} />
        ) : (
          <Text size="sm" c="dimmed">
            {placeholder}
          </Text>
        )}
      </div>
      <Button variant="default" size="xs" onClick={onChoose} loading={choosing}>
        {path ? 'Change…' : 'Choose…'}
      </Button>
    </Group>
  )
}
