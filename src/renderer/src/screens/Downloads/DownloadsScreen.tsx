import { Button, Card, EmptyState, SegmentedControl, Stack } from '@mantine/core'
import { IconCloudDownload } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { FileProgressView } from '../../../../shared/ipc'
import { useDownloads } from '../../app/DownloadsState'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingBlock } from '../../components/LoadingBlock'
import { ScreenHeader } from '../../components/ScreenHeader'
import { ConnectionNotice } from './ConnectionNotice'
import { countFiles, filterMatches, type FileFilter } from './downloadsView'
import { FileRow } from './FileRow'
import { KeyWaitNotice } from './KeyWaitNotice'
import { OverallProgress } from './OverallProgress'
import { WatchCard } from './WatchCard'
import { manualSyncBlocked } from './watchView'

// Problems first, then what is moving, then the rest: the eye lands on what needs attention.
const order: Record<FileProgressView['state'], number> = { failed: 0, downloading: 1, decrypting: 1, paused: 2, queued: 3, done: 4, skipped: 5, cancelled: 6 }

const filterLabels: Record<FileFilter, string> = { all: 'All', active: 'In progress', failed: 'Failed', done: 'Done', skipped: 'Skipped', cancelled: 'Cancelled' }

/**
 * The Downloads screen: the run (OverallProgress), what it waits for (KeyWaitNotice, ConnectionNotice), and the
 * files by tab, under "Keep this folder in sync" (WatchCard). Each part takes the snapshot, so other views can place
 * them as they need.
 */
export function DownloadsScreen({ onNavigate }: ScreenProps): React.JSX.Element {
  const downloads = useDownloads()
  const watching = manualSyncBlocked(useLiveState().watch.value)
  const [filter, setFilter] = useState<FileFilter>('all')
  const snapshot = downloads.value
  const counts = useMemo(() => countFiles(snapshot?.files ?? []), [snapshot])
  const files = useMemo(
    () => (snapshot?.files ?? []).filter(filterMatches[filter]).sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name)),
    [snapshot, filter],
  )
  // A tab appears when it has files (Cancelled), or is one of the usual ones.
  const tabs = (Object.keys(filterLabels) as FileFilter[]).filter((tab) => tab !== 'cancelled' || counts.cancelled > 0 || filter === 'cancelled')

  return (
    <Stack gap="lg">
      <ScreenHeader title="Downloads" description="Files are decrypted while they download and appear under their final name only once verified." />
      <WatchCard onNavigate={onNavigate} />
      {!snapshot && <LoadingBlock label="Loading downloads…" />}
      {/* While watching, its reports say what arrived: "No downloads yet" would contradict them. */}
      {snapshot && snapshot.files.length === 0 && !watching && (
        <Card>
          <EmptyState
            icon={<IconCloudDownload size={28} />}
            variant="light"
            title="No downloads yet"
            description="Choose orders on the Purchases screen, or sync every active order at once."
            data-testid="downloads-empty"
          >
            <EmptyState.Actions>
              <Button onClick={() => onNavigate('purchases')}>Go to purchases</Button>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      )}
      {snapshot && snapshot.files.length > 0 && (
        <>
          <KeyWaitNotice snapshot={snapshot} />
          <ConnectionNotice snapshot={snapshot} />
          <OverallProgress snapshot={snapshot} syncBlockedReason={watching} />
          {snapshot.paused?.error && <ErrorNotice error={snapshot.paused.error} />}
          <SegmentedControl
            value={filter}
            onChange={(value) => setFilter(value as FileFilter)}
            aria-label="Show files"
            data-testid="downloads-tabs"
            data={tabs.map((tab) => ({ value: tab, label: `${filterLabels[tab]} ${counts[tab]}` }))}
            style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
          />
          <Stack gap="xs" data-testid="download-files">
            {files.map((file) => (
              <FileRow key={file.key} file={file} onNavigate={onNavigate} />
            ))}
          </Stack>
        </>
      )}
    </Stack>
  )
}
