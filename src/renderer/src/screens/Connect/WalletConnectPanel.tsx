import { Alert, Button, Card, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconDeviceMobile, IconQrcode } from '@tabler/icons-react'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import { LoadingBlock } from '../../components/LoadingBlock'
import { formatCountdown } from '../../format/duration'
import { useCall } from '../../hooks/useCall'
import { useNow } from '../../hooks/useNow'
import { ConfirmOnDevice } from './ConfirmOnDevice'
import { WalletConnectQr } from './WalletConnectQr'
import { WalletConnectSession } from './WalletConnectSession'
import { CardTitle } from '../../components/CardTitle'

/** Pair a phone wallet: QR and link, the live countdown, then the connected wallet and its approvals. */
export function WalletConnectPanel(): React.JSX.Element {
  const api = useApi()
  const { walletConnect, signer } = useLiveState()
  const pair = useCall(() => api.pairWalletConnect())
  const cancel = useCall(() => api.cancelWalletConnect())
  const disconnect = useCall(() => api.disconnectWalletConnect())
  const switchToPhone = useCall(() => api.useWalletConnectSigner())
  const status = walletConnect.value

  return (
    <Card data-testid="walletconnect" data-state={status?.state ?? 'unknown'}>
      <CardTitle icon={IconDeviceMobile} mb="md">Phone wallet</CardTitle>
      {!status && <LoadingBlock label="Checking for a saved wallet session…" />}
      {status?.state === 'idle' && (
        <Stack gap="md" align="flex-start">
          <Text size="sm" c="dimmed">
            Connect MetaMask Mobile, Rainbow, Trust Wallet or any WalletConnect wallet. The app shows a QR code; you approve the connection and
            each signature on your phone. Nothing is sent to your phone but signature requests.
          </Text>
          <Button leftSection={<IconQrcode size={18} />} onClick={() => void pair.run()} loading={pair.running} data-testid="walletconnect-pair">
            Show pairing QR code
          </Button>
        </Stack>
      )}
      {status?.state === 'pairing' && (
        <WalletConnectQr uri={status.uri} qrDataUrl={status.qrDataUrl} expiresAt={status.expiresAt} onCancel={() => void cancel.run()} cancelling={cancel.running} />
      )}
      {status?.state === 'connected' && (
        <Stack gap="md">
          {signer.value && signer.value.kind !== 'walletconnect' && (
            <Alert color="gray" variant="light" title="Another signer is in use" data-testid="walletconnect-not-signer">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{signer.value.label} signs for now. This phone wallet stays paired.</Text>
                <Button size="xs" onClick={() => void switchToPhone.run()} loading={switchToPhone.running} data-testid="walletconnect-use-signer">
                  Sign with this phone instead
                </Button>
              </Stack>
            </Alert>
          )}
          <WalletConnectSession session={status.session} onDisconnect={() => void disconnect.run()} disconnecting={disconnect.running} />
        </Stack>
      )}
      {status?.state === 'awaiting-approval' && (
        <Stack gap="md">
          <AwaitingApproval expiresAt={status.expiresAt} />
          <WalletConnectSession session={status.session} onDisconnect={() => void disconnect.run()} disconnecting={disconnect.running} />
        </Stack>
      )}
      {status?.state === 'expired' && (
        <Stack gap="md" align="flex-start">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title={status.reason === 'session-deleted' ? 'The wallet ended the session' : 'The session expired'}>
            Pair your wallet again to keep signing from the phone.
          </Alert>
          <Button leftSection={<IconQrcode size={18} />} onClick={() => void pair.run()} loading={pair.running}>
            Pair again
          </Button>
        </Stack>
      )}
      {status?.state === 'relay-unreachable' && (
        <Stack gap="md" align="flex-start">
          <Alert color="red" variant="light" icon={<IconAlertTriangle />} title="The WalletConnect relay cannot be reached" data-testid="walletconnect-relay-down">
            {status.relayUrl} did not answer. Check your internet connection or firewall, then try again.
          </Alert>
          <Button onClick={() => void pair.run()} loading={pair.running}>
            Try again
          </Button>
        </Stack>
      )}
    </Card>
  )
}

function AwaitingApproval({ expiresAt }: { readonly expiresAt: number }): React.JSX.Element {
  const now = useNow(1000)
  return (
    <ConfirmOnDevice title="Approve on your phone">
      Your wallet shows a signature request. Check it and approve it there ({formatCountdown(expiresAt - now)} left).
    </ConfirmOnDevice>
  )
}
