import { ActionIcon, Button, Group, Tooltip } from '@mantine/core'
import { IconPlayerPause, IconPlayerPlay, IconPlayerTrackNext, IconRefresh, IconX } from '@tabler/icons-react'
import type { FileProgressView } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useCall } from '../../hooks/useCall'
import { isMoving } from './downloadsView'

/** Pause, resume, cancel, retry and "retry now" for one file; every control names the file it acts on. */
export function FileControls({ file }: { readonly file: FileProgressView }): React.JSX.Element | null {
  const api = useApi()
  const pause = useCall(() => api.pauseDownload({ key: file.key }))
  const resume = useCall(() => api.resumeDownload({ key: file.key }))
  const cancel = useCall(() => api.cancelDownload({ key: file.key }))
  const retryNow = useCall(() => api.retryDownloadsNow({ key: file.key }))
  const moving = isMoving(file.state)
  if (file.state === 'cancelled') {
    return (
      <Button size="compact-xs" variant="light" leftSection={<IconRefresh size={12} />} onClick={() => void resume.run()} loading={resume.running} aria-label={`Retry ${file.name}`} data-testid="file-retry">
        Retry
      </Button>
    )
  }
  if (!moving && file.state !== 'paused') return null
  return (
    <Group gap={2} wrap="nowrap">
      {file.retry && (
        <Tooltip label="Try again now instead of waiting">
          <ActionIcon variant="subtle" color="orange" onClick={() => void retryNow.run()} loading={retryNow.running} aria-label={`Retry ${file.name} now`} data-testid="file-retry-now">
            <IconPlayerTrackNext size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      {moving ? (
        <Tooltip label="Pause">
          <ActionIcon variant="subtle" color="gray" onClick={() => void pause.run()} loading={pause.running} aria-label={`Pause ${file.name}`}>
            <IconPlayerPause size={16} />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Tooltip label={file.error?.code === 'VAULT_LOCKED' ? 'Unlock your key and resume' : 'Resume'}>
          <ActionIcon variant="subtle" color="bay" onClick={() => void resume.run()} loading={resume.running} aria-label={`Resume ${file.name}`}>
            <IconPlayerPlay size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <Tooltip label="Cancel (its partial download is discarded)">
        <ActionIcon variant="subtle" color="red" onClick={() => void cancel.run()} loading={cancel.running} aria-label={`Cancel ${file.name}`}>
          <IconX size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
