import { Button, Card, Group, Progress, SimpleGrid, Text, Title } from '@mantine/core'
import { IconFolderOpen, IconPlayerPause, IconPlayerPlay, IconRefresh, IconRotateClockwise } from '@tabler/icons-react'
import type { DownloadsSnapshot } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { PathText } from '../../components/PathText'
import { Stat } from '../../components/Stat'
import { formatBytes, formatSpeed } from '../../format/bytes'
import { formatDuration } from '../../format/duration'
import { useCall } from '../../hooks/useCall'
import { CancelAllButton } from './CancelAllButton'
import { countFiles, headline, isComplete } from './downloadsView'

const barColor = { running: 'bay', waiting: 'yellow', paused: 'yellow', problem: 'orange', complete: 'teal' } as const

interface OverallProgressProps {
  readonly snapshot: DownloadsSnapshot
  /** Why syncing by hand waits now (watching holds the folder); "Retry all failed" and "Sync again" say so. */
  readonly syncBlockedReason?: string | null
}

/** The whole run: its headline, one bar, the counts (the same as the tabs'), speed and time left, and the controls for all files. */
export function OverallProgress({ snapshot, syncBlockedReason = null }: OverallProgressProps): React.JSX.Element {
  const api = useApi()
  const pauseAll = useCall(() => api.pauseAllDownloads())
  const resumeAll = useCall(() => api.resumeAllDownloads())
  const retryFailed = useCall(() => api.retryFailedDownloads())
  const syncAgain = useCall(() => api.syncAgain())
  const openFolder = useCall(() => api.openFolder(snapshot.destination ? { path: snapshot.destination } : undefined))
  const { overall } = snapshot
  const counts = countFiles(snapshot.files)
  const title = headline(snapshot)
  const complete = isComplete(snapshot)
  const bytesTotal = overall.bytesTotal ?? 0
  const settled = overall.done + overall.failed + overall.skipped
  const percent = complete ? 100 : bytesTotal > 0 ? Math.min(100, (overall.bytesDone / bytesTotal) * 100) : overall.total > 0 ? (settled / overall.total) * 100 : 0
  const paused = snapshot.files.some((file) => file.state === 'paused')
  const unfinished = counts.active

  return (
    <Card data-testid="downloads-overall" data-running={String(snapshot.running)} data-complete={String(complete)} data-tone={title.tone}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <Title order={2} size="h3" data-testid="downloads-headline" aria-live="polite">
          {title.text}
        </Title>
        <Group gap="xs">
          {snapshot.running && (
            <Button size="xs" variant="default" leftSection={<IconPlayerPause size={14} />} onClick={() => void pauseAll.run()} loading={pauseAll.running}>
              Pause all
            </Button>
          )}
          {paused && !snapshot.running && (
            <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} onClick={() => void resumeAll.run()} loading={resumeAll.running}>
              Resume all
            </Button>
          )}
          {(snapshot.running || paused) && <CancelAllButton unfinished={unfinished} />}
          {!snapshot.running && overall.failed > 0 && (
            <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={14} />} onClick={() => void retryFailed.run()} loading={retryFailed.running} disabled={syncBlockedReason !== null} title={syncBlockedReason ?? undefined} data-testid="retry-all-failed">
              Retry all failed
            </Button>
          )}
          {snapshot.canSyncAgain && (
            <Button size="xs" variant="light" leftSection={<IconRotateClockwise size={14} />} onClick={() => void syncAgain.run()} loading={syncAgain.running} disabled={syncBlockedReason !== null} title={syncBlockedReason ?? undefined} data-testid="sync-again">
              Sync again
            </Button>
          )}
          <Button size="xs" variant="light" leftSection={<IconFolderOpen size={14} />} onClick={() => void openFolder.run()} loading={openFolder.running} disabled={!snapshot.destination} data-testid="open-folder">
            Open folder
          </Button>
        </Group>
      </Group>
      {syncBlockedReason && (snapshot.canSyncAgain || (!snapshot.running && overall.failed > 0)) && (
        <Text size="xs" c="dimmed" mb="xs" data-testid="sync-blocked-note">
          {syncBlockedReason}
        </Text>
      )}
      <Progress.Root size="lg" mb="md">
        <Progress.Section aria-label="Overall progress" value={percent} color={barColor[title.tone]} animated={snapshot.running} />
      </Progress.Root>
      <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="md">
        <Stat label="Files done" value={`${overall.done} / ${overall.total}`} testId="downloads-done-count" />
        <Stat label="Transferred" value={`${formatBytes(overall.bytesDone)}${bytesTotal > 0 ? ` of ${formatBytes(bytesTotal)}` : ''}`} testId="downloads-transferred" />
        <Stat label="Speed" value={snapshot.running ? formatSpeed(overall.speed) : '—'} testId="downloads-speed" />
        <Stat label="Time left" value={snapshot.running ? formatDuration(overall.etaSeconds) : '—'} testId="downloads-eta" />
      </SimpleGrid>
      {(counts.failed > 0 || counts.skipped > 0 || counts.cancelled > 0) && (
        <Text size="sm" c="dimmed" mt="sm" data-testid="downloads-counts">
          {[counts.failed > 0 ? `${counts.failed} failed` : null, counts.skipped > 0 ? `${counts.skipped} skipped` : null, counts.cancelled > 0 ? `${counts.cancelled} cancelled` : null]
            .filter((part) => part !== null)
            .join(' · ')}
        </Text>
      )}
      {snapshot.destination && <PathText path={snapshot.destination} size="xs" c="dimmed" mt="xs" data-testid="downloads-destination" />}
    </Card>
  )
}
