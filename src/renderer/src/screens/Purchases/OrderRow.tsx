import { ActionIcon, Checkbox, Collapse, Table, Text } from '@mantine/core'
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react'
import type { Order } from '../../../../shared/ipc'
import { formatRounds } from '../../format/rounds'
import { ArtifactList } from './ArtifactList'
import { EncryptionBadge, KeyStatusBadge, OrderStateBadge } from './OrderBadges'

interface OrderRowProps {
  readonly order: Order
  readonly selected: boolean
  readonly onSelect: (selected: boolean) => void
  readonly expanded: boolean
  readonly onToggle: () => void
}

const COLUMNS = 7

export function OrderRow({ order, selected, onSelect, expanded, onToggle }: OrderRowProps): React.JSX.Element {
  return (
    <>
      <Table.Tr data-testid="order-row" data-order-id={order.id} bg={selected ? 'var(--mantine-primary-color-light)' : undefined}>
        <Table.Td w={36}>
          <Checkbox checked={selected} onChange={(event) => onSelect(event.currentTarget.checked)} aria-label={`Select ${order.productName}`} />
        </Table.Td>
        <Table.Td w={36}>
          <ActionIcon variant="subtle" color="gray" onClick={onToggle} aria-expanded={expanded} aria-label={`${expanded ? 'Hide' : 'Show'} files of ${order.productName}`}>
            {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={600} data-testid="order-product">
            {order.productName}
          </Text>
          {order.category && (
            <Text size="xs" c="dimmed">
              {order.category}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="sm">{formatRounds(order.rounds)}</Text>
        </Table.Td>
        <Table.Td>
          <OrderStateBadge order={order} />
        </Table.Td>
        <Table.Td visibleFrom="sm">
          <EncryptionBadge encrypted={order.buyerPublicKey !== null} />
        </Table.Td>
        <Table.Td>
          <KeyStatusBadge status={order.keyStatus} />
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={COLUMNS} bg="var(--mantine-color-default-hover)" px="xl">
            <Collapse expanded={expanded}>
              <ArtifactList orderId={order.id} orderActive={order.active} />
            </Collapse>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  )
}
