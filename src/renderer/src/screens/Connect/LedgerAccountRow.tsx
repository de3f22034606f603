import { Badge, Group, Radio, Stack, Table, Text } from '@mantine/core'
import type { LedgerAccountView } from '../../../../shared/ipc'
import { Address } from '../../components/Address'

interface LedgerAccountRowProps {
  readonly account: LedgerAccountView
  readonly matched: boolean
  readonly inUse: boolean
}

export function LedgerAccountRow({ account, matched, inUse }: LedgerAccountRowProps): React.JSX.Element {
  return (
    <Table.Tr data-testid="ledger-account" data-path={account.path} data-matched={matched || undefined} bg={matched ? 'var(--mantine-color-teal-light)' : undefined}>
      <Table.Td w={36}>
        <Radio value={account.path} aria-label={`Account ${account.path} ${account.address}`} />
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          <Address address={account.address} />
          <Text size="xs" ff="monospace" c="dimmed">
            {account.path}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {matched && (
            <Badge color="teal" variant="light" size="sm">
              NumerBay
            </Badge>
          )}
          {inUse && (
            <Badge color="bay" variant="filled" size="sm">
              In use
            </Badge>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  )
}
