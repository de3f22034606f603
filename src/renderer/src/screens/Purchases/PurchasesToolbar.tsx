import { Group, SegmentedControl, TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import type { StateFilter } from './orderFilter'

interface PurchasesToolbarProps {
  readonly text: string
  readonly onText: (text: string) => void
  readonly state: StateFilter
  readonly onState: (state: StateFilter) => void
}

export function PurchasesToolbar({ text, onText, state, onState }: PurchasesToolbarProps): React.JSX.Element {
  return (
    <Group gap="sm" wrap="wrap">
      <TextInput
        placeholder="Filter by product, category, round…"
        aria-label="Filter orders"
        leftSection={<IconSearch size={16} />}
        value={text}
        onChange={(event) => onText(event.currentTarget.value)}
        style={{ flex: '1 1 220px' }}
        data-testid="orders-filter"
      />
      <SegmentedControl
        value={state}
        onChange={(value) => onState(value as StateFilter)}
        aria-label="Order state"
        data-testid="orders-state-filter"
        data={[
          { value: 'active', label: 'Active' },
          { value: 'future', label: 'Upcoming' },
          { value: 'pending', label: 'Pending' },
          { value: 'expired', label: 'Past' },
          { value: 'all', label: 'All' },
        ]}
      />
    </Group>
  )
}
