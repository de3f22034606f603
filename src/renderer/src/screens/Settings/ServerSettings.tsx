import { Alert, Button, Card, Code, Divider, Group, Stack, TextInput } from '@mantine/core'
import { IconFlask, IconWorld } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { Settings } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { notifySuccess } from '../../components/notify'
import { isLoopbackUrl } from '../../format/url'
import { useCall } from '../../hooks/useCall'
import { SettingRow } from './SettingRow'
import { CardTitle } from '../../components/CardTitle'
import { apiUrlProblem } from './validation'

const NUMERBAY_API = 'https://numerbay.ai/backend-api/v1'

/** Which NumerBay server to talk to, with a one-click local demo server for trying the app. */
export function ServerSettings({ settings }: { readonly settings: Settings }): React.JSX.Element {
  const api = useApi()
  const [apiUrl, setApiUrl] = useState(settings.apiUrl)
  const save = useCall((url: string) => api.updateSettings({ apiUrl: url }))
  const demo = useCall(() => api.startDemoServer())
  useEffect(() => setApiUrl(settings.apiUrl), [settings.apiUrl])
  const usingDemoServer = isLoopbackUrl(settings.apiUrl)
  const problem = apiUrlProblem(apiUrl)

  return (
    <Card>
      <CardTitle icon={IconWorld} mb="xs">Server</CardTitle>
      <SettingRow title="NumerBay API address" description="The real service, or a local NumerBay-compatible server. Changing it signs you out.">
        <Stack gap="xs">
          <TextInput value={apiUrl} onChange={(event) => setApiUrl(event.currentTarget.value)} aria-label="NumerBay API address" styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} data-testid="settings-api-url"
            error={problem}
          />
          <Group gap="xs">
            <Button size="xs" aria-label="Save API address" onClick={() => void save.run(apiUrl.trim()).then((r) => r.ok && notifySuccess('Server changed'))} disabled={apiUrl.trim() === settings.apiUrl || problem !== null} loading={save.running}>
              Save
            </Button>
            {settings.apiUrl !== NUMERBAY_API && (
              <Button size="xs" variant="subtle" onClick={() => void save.run(NUMERBAY_API)}>
                Use numerbay.ai
              </Button>
            )}
          </Group>
        </Stack>
      </SettingRow>
      <Divider />
      <SettingRow
        title="Try it with the demo server"
        description="Starts a local demo NumerBay with sample purchases on this computer and points the app at it. Nothing touches your real account."
      >
        <Stack gap="xs">
          <Button color="grape" variant="light" leftSection={<IconFlask size={16} />} onClick={() => void demo.run()} loading={demo.running} data-testid="use-demo">
            {usingDemoServer ? 'Restart the demo server' : 'Use the demo server'}
          </Button>
          {demo.value && (
            <Alert color="grape" variant="light" title="Demo running" data-testid="demo-info">
              API at <Code>{demo.value.apiUrl}</Code>.
              {demo.value.demoAddress && (
                <>
                  {' '}
                  Demo wallet <Code>{demo.value.demoAddress}</Code> (the demo signer, or the first Ledger Live account of the test mnemonic).
                </>
              )}
              {demo.value.demoLogin && (
                <>
                  {' '}
                  Demo login <Code>{demo.value.demoLogin.username}</Code> / <Code>{demo.value.demoLogin.password}</Code>.
                </>
              )}
            </Alert>
          )}
        </Stack>
      </SettingRow>
    </Card>
  )
}
