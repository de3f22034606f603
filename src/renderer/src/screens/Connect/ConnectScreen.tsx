import { SimpleGrid, Stack, Tabs } from '@mantine/core'
import { IconDeviceMobile, IconFileCode, IconFlask, IconUsb } from '@tabler/icons-react'
import { useState } from 'react'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { ScreenHeader } from '../../components/ScreenHeader'
import { isLoopbackUrl } from '../../format/url'
import { CurrentSigner } from './CurrentSigner'
import { DemoSignerPanel } from './DemoSignerPanel'
import { KeyFilePanel } from './KeyFilePanel'
import { LedgerAccountPicker } from './LedgerAccountPicker'
import { LedgerDevicePanel } from './LedgerDevicePanel'
import { WalletConnectPanel } from './WalletConnectPanel'

type Tab = 'ledger' | 'walletconnect' | 'key-file' | 'demo'

export function ConnectScreen({ onNavigate }: ScreenProps): React.JSX.Element {
  const { ledger, signer, session, settings, walletConnect } = useLiveState()
  const demo = settings.value !== undefined && isLoopbackUrl(settings.value.apiUrl)
  const initial: Tab = signer.value?.kind === 'walletconnect' || walletConnect.value?.state === 'pairing' ? 'walletconnect' : signer.value?.kind === 'key-file' ? 'key-file' : 'ledger'
  const [tab, setTab] = useState<Tab>(initial)
  const deviceReady = ledger.value?.state === 'ready' || ledger.value?.state === 'awaiting-confirmation'

  return (
    <Stack gap="lg">
      <ScreenHeader
        title="Connect"
        description="Your wallet signs NumerBay's messages to sign you in and to unlock your encryption key. Keys never leave the device or phone; only signatures do."
      />
      {signer.value !== undefined && <CurrentSigner signer={signer.value} signedIn={!!session.value?.account} onNavigate={onNavigate} />}
      <Tabs value={tab} onChange={(value) => value && setTab(value as Tab)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="ledger" leftSection={<IconUsb size={16} />}>
            Ledger
          </Tabs.Tab>
          <Tabs.Tab value="walletconnect" leftSection={<IconDeviceMobile size={16} />}>
            Phone wallet
          </Tabs.Tab>
          <Tabs.Tab value="key-file" leftSection={<IconFileCode size={16} />}>
            Key file
          </Tabs.Tab>
          {demo && (
            <Tabs.Tab value="demo" leftSection={<IconFlask size={16} />} color="grape">
              Demo
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="ledger">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
            <LedgerDevicePanel status={ledger.value} />
            <LedgerAccountPicker deviceReady={deviceReady} />
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="walletconnect">
          <WalletConnectPanel />
        </Tabs.Panel>
        <Tabs.Panel value="key-file">
          <KeyFilePanel />
        </Tabs.Panel>
        {demo && (
          <Tabs.Panel value="demo">
            <DemoSignerPanel />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  )
}
