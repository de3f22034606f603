import { ActionIcon, Group, Tooltip } from '@mantine/core'
import { IconPlayerPause, IconPlayerPlay, IconX } from '@tabler/icons-react'
import type { FileProgressView } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useCall } from '../../hooks/useCall'
import { isRunning } from './fileState'

/** Pause, resume and cancel for one file. */
export function FileControls({ file }: { readonly file: FileProgressView }): React.JSX.Element | null {
  const api = useApi()
  const pause = useCall(() => api.pauseDownload({ key: file.key }))
  const resume = useCall(() => api.resumeDownload({ key: file.key }))
  const cancel = useCall(() => api.cancelDownload({ key: file.key }))
  const running = isRunning(file.state)
  if (!running && file.state !== 'paused') return null
  return (
    <Group gap={2} wrap="nowrap">
      {running ? (
        <Tooltip label="Pause">
          <ActionIcon variant="subtle" color="gray" onClick={() => void pause.run()} loading={pause.running} aria-label={`Pause ${file.name}`}>
            <IconPlayerPause size={16} />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Tooltip label="Resume">
          <ActionIcon variant="subtle" color="bay" onClick={() => void resume.run()} loading={resume.running} aria-label={`Resume ${file.name}`}>
            <IconPlayerPlay size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <Tooltip label="Cancel">
        <ActionIcon variant="subtle" color="red" onClick={() => void cancel.run()} loading={cancel.running} aria-label={`Cancel ${file.name}`}>
          <IconX size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
