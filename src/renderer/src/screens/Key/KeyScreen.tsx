import { SimpleGrid, Stack } from '@mantine/core'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingBlock } from '../../components/LoadingBlock'
import { ScreenHeader } from '../../components/ScreenHeader'
import { ExportKeyCard } from './ExportKeyCard'
import { ImportKeyCard } from './ImportKeyCard'
import { KeyStatusCard } from './KeyStatusCard'
import { ReplaceKeyCard } from './ReplaceKeyCard'

export function KeyScreen({ onNavigate }: ScreenProps): React.JSX.Element {
  const { key } = useLiveState()
  const keyState = key.value
  return (
    <Stack gap="lg">
      <ScreenHeader
        title="Your key"
        description="Sellers seal your files to your public key. The private key is stored on NumerBay encrypted, and only a signature from your wallet can unlock it. Once unlocked it stays in this app's memory until it auto-locks."
      />
      {!keyState && (key.error ? <ErrorNotice error={key.error} /> : <LoadingBlock label="Reading the key state…" />)}
      {keyState && (
        <>
          <KeyStatusCard keyState={keyState} onNavigate={onNavigate} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <ExportKeyCard keyState={keyState} />
            <ImportKeyCard />
          </SimpleGrid>
          {keyState.state !== 'signed-out' && <ReplaceKeyCard keyState={keyState} />}
        </>
      )}
    </Stack>
  )
}
