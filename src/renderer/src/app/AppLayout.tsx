import { AppShell, Burger, Container, Group, ScrollArea } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useScreen } from '../hooks/useScreen'
import { Brand } from './Brand'
import { HeaderStatus } from './HeaderStatus'
import { useLiveState } from './LiveState'
import { NavFooter } from './NavFooter'
import { Navigation } from './Navigation'
import { ScreenView } from './ScreenView'
import type { ScreenId } from './screens'

/** The window: header with status, side navigation (a drawer on narrow windows), and the current screen. */
export function AppLayout(): React.JSX.Element {
  const [opened, { toggle, close }] = useDisclosure(false)
  const [screen, setScreen] = useScreen('connect')
  const { downloads } = useLiveState()
  const go = (id: ScreenId): void => {
    setScreen(id)
    close()
  }
  const activeDownloads = downloads.value?.files.filter((file) => file.state === 'downloading' || file.state === 'decrypting' || file.state === 'queued').length ?? 0
  const failedDownloads = downloads.value?.overall.failed ?? 0

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: { base: 220, lg: 260 }, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', md: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Brand />
          </Group>
          <HeaderStatus onNavigate={go} />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea} type="scroll">
          <Navigation
            current={screen}
            onSelect={go}
            badges={{
              downloads: activeDownloads > 0 ? { label: activeDownloads } : failedDownloads > 0 ? { label: `${failedDownloads} failed`, color: 'red' } : undefined,
            }}
          />
        </AppShell.Section>
        <AppShell.Section pt="sm">
          <NavFooter />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Container size="lg" px={0} data-screen-view={screen}>
          <ScreenView screen={screen} onNavigate={go} />
        </Container>
      </AppShell.Main>
    </AppShell>
  )
}
