import { Alert, Button, Group, Text } from '@mantine/core'
import { IconWifiOff } from '@tabler/icons-react'
import type { DownloadsSnapshot } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useCall } from '../../hooks/useCall'
import { useNow } from '../../hooks/useNow'
import { giveUpText, remainingMs, retryText, soonestRetry } from './downloadsView'

/**
 * While files wait to retry: why, when the next attempt comes and which attempt it is, how long before a file
 * without data is marked failed, and "Retry now".
 */
export function ConnectionNotice({ snapshot }: { readonly snapshot: DownloadsSnapshot }): React.JSX.Element | null {
  const api = useApi()
  const retryNow = useCall(() => api.retryDownloadsNow())
  const soonest = soonestRetry(snapshot.files)
  const now = useNow(1000, soonest !== null)
  if (!soonest || !snapshot.running) return null
  const { retry } = soonest
  const others = snapshot.overall.retrying - 1
  return (
    <Alert variant="light" color="orange" icon={<IconWifiOff />} title={retryText(retry, remainingMs(retry.inMs, snapshot.updatedAt, now))} role="status" data-testid="connection-notice">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">
          {others > 0 ? `${others + 1} files are waiting to try again. ` : ''}
          {giveUpText(remainingMs(retry.giveUpInMs, snapshot.updatedAt, now))} Finished files and partial downloads are kept.
        </Text>
        <Button size="xs" variant="default" onClick={() => void retryNow.run()} loading={retryNow.running} data-testid="retry-now">
          Retry now
        </Button>
      </Group>
    </Alert>
  )
}
