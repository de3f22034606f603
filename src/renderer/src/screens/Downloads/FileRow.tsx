import { Badge, Group, Paper, Progress, Stack, Text } from '@mantine/core'
import type { FileProgressView } from '../../../../shared/ipc'
import type { ScreenId } from '../../app/screens'
import { formatDuration } from '../../format/duration'
import { fileBadge, fileBytesText, giveUpText, retryText } from './downloadsView'
import { formatSpeed } from '../../format/bytes'
import { tone } from '../../format/tone'
import { FileControls } from './FileControls'
import { FileFailure } from './FileFailure'

/** One file: name, where it comes from, its progress bar and numbers, its connection state, controls, and any failure. */
export function FileRow({ file, onNavigate }: { readonly file: FileProgressView; readonly onNavigate: (id: ScreenId) => void }): React.JSX.Element {
  const badge = fileBadge(file)
  const total = file.bytesTotal
  const percent = file.state === 'done' ? 100 : total ? Math.min(100, (file.bytesDone / total) * 100) : 0
  const moving = file.state === 'downloading' || file.state === 'decrypting'
  const showBar = file.state !== 'skipped' && file.state !== 'cancelled'
  return (
    <Paper withBorder p="sm" radius="md" data-testid="download-file" data-state={file.state} data-name={file.name} data-retrying={String(file.retry !== null)}>
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
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Badge size="sm" variant="light" color={badge.color} data-testid="file-state">
              {badge.label}
            </Badge>
            <FileControls file={file} />
          </Group>
        </Group>
        {showBar && (
          <Progress
            value={percent}
            color={file.state === 'failed' ? 'red' : file.state === 'done' ? 'teal' : badge.color}
            striped={file.state === 'decrypting'}
            animated={moving && !file.retry}
            size="sm"
            aria-label={`${file.name} progress`}
          />
        )}
        {showBar && file.state !== 'failed' && (
          <Group gap="md" wrap="wrap">
            <Text size="xs" c="dimmed" data-testid="file-bytes">
              {fileBytesText(file)}
            </Text>
            {moving && (
              <>
                <Text size="xs" c="dimmed" data-testid="file-speed">
                  {formatSpeed(file.speed)}
                </Text>
                <Text size="xs" c="dimmed">
                  {file.etaSeconds === null ? '— left' : `${formatDuration(file.etaSeconds)} left`}
                </Text>
              </>
            )}
          </Group>
        )}
        {file.retry && file.state === 'downloading' && (
          <Text size="xs" c={tone('orange')} data-testid="file-retry-state">
            {retryText(file.retry)}. {giveUpText(file.retry.giveUpInMs)}
          </Text>
        )}
        {file.state === 'paused' && file.error?.code === 'VAULT_LOCKED' && (
          <Text size="xs" c="dimmed" data-testid="file-waiting-for-key">
            Sealed to your key, which is locked: it starts once you unlock it.
          </Text>
        )}
        <FileFailure file={file} onNavigate={onNavigate} />
      </Stack>
    </Paper>
  )
}
