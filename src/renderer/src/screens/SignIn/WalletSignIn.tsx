import { Button, Card, Group, Stack, Text } from '@mantine/core'
import { IconPlugConnected, IconSignature } from '@tabler/icons-react'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import type { ScreenId } from '../../app/screens'
import { Address } from '../../components/Address'
import { ErrorNotice } from '../../components/ErrorNotice'
import { SignerIcon } from '../../components/SignerIcon'
import { SigningPrompt } from '../../components/SigningPrompt'
import { useCall } from '../../hooks/useCall'
import { CardTitle } from '../../components/CardTitle'

/** Web3 sign-in: the connected wallet signs NumerBay's one-time nonce. */
export function WalletSignIn({ onNavigate }: { readonly onNavigate: (id: ScreenId) => void }): React.JSX.Element {
  const api = useApi()
  const { signer } = useLiveState()
  const signIn = useCall(() => api.signInWithWallet(), { notify: false })
  const current = signer.value
  const canSign = !!current && current.kind !== 'key-file'

  return (
    <Card data-testid="wallet-sign-in">
      <CardTitle icon={IconSignature} mb="xs">With your wallet</CardTitle>
      <Text size="sm" c="dimmed" mb="md">
        Sign a one-time message (no transaction, no fee). This is how you sign in on numerbay.ai with MetaMask.
      </Text>
      {canSign && current ? (
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap">
            <SignerIcon kind={current.kind} />
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} truncate="end">
                {current.label}
              </Text>
              {current.address && <Address address={current.address} size="xs" />}
            </div>
          </Group>
          <SigningPrompt active={signIn.running} purpose="to sign in to NumerBay" />
          <ErrorNotice error={signIn.error} onClose={signIn.reset} />
          <Button onClick={() => void signIn.run()} loading={signIn.running} leftSection={<IconSignature size={18} />} data-testid="sign-in-wallet">
            Sign in with {current.kind === 'ledger' ? 'Ledger' : current.kind === 'walletconnect' ? 'phone wallet' : 'demo wallet'}
          </Button>
        </Stack>
      ) : (
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{current?.kind === 'key-file' ? 'A key file cannot sign in. Connect a wallet first.' : 'Connect a Ledger or a phone wallet first.'}</Text>
          <Button variant="light" leftSection={<IconPlugConnected size={18} />} onClick={() => onNavigate('connect')}>
            Connect a wallet
          </Button>
        </Stack>
      )}
    </Card>
  )
}
