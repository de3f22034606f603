import { Button, Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconFolderOpen, IconPlayerPause, IconPlayerPlay, IconX } from '@tabler/icons-react'
import type { DownloadsSnapshot } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { PathText } from '../../components/PathText'
import { formatBytes, formatSpeed } from '../../format/bytes'
import { formatDuration } from '../../format/duration'
import { useCall } from '../../hooks/useCall'

function Stat({ label, value, testId }: { readonly label: string; readonly value: string; readonly testId?: string }): React.JSX.Element {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="lg" fw={650} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  )
}

/** The whole run: one bar, the counts, speed and ETA, and the controls for all files. */
export function OverallProgress({ snapshot }: { readonly snapshot: DownloadsSnapshot }): React.JSX.Element {
  const api = useApi()
  const pauseAll = useCall(() => api.pauseAllDownloads())
  const resumeAll = useCall(() => api.resumeAllDownloads())
  const cancelAll = useCall(() => api.cancelAllDownloads())
  const openFolder = useCall(() => api.openFolder(snapshot.destination ? { path: snapshot.destination } : undefined))
  const { overall } = snapshot
  const finished = overall.done + overall.failed + overall.skipped
  const bytesTotal = overall.bytesTotal ?? 0
  const percent = bytesTotal > 0 ? (overall.bytesDone / bytesTotal) * 100 : overall.total > 0 ? (finished / overall.total) * 100 : 0
  const paused = snapshot.files.some((file) => file.state === 'paused')
  const complete = !snapshot.running && overall.total > 0 && finished === overall.total

  return (
    <Card data-testid="downloads-overall" data-running={String(snapshot.running)} data-complete={String(complete)}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <Text fw={650} size="lg" data-testid="downloads-headline">
          {snapshot.running ? 'Downloading and decrypting…' : complete ? (overall.failed > 0 ? 'Finished with problems' : 'All files are ready') : paused ? 'Paused' : 'Stopped'}
        </Text>
        <Group gap="xs">
          {snapshot.running && (
            <Button size="xs" variant="default" leftSection={<IconPlayerPause size={14} />} onClick={() => void pauseAll.run()} loading={pauseAll.running}>
              Pause all
            </Button>
          )}
          {paused && (
            <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} onClick={() => void resumeAll.run()} loading={resumeAll.running}>
              Resume all
            </Button>
          )}
          {(snapshot.running || paused) && (
            <Button size="xs" variant="subtle" color="red" leftSection={<IconX size={14} />} onClick={() => void cancelAll.run()} loading={cancelAll.running}>
              Cancel all
            </Button>
          )}
          <Button size="xs" variant="light" leftSection={<IconFolderOpen size={14} />} onClick={() => void openFolder.run()} loading={openFolder.running} disabled={!snapshot.destination} data-testid="open-folder">
            Open folder
          </Button>
        </Group>
      </Group>
      <Progress.Root size="lg" mb="md" aria-label="Overall progress">
        <Progress.Section value={percent} color={overall.failed > 0 && complete ? 'orange' : complete ? 'teal' : 'bay'} animated={snapshot.running} />
      </Progress.Root>
      <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="md">
        <Stat label="Files done" value={`${overall.done} / ${overall.total}`} testId="downloads-done-count" />
        <Stat label="Transferred" value={`${formatBytes(overall.bytesDone)}${bytesTotal > 0 ? ` of ${formatBytes(bytesTotal)}` : ''}`} />
        <Stat label="Speed" value={snapshot.running ? formatSpeed(overall.speed) : '—'} />
        <Stat label="Time left" value={snapshot.running ? formatDuration(overall.etaSeconds) : '—'} />
      </SimpleGrid>
      {(overall.failed > 0 || overall.skipped > 0) && (
        <Text size="sm" c="dimmed" mt="sm">
          {overall.failed > 0 ? `${overall.failed} failed` : ''}
          {overall.failed > 0 && overall.skipped > 0 ? ' · ' : ''}
          {overall.skipped > 0 ? `${overall.skipped} skipped` : ''}
        </Text>
      )}
      {snapshot.destination && (
        <PathText path={snapshot.destination} size="xs" c="dimmed" mt="xs" data-testid="downloads-destination" />
      )}
    </Card>
  )
}
