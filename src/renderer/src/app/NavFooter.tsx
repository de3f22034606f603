import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core'
import { IconFlask, IconWorld } from '@tabler/icons-react'
import { hostOf, isLoopbackUrl } from '../format/url'
import { useLoad } from '../hooks/useCall'
import { useApi } from './ApiContext'
import { useLiveState } from './LiveState'

/** Which server the app talks to (the demo server is obvious at a glance) and the version. */
export function NavFooter(): React.JSX.Element {
  const api = useApi()
  const { settings } = useLiveState()
  const info = useLoad(() => api.getAppInfo())
  const apiUrl = settings.value?.apiUrl
  const demo = apiUrl !== undefined && isLoopbackUrl(apiUrl)
  return (
    <Stack gap={6}>
      {apiUrl && (
        <Tooltip label={apiUrl} multiline maw={320}>
          <Badge
            variant="light"
            color={demo ? 'grape' : 'gray'}
            leftSection={demo ? <IconFlask size={12} /> : <IconWorld size={12} />}
            styles={{ label: { textTransform: 'none' } }}
            data-testid="server-badge"
          >
            {demo ? 'Demo server' : hostOf(apiUrl)}
          </Badge>
        </Tooltip>
      )}
      {info.value && (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            v{info.value.version}
            {info.value.shell === 'preview' ? ' · browser preview' : ''}
          </Text>
        </Group>
      )}
    </Stack>
  )
}
