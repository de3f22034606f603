import { AppShell, Burger, Container, Group, ScrollArea } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useNotifications } from '@mantine/notifications'
import { useScreen } from '../hooks/useScreen'
import { Brand } from './Brand'
import { useDownloads } from './DownloadsState'
import { HeaderStatus } from './HeaderStatus'
import { NavFooter } from './NavFooter'
import { NOTIFICATION_STRIP_HEIGHT, NotificationStrip } from './NotificationStrip'
import { useAutoLockAnnouncement } from './useAutoLockAnnouncement'
import { Navigation, type NavBadge } from './Navigation'
import { ScreenView } from './ScreenView'
import type { ScreenId } from './screens'

/** The window: header with status, side navigation (a drawer on narrow windows), and the current screen. */
export function AppLayout(): React.JSX.Element {
  const [opened, { toggle, close }] = useDisclosure(false)
  const [screen, setScreen] = useScreen('connect')
  const notifying = useNotifications().notifications.length > 0
  useAutoLockAnnouncement()
  const go = (id: ScreenId): void => {
    setScreen(id)
    close()
  }

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: { base: 220, lg: 260 }, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      footer={{ height: NOTIFICATION_STRIP_HEIGHT, collapsed: !notifying }}
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
        {/* A visible scrollbar whenever the list does not fit: nothing hides under the footer unseen. */}
        <AppShell.Section grow component={ScrollArea} type="auto" offsetScrollbars>
          <NavigationWithBadges current={screen} onSelect={go} />
        </AppShell.Section>
        <AppShell.Section pt="sm">
          <NavFooter />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Footer withBorder={notifying}>
        <NotificationStrip />
      </AppShell.Footer>

      <AppShell.Main>
        <Container size="lg" px={0} data-screen-view={screen}>
          <ScreenView screen={screen} onNavigate={go} />
        </Container>
      </AppShell.Main>
    </AppShell>
  )
}

/**
 * The navigation with its live badges. It reads the downloads stream itself, so that a sync's progress
 * re-renders the navigation only, not the layout, the header and the current screen.
 */
function NavigationWithBadges(props: { readonly current: ScreenId; readonly onSelect: (id: ScreenId) => void }): React.JSX.Element {
  const downloads = useDownloads().value
  const active = downloads?.files.filter((file) => file.state === 'downloading' || file.state === 'decrypting' || file.state === 'queued').length ?? 0
  const failed = downloads?.overall.failed ?? 0
  const badge: NavBadge | undefined = active > 0 ? { label: active } : failed > 0 ? { label: `${failed} failed`, color: 'red' } : undefined
  return <Navigation {...props} badges={{ downloads: badge }} />
}
