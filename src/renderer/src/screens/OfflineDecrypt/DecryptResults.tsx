import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core'
import type { DecryptFileResult } from '../../../../shared/ipc'
import type { ExistingChoice } from './OfflineDecryptState'
import { formatBytes } from '../../format/bytes'
import { tone } from '../../format/tone'

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

interface DecryptResultsProps {
  readonly results: readonly DecryptFileResult[]
  /** Offered for an output that existed (FILE_EXISTS): replace it, or keep both. Absent while a run is going. */
  readonly onExisting?: ((input: string, choice: ExistingChoice) => void) | undefined
}

/** One line per input: written where, or why not; an output that existed can be replaced or kept beside. */
export function DecryptResults({ results, onExisting }: DecryptResultsProps): React.JSX.Element | null {
  if (results.length === 0) return null
  const failed = results.filter((result) => !result.ok).length
  return (
    <Card data-testid="decrypt-results">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Results
        </Title>
        <Group gap="xs">
          <Badge color="teal" variant="light" data-testid="decrypt-succeeded">
            {results.length - failed} decrypted
          </Badge>
          {failed > 0 && (
            <Badge color="red" variant="light" data-testid="decrypt-failed">
              {failed} failed
            </Badge>
          )}
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Size</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.map((result) => (
              <Table.Tr key={result.input} data-testid="decrypt-result" data-ok={String(result.ok)}>
                <Table.Td>
                  <Text size="sm" ff="monospace" title={result.input}>
                    {baseName(result.input)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {result.ok ? (
                    <Text size="xs" c={tone('teal')} ff="monospace" title={result.output ?? undefined}>
                      {result.output ?? 'written'}
                    </Text>
                  ) : (
                    <>
                      <Text size="xs" c={tone('red')} fw={600}>
                        {result.error?.message ?? 'Failed'}
                      </Text>
                      {result.error?.code === 'FILE_EXISTS' ? (
                        <Group gap={6} mt={4} data-testid="decrypt-existing">
                          <Text size="xs" c="dimmed">
                            A file with this name is already in the output folder.
                          </Text>
                          <Button size="compact-xs" variant="light" color="orange" disabled={!onExisting} onClick={() => onExisting?.(result.input, 'replace')} aria-label={`Replace the existing ${baseName(result.input)}`} data-testid="decrypt-replace">
                            Replace it
                          </Button>
                          <Button size="compact-xs" variant="default" disabled={!onExisting} onClick={() => onExisting?.(result.input, 'rename')} aria-label={`Keep both: save ${baseName(result.input)} under a new name`} data-testid="decrypt-rename">
                            Keep both
                          </Button>
                        </Group>
                      ) : (
                        result.error && (
                          <Text size="xs" c="dimmed">
                            {result.error.action}
                          </Text>
                        )
                      )}
                    </>
                  )}
                </Table.Td>
                <Table.Td c="dimmed">{result.ok ? formatBytes(result.bytes) : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  )
}
