import { Badge, Tooltip } from '@mantine/core'
import { IconLock, IconLockOpen } from '@tabler/icons-react'
import type { Order } from '../../../../shared/ipc'

type OrderKeyStatus = Order['keyStatus']

const stateColor: Record<string, string> = { confirmed: 'teal', pending: 'yellow', expired: 'gray', invalid_currency: 'red' }

export function OrderStateBadge({ order }: { readonly order: Order }): React.JSX.Element {
  return (
    <Badge variant="light" size="sm" color={stateColor[order.state] ?? 'gray'} data-testid="order-state">
      {order.active ? 'active' : order.state === 'confirmed' ? (order.timing === 'future' ? 'upcoming' : 'past') : order.state.replace('_', ' ')}
    </Badge>
  )
}

export function EncryptionBadge({ encrypted }: { readonly encrypted: boolean }): React.JSX.Element {
  return (
    <Badge variant="outline" size="sm" color={encrypted ? 'bay' : 'gray'} leftSection={encrypted ? <IconLock size={11} /> : <IconLockOpen size={11} />}>
      {encrypted ? 'Sealed' : 'Plain'}
    </Badge>
  )
}

const keyStatusText: Record<OrderKeyStatus, { label: string; color: string; tip: string }> = {
  current: { label: 'Your key', color: 'teal', tip: 'Sealed to your current key.' },
  keyring: { label: 'Older key', color: 'cyan', tip: 'Sealed to an older key kept in your local keyring: still readable here.' },
  missing: { label: 'Key missing', color: 'red', tip: 'Sealed to a key you no longer have. Import that key file to read these files.' },
  unencrypted: { label: 'Not needed', color: 'gray', tip: 'The product is not encrypted.' },
}

export function KeyStatusBadge({ status }: { readonly status: OrderKeyStatus }): React.JSX.Element {
  const { label, color, tip } = keyStatusText[status]
  return (
    <Tooltip label={tip} multiline maw={260}>
      <Badge variant="dot" size="sm" color={color} data-testid="order-key-status" data-status={status}>
        {label}
      </Badge>
    </Tooltip>
  )
}
