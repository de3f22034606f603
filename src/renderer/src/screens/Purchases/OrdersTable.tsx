import { Checkbox, Table, VisuallyHidden } from '@mantine/core'
import { useState } from 'react'
import type { Order } from '../../../../shared/ipc'
import type { OrderSortKey } from './orderFilter'
import { OrderRow } from './OrderRow'
import { SortableTh, type SortDirection } from './SortableTh'

interface OrdersTableProps {
  readonly orders: readonly Order[]
  readonly selected: ReadonlySet<number>
  readonly onSelectionChange: (selected: Set<number>) => void
  readonly sortBy: OrderSortKey
  readonly direction: SortDirection
  readonly onSort: (column: OrderSortKey) => void
}

export function OrdersTable({ orders, selected, onSelectionChange, sortBy, direction, onSort }: OrdersTableProps): React.JSX.Element {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set())
  const allSelected = orders.length > 0 && orders.every((order) => selected.has(order.id))
  const someSelected = orders.some((order) => selected.has(order.id))
  const sortProps = { sortBy, direction, onSort }

  const toggle = (id: number): void => {
    const next = new Set(expanded)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setExpanded(next)
  }
  const select = (id: number, on: boolean): void => {
    const next = new Set(selected)
    if (on) next.add(id)
    else next.delete(id)
    onSelectionChange(next)
  }

  return (
    <Table.ScrollContainer minWidth={560}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="orders-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                checked={allSelected}
                indeterminate={someSelected && !allSelected}
                onChange={(event) => onSelectionChange(event.currentTarget.checked ? new Set(orders.map((order) => order.id)) : new Set())}
                aria-label="Select all shown orders"
              />
            </Table.Th>
            <Table.Th w={36}>
              <VisuallyHidden>Files</VisuallyHidden>
            </Table.Th>
            <SortableTh column="product" {...sortProps}>
              Product
            </SortableTh>
            <SortableTh column="rounds" {...sortProps}>
              Rounds
            </SortableTh>
            <SortableTh column="state" {...sortProps}>
              State
            </SortableTh>
            <Table.Th visibleFrom="sm">Encryption</Table.Th>
            <SortableTh column="keyStatus" {...sortProps}>
              Key
            </SortableTh>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((order) => (
            <OrderRow
              key={order.id}
              order={order}
              selected={selected.has(order.id)}
              onSelect={(on) => select(order.id, on)}
              expanded={expanded.has(order.id)}
              onToggle={() => toggle(order.id)}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
