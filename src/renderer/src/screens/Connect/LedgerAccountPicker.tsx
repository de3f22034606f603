import { Alert, Button, Card, Group, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { IconRefresh, IconRoute } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import type { LedgerAccountView, LedgerAccounts } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingBlock } from '../../components/LoadingBlock'
import { sameAddress, shortAddress } from '../../format/address'
import { useCall } from '../../hooks/useCall'
import { LedgerAccountRow } from './LedgerAccountRow'

const schemeTitle: Record<LedgerAccountView['scheme'], string> = {
  'ledger-live': 'Ledger Live accounts',
  legacy: 'Legacy accounts (MyEtherWallet, MyCrypto)',
  custom: 'Custom path',
}

/**
 * Accounts of both derivation schemes. The one matching the NumerBay account is picked and connected
 * automatically; without a NumerBay account (and no signer yet) the first Ledger Live account is.
 */
export function LedgerAccountPicker({ deviceReady }: { readonly deviceReady: boolean }): React.JSX.Element {
  const api = useApi()
  const { session, signer } = useLiveState()
  const expected = session.value?.account?.publicAddress ?? null
  const list = useCall((count: number) => api.listLedgerAccounts({ count }), { notify: false })
  const connect = useCall((path: string) => api.connectLedger({ path }))
  const [selected, setSelected] = useState<string | null>(null)
  const [customPath, setCustomPath] = useState('')
  const [count, setCount] = useState(5)
  const scan = (n: number): void => {
    setCount(n)
    void list.run(n)
  }
  const autoConnected = useRef<string | null>(null)
  const accounts: LedgerAccounts | undefined = list.value
  const current = signer.value

  // Scan when the device becomes ready and again when the NumerBay account changes.
  useEffect(() => {
    if (deviceReady) void list.run(count)
  }, [deviceReady, expected, list.run])

  useEffect(() => {
    if (!accounts) return
    const inUse = current?.kind === 'ledger' ? accounts.accounts.find((account) => sameAddress(account.address, current.address)) : undefined
    const proposal = accounts.matched ?? inUse ?? accounts.accounts.find((account) => account.scheme === 'ledger-live') ?? null
    setSelected((previous) => previous ?? proposal?.path ?? null)
    // Pick for the person: the NumerBay account's wallet when found, else (nothing connected yet) the first
    // Ledger Live account, as Ledger Live and MetaMask would. Once per path, so a manual choice sticks.
    const pick = accounts.matched ?? (current === null ? proposal : null)
    if (pick && !sameAddress(current?.address, pick.address) && autoConnected.current !== pick.path) {
      autoConnected.current = pick.path
      setSelected(pick.path)
      void connect.run(pick.path)
    }
  }, [accounts, current, connect.run])

  if (!deviceReady && !accounts) {
    return (
      <Card>
        <Title order={2} size="h4" mb="xs">
          Accounts
        </Title>
        <Text size="sm" c="dimmed">
          Your accounts appear here once the Ledger is unlocked with the Ethereum app open.
        </Text>
      </Card>
    )
  }

  const byScheme = (scheme: LedgerAccountView['scheme']): LedgerAccountView[] => accounts?.accounts.filter((account) => account.scheme === scheme) ?? []
  const noMatch = accounts !== undefined && accounts.expectedAddress !== null && accounts.matched === null

  return (
    <Card data-testid="ledger-accounts">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Accounts
        </Title>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconRefresh size={14} />}
          onClick={() => scan(count)}
          loading={list.running}
          disabled={!deviceReady}
        >
          Scan again
        </Button>
      </Group>

      {list.running && !accounts && <LoadingBlock label="Reading addresses from your Ledger…" minHeight={120} />}
      <ErrorNotice error={list.error} onRetry={() => scan(count)} />

      {accounts && (
        <Stack gap="md">
          {accounts.matched && (
            <Alert color="teal" variant="light" title="Found your NumerBay account" data-testid="ledger-matched">
              {shortAddress(accounts.matched.address)} at {accounts.matched.path} is the wallet of your NumerBay account and was picked for you.
            </Alert>
          )}
          {noMatch && (
            <Alert color="orange" variant="light" title="None of these accounts is your NumerBay wallet" data-testid="ledger-no-match">
              Your NumerBay account uses {shortAddress(accounts.expectedAddress)}. Scan more accounts, try a custom path, or check that this is the
              Ledger (and passphrase) you used on numerbay.ai.
              <Button size="xs" variant="light" color="orange" mt="xs" onClick={() => scan(20)} loading={list.running}>
                Scan 20 accounts per scheme
              </Button>
            </Alert>
          )}
          <Radio.Group value={selected} onChange={setSelected} name="ledger-account" aria-label="Ledger account">
            <Stack gap="md">
              {(['ledger-live', 'legacy'] as const).map((scheme) =>
                byScheme(scheme).length === 0 ? null : (
                  <div key={scheme}>
                    <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
                      {schemeTitle[scheme]}
                    </Text>
                    <Table.ScrollContainer minWidth={300}>
                      <Table verticalSpacing={6} highlightOnHover>
                        <Table.Tbody>
                          {byScheme(scheme).map((account) => (
                            <LedgerAccountRow
                              key={account.path}
                              account={account}
                              matched={accounts.matched?.path === account.path}
                              inUse={current?.kind === 'ledger' && sameAddress(current.address, account.address)}
                            />
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                  </div>
                ),
              )}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button onClick={() => selected && void connect.run(selected)} disabled={!selected || !deviceReady} loading={connect.running} data-testid="use-ledger-account">
              Use this account
            </Button>
          </Group>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              label="Custom derivation path"
              placeholder="44'/60'/0'/0/0"
              value={customPath}
              onChange={(event) => setCustomPath(event.currentTarget.value)}
              leftSection={<IconRoute size={16} />}
              style={{ flex: 1 }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <Button variant="default" onClick={() => void connect.run(customPath.trim())} disabled={!customPath.trim() || !deviceReady} loading={connect.running}>
              Use path
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  )
}
