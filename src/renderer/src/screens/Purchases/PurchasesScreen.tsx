import { Alert, Button, Card, EmptyState, Group, Stack, Text } from '@mantine/core'
import { IconCloudDownload, IconDownload, IconLock, IconLogin2, IconShoppingBagX } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { DownloadSelection } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useDownloads } from '../../app/DownloadsState'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { ErrorNotice } from '../../components/ErrorNotice'
import { FolderField } from '../../components/FolderField'
import { LoadingBlock } from '../../components/LoadingBlock'
import { ScreenHeader } from '../../components/ScreenHeader'
import { isUnlocked } from '../../format/keyState'
import { useCall, useLoad } from '../../hooks/useCall'
import { useChooseDownloadDir } from '../../hooks/useChooseDownloadDir'
import { manualSyncBlocked } from '../Downloads/watchView'
import { filterOrders, type OrderSortKey, type StateFilter } from './orderFilter'
import { OrdersTable } from './OrdersTable'
import { PurchasesToolbar } from './PurchasesToolbar'
import type { SortDirection } from './SortableTh'

export function PurchasesScreen({ onNavigate }: ScreenProps): React.JSX.Element {
  const { session } = useLiveState()
  if (!session.value?.account) return <SignedOut onNavigate={onNavigate} />
  return <Purchases onNavigate={onNavigate} accountId={session.value.account.id} />
}

function Purchases({ onNavigate, accountId }: ScreenProps & { readonly accountId: number }): React.JSX.Element {
  const api = useApi()
  const { key, settings, watch } = useLiveState()
  const locked = !isUnlocked(key.value)
  // Key status per order depends on the unlocked key: reload when it changes.
  const orders = useLoad(() => api.listOrders({ includeInactive: true }), [accountId, locked, key.value?.publicKey])
  const folderPicker = useChooseDownloadDir('Where should purchases be saved?')
  // Shown beside the destination (a folder that cannot take the files), not as a passing notification.
  const start = useCall((selection: DownloadSelection) => api.startDownloads(selection), { notify: false })
  const running = useDownloads().value?.running ?? false
  const watching = manualSyncBlocked(watch.value)
  const syncing = running || watching !== null
  const busyReason = running ? 'A sync is running. Wait for it, or pause or cancel it on the Downloads screen.' : watching
  const [text, setText] = useState('')
  const [state, setState] = useState<StateFilter>('active')
  const [sortBy, setSortBy] = useState<OrderSortKey>('date')
  const [direction, setDirection] = useState<SortDirection>('desc')
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const destination = settings.value?.downloadDir ?? null

  const rows = useMemo(() => filterOrders(orders.value?.orders ?? [], { text, state, sortBy, direction }), [orders.value, text, state, sortBy, direction])
  const activeCount = orders.value?.orders.filter((order) => order.active).length ?? 0

  const sort = (column: OrderSortKey): void => {
    if (column === sortBy) setDirection(direction === 'asc' ? 'desc' : 'asc')
    else {
      setSortBy(column)
      setDirection(column === 'product' ? 'asc' : 'desc')
    }
  }

  const download = async (selection: DownloadSelection): Promise<void> => {
    start.reset()
    const folder = destination ?? (await folderPicker.pick())
    if (!folder) return
    const result = await start.run({ ...selection, destination: folder })
    if (result.ok) onNavigate('downloads')
  }

  return (
    <Stack gap="lg">
      <ScreenHeader
        title="Purchases"
        description={orders.value?.orders && orders.value.sellingRound !== null ? `Selling round ${orders.value.sellingRound}. Active orders cover this round and can be downloaded.` : 'Your NumerBay orders and their files.'}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              disabled={selected.size === 0 || syncing}
              title={busyReason ?? undefined}
              loading={start.running && selected.size > 0}
              onClick={() => void download({ scope: 'all', orderIds: [...selected] })}
              data-testid="download-selected"
            >
              Download selected{selected.size > 0 ? ` (${selected.size})` : ''}
            </Button>
            <Button
              leftSection={<IconCloudDownload size={18} />}
              disabled={activeCount === 0 || syncing}
              title={busyReason ?? undefined}
              loading={start.running && selected.size === 0}
              onClick={() => void download({ scope: 'active' })}
              data-testid="sync-all"
            >
              Sync all active
            </Button>
          </>
        }
      />

      <Card padding="sm">
        <Stack gap="sm">
          <FolderField
            label="Destination folder"
            path={destination}
            placeholder="Choose where files are saved"
            onChoose={() => void folderPicker.pick()}
            choosing={folderPicker.running}
            testId="destination"
            disabledReason={busyReason}
          />
          {syncing && (
            <Group gap="xs" data-testid="sync-running-note">
              <Text size="sm" c="dimmed">
                {running ? 'Syncing and changing the folder wait until the running sync ends.' : 'Stop watching on the Downloads screen to sync by hand.'}
              </Text>
              <Button size="compact-sm" variant="subtle" onClick={() => onNavigate('downloads')}>
                Show downloads
              </Button>
            </Group>
          )}
          <ErrorNotice error={start.error} onClose={start.reset} />
        </Stack>
      </Card>

      {locked && activeCount > 0 && (
        <Alert variant="light" color="bay" icon={<IconLock />} title="Your key is locked" data-testid="purchases-locked">
          <Group justify="space-between" gap="sm">
            <Text size="sm">Unlock it to check which orders you can decrypt. Syncing asks your wallet for the unlock too.</Text>
            <Button size="xs" variant="light" onClick={() => onNavigate('key')}>
              Unlock
            </Button>
          </Group>
        </Alert>
      )}

      <PurchasesToolbar text={text} onText={setText} state={state} onState={setState} />

      {orders.loading && !orders.value && <LoadingBlock label="Loading your orders…" />}
      <ErrorNotice error={orders.error} onRetry={() => void orders.reload()} />
      {orders.value && rows.length === 0 && (
        <Card>
          <EmptyState
            icon={<IconShoppingBagX size={28} />}
            title={orders.value.orders.length === 0 ? 'No purchases yet' : 'No orders match'}
            description={
              orders.value.orders.length === 0
                ? 'Orders you place on numerbay.ai appear here with their files.'
                : state === 'active'
                  ? 'No active orders match. Show all orders to see past and pending ones.'
                  : 'Try another filter.'
            }
            data-testid="orders-empty"
          />
        </Card>
      )}
      {orders.value && rows.length > 0 && (
        <Card padding={0}>
          <OrdersTable orders={rows} selected={selected} onSelectionChange={setSelected} sortBy={sortBy} direction={direction} onSort={sort} />
        </Card>
      )}
    </Stack>
  )
}

function SignedOut({ onNavigate }: ScreenProps): React.JSX.Element {
  return (
    <Stack gap="lg">
      <ScreenHeader title="Purchases" />
      <Card>
        <EmptyState
          icon={<IconLogin2 size={28} />}
          variant="light"
          title="Sign in to see your purchases"
          description="Your orders and their files are listed once you are signed in to NumerBay."
          data-testid="purchases-signed-out"
        >
          <EmptyState.Actions>
            <Button onClick={() => onNavigate('sign-in')}>Sign in</Button>
          </EmptyState.Actions>
        </EmptyState>
      </Card>
    </Stack>
  )
}
