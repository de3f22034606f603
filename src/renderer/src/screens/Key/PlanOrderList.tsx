import { Badge, Table, Text } from '@mantine/core'
import type { ReplacePlan } from '../../../../shared/ipc'
import { formatRounds } from '../../format/rounds'

type PlanLine = ReplacePlan['followNewKey'][number]

const reasonText: Record<PlanLine['reason'], string> = {
  rekeyed: 'confirmed, covers the selling round',
  pending: 'pending payment',
  'future-round': 'rounds not started yet',
  past: 'past rounds',
  'not-confirmed': 'not confirmed',
  unencrypted: 'not encrypted',
}

interface PlanOrderListProps {
  readonly lines: readonly PlanLine[]
  readonly empty: string
  readonly testId: string
  readonly showReason: boolean
}

/** Orders in the replacement report: product, rounds, state, files already uploaded, and why. */
export function PlanOrderList({ lines, empty, testId, showReason }: PlanOrderListProps): React.JSX.Element {
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId} data-count={0}>
        {empty}
      </Text>
    )
  }
  return (
    <Table.ScrollContainer minWidth={420} maxHeight={200} data-testid={testId} data-count={lines.length}>
      <Table striped verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Product</Table.Th>
            <Table.Th>Rounds</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Files uploaded</Table.Th>
            {showReason && <Table.Th>Why</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.orderId} data-order-id={line.orderId} data-testid="plan-order">
              <Table.Td fw={500}>{line.productName}</Table.Td>
              <Table.Td>{formatRounds(line.rounds)}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={line.state === 'confirmed' ? 'teal' : 'gray'}>
                  {line.state}
                </Badge>
              </Table.Td>
              <Table.Td>{line.uploadedArtifacts}</Table.Td>
              {showReason && <Table.Td c="dimmed">{reasonText[line.reason]}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
