import { Button, Group, Text, ThemeIcon } from '@mantine/core'
import { IconFolder } from '@tabler/icons-react'
import { PathText } from './PathText'

interface FolderFieldProps {
  readonly label: string
  /** What the button chooses, for its accessible name ("Choose… output folder"); default the label. */
  readonly kind?: string
  readonly path: string | null
  readonly placeholder?: string
  readonly onChoose: () => void
  readonly choosing?: boolean
  readonly testId?: string
  /** Why it cannot be changed now (a running sync); shown beside it. */
  readonly disabledReason?: string | null
}

/** A folder picked through main's native dialog: its path and a "Change…" button. */
export function FolderField({ label, kind, path, placeholder = 'Not chosen yet', onChoose, choosing = false, testId, disabledReason = null }: FolderFieldProps): React.JSX.Element {
  const verb = path ? 'Change…' : 'Choose…'
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
        {disabledReason && (
          <Text size="xs" c="dimmed" data-testid={testId ? `${testId}-locked` : undefined}>
            {disabledReason}
          </Text>
        )}
      </div>
      <Button
        variant="default"
        size="xs"
        onClick={onChoose}
        loading={choosing}
        disabled={disabledReason !== null}
        aria-label={`${verb} ${kind ?? label}${disabledReason ? ` (${disabledReason})` : ''}`}
        title={disabledReason ?? undefined}
      >
        {verb}
      </Button>
    </Group>
  )
}
