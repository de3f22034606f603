import { Button, Card, EmptyState, SegmentedControl, Stack } from '@mantine/core'
import { IconCloudDownload } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { FileProgressView } from '../../../../shared/ipc'
import { useDownloads } from '../../app/DownloadsState'
import type { ScreenProps } from '../../app/screens'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingBlock } from '../../components/LoadingBlock'
import { ScreenHeader } from '../../components/ScreenHeader'
import { FileRow } from './FileRow'
import { isRunning } from './fileState'
import { OverallProgress } from './OverallProgress'

type Filter = 'all' | 'active' | 'failed' | 'done' | 'skipped'

const matches: Record<Filter, (file: FileProgressView) => boolean> = {
  all: () => true,
  active: (file) => isRunning(file.state) || file.state === 'paused',
  failed: (file) => file.state === 'failed',
  done: (file) => file.state === 'done',
  skipped: (file) => file.state === 'skipped' || file.state === 'cancelled',
}

// Problems first, then what is moving, then the rest: the eye lands on what needs attention.
const order: Record<FileProgressView['state'], number> = { failed: 0, downloading: 1, decrypting: 1, paused: 2, queued: 3, done: 4, skipped: 5, cancelled: 6 }

export function DownloadsScreen({ onNavigate }: ScreenProps): React.JSX.Element {
  const downloads = useDownloads()
  const [filter, setFilter] = useState<Filter>('all')
  const snapshot = downloads.value
  const files = useMemo(
    () => (snapshot?.files ?? []).filter(matches[filter]).sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name)),
    [snapshot, filter],
  )
  const count = (f: Filter): number => (snapshot?.files ?? []).filter(matches[f]).length

  return (
    <Stack gap="lg">
      <ScreenHeader title="Downloads" description="Files are decrypted while they download and appear under their final name only once verified." />
      {!snapshot && <LoadingBlock label="Loading downloads…" />}
      {snapshot && snapshot.files.length === 0 && (
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
          <OverallProgress snapshot={snapshot} />
          {snapshot.paused?.error && <ErrorNotice error={snapshot.paused.error} />}
          <SegmentedControl
            value={filter}
            onChange={(value) => setFilter(value as Filter)}
            aria-label="Show files"
            data={[
              { value: 'all', label: `All ${count('all')}` },
              { value: 'active', label: `In progress ${count('active')}` },
              { value: 'failed', label: `Failed ${count('failed')}` },
              { value: 'done', label: `Done ${count('done')}` },
              { value: 'skipped', label: `Skipped ${count('skipped')}` },
            ]}
            style={{ alignSelf: 'flex-start' }}
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
