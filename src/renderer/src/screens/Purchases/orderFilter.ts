import type { Order } from '../../../../shared/ipc'
import type { SortDirection } from './SortableTh'

export type OrderSortKey = 'product' | 'rounds' | 'state' | 'keyStatus' | 'date'
export type StateFilter = 'active' | 'future' | 'pending' | 'expired' | 'all'

export interface OrderQuery {
  readonly text: string
  readonly state: StateFilter
  readonly sortBy: OrderSortKey
  readonly direction: SortDirection
}

function lastRound(order: Order): number {
  return order.rounds.length === 0 ? 0 : Math.max(...order.rounds)
}

const compare: Record<OrderSortKey, (a: Order, b: Order) => number> = {
  product: (a, b) => a.productName.localeCompare(b.productName, undefined, { sensitivity: 'base', numeric: true }),
  rounds: (a, b) => lastRound(a) - lastRound(b),
  state: (a, b) => Number(b.active) - Number(a.active) || a.state.localeCompare(b.state),
  keyStatus: (a, b) => a.keyStatus.localeCompare(b.keyStatus),
  date: (a, b) => (a.dateOrder ?? '').localeCompare(b.dateOrder ?? ''),
}

function matchesState(order: Order, state: StateFilter): boolean {
  switch (state) {
    case 'active':
      return order.active
    case 'pending':
      return order.state === 'pending'
    case 'expired':
      return !order.active && order.state !== 'pending' && order.timing !== 'future'
    case 'future':
      return order.timing === 'future' && order.state !== 'pending'
    case 'all':
      return true
  }
}

/** The table's rows: filtered by text (product, category, round, order id) and state, then sorted. */
export function filterOrders(orders: readonly Order[], query: OrderQuery): Order[] {
  const needle = query.text.trim().toLowerCase()
  const rows = orders.filter(
    (order) =>
      matchesState(order, query.state) &&
      (needle === '' ||
        order.productName.toLowerCase().includes(needle) ||
        (order.category ?? '').toLowerCase().includes(needle) ||
        order.rounds.some((round) => String(round) === needle) ||
        String(order.id) === needle),
  )
  const sign = query.direction === 'asc' ? 1 : -1
  return rows.sort((a, b) => sign * compare[query.sortBy](a, b) || b.id - a.id)
}
