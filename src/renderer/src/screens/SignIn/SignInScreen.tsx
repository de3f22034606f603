import { Anchor, SimpleGrid, Stack, Text } from '@mantine/core'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { LoadingBlock } from '../../components/LoadingBlock'
import { ScreenHeader } from '../../components/ScreenHeader'
import { useCall } from '../../hooks/useCall'
import { AccountCard } from './AccountCard'
import { PasswordSignIn } from './PasswordSignIn'
import { WalletSignIn } from './WalletSignIn'

export function SignInScreen({ onNavigate }: ScreenProps): React.JSX.Element {
  const api = useApi()
  const { session } = useLiveState()
  const signOut = useCall(() => api.signOut())
  const current = session.value

  return (
    <Stack gap="lg">
      <ScreenHeader
        title="Sign in"
        description={
          <>
            Sign in to your NumerBay account to see your purchases and your key.{' '}
            {current && (
              <Text span size="sm" c="dimmed">
                Server: <Text span ff="monospace" size="xs">{current.apiUrl}</Text> (
                <Anchor component="button" type="button" size="sm" onClick={() => onNavigate('settings')}>
                  change
                </Anchor>
                )
              </Text>
            )}
          </>
        }
      />
      {!current && <LoadingBlock label="Checking your session…" />}
      {current?.account && <AccountCard session={current} onSignOut={() => void signOut.run()} signingOut={signOut.running} onNavigate={onNavigate} />}
      {current && !current.account && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <WalletSignIn onNavigate={onNavigate} />
          <PasswordSignIn />
        </SimpleGrid>
      )}
    </Stack>
  )
}
