import { Badge, Group, Paper, Progress, Stack, Text } from '@mantine/core'
import type { FileProgressView } from '../../../../shared/ipc'
import type { ScreenId } from '../../app/screens'
import { formatBytes, formatSpeed } from '../../format/bytes'
import { formatDuration } from '../../format/duration'
import { FileControls } from './FileControls'
import { FileFailure } from './FileFailure'
import { fileStateText } from './fileState'

/** One file: name, where it comes from, its progress bar and numbers, controls, and any failure. */
export function FileRow({ file, onNavigate }: { readonly file: FileProgressView; readonly onNavigate: (id: ScreenId) => void }): React.JSX.Element {
  const state = fileStateText[file.state]
  const total = file.bytesTotal
  const percent = file.state === 'done' ? 100 : total ? Math.min(100, (file.bytesDone / total) * 100) : 0
  const moving = file.state === 'downloading' || file.state === 'decrypting'
  return (
    <Paper withBorder p="sm" radius="md" data-testid="download-file" data-state={file.state} data-name={file.name}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} ff="monospace" truncate="end" title={file.relativePath}>
              {file.name}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {file.productName}
              {file.round === null ? '' : ` · round ${file.round}`}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Badge size="sm" variant="light" color={state.color} data-testid="file-state">
              {state.label}
            </Badge>
            <FileControls file={file} />
          </Group>
        </Group>
        {file.state !== 'skipped' && file.state !== 'cancelled' && (
          <Progress
            value={percent}
            color={file.state === 'failed' ? 'red' : file.state === 'done' ? 'teal' : state.color}
            striped={file.state === 'decrypting'}
            animated={moving}
            size="sm"
            aria-label={`${file.name} progress`}
          />
        )}
        {file.state !== 'skipped' && file.state !== 'cancelled' && file.state !== 'failed' && (
          <Group gap="md" wrap="wrap">
            <Text size="xs" c="dimmed">
              {formatBytes(file.bytesDone)}
              {total ? ` of ${formatBytes(total)}` : ''}
            </Text>
            {moving && (
              <>
                {file.speed > 0 && (
                  <Text size="xs" c="dimmed">
                    {formatSpeed(file.speed)}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {file.etaSeconds === null ? '' : `${formatDuration(file.etaSeconds)} left`}
                </Text>
              </>
            )}
          </Group>
        )}
        <FileFailure file={file} onNavigate={onNavigate} />
      </Stack>
    </Paper>
  )
}
