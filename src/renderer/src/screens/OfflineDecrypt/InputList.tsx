import { ActionIcon, Group, Paper, Stack, Tooltip } from '@mantine/core'
import { IconFile, IconTrash } from '@tabler/icons-react'
import { PathText } from '../../components/PathText'

/** The chosen sealed files and folders, each removable. */
export function InputList({ paths, onRemove }: { readonly paths: readonly string[]; readonly onRemove: (path: string) => void }): React.JSX.Element | null {
  if (paths.length === 0) return null
  return (
    <Stack gap={4} data-testid="decrypt-inputs">
      {paths.map((path) => (
        <Paper key={path} withBorder px="sm" py={4} radius="md">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFile size={14} stroke={1.6} />
              <PathText path={path} size="sm" />
            </Group>
            <Tooltip label="Remove">
              <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => onRemove(path)} aria-label={`Remove ${path}`}>
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Paper>
      ))}
    </Stack>
  )
}
