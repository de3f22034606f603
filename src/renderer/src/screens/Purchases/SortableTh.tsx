import { Group, Table, Text, UnstyledButton } from '@mantine/core'
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react'

export type SortDirection = 'asc' | 'desc'

interface SortableThProps<K extends string> {
  readonly column: K
  readonly sortBy: K
  readonly direction: SortDirection
  readonly onSort: (column: K) => void
  readonly children: React.ReactNode
  readonly visibleFrom?: 'xs' | 'sm' | 'md' | 'lg'
}

/** A header cell that sorts its column; aria-sort tells screen readers the order. */
export function SortableTh<K extends string>({ column, sortBy, direction, onSort, children, visibleFrom }: SortableThProps<K>): React.JSX.Element {
  const active = column === sortBy
  const Icon = active ? (direction === 'asc' ? IconChevronUp : IconChevronDown) : IconSelector
  return (
    <Table.Th aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'} visibleFrom={visibleFrom} p={0}>
      <UnstyledButton onClick={() => onSort(column)} px="sm" py={6} w="100%" data-sort-column={column}>
        <Group gap={4} wrap="nowrap" justify="space-between">
          <Text fw={600} size="sm">
            {children}
          </Text>
          <Icon size={14} stroke={1.6} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  )
}
