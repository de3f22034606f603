import { Badge, Card, Group, Table, Text, Title } from '@mantine/core'
import type { DecryptFileResult } from '../../../../shared/ipc'
import { formatBytes } from '../../format/bytes'

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

/** One line per input: written where, or why not. */
export function DecryptResults({ results }: { readonly results: readonly DecryptFileResult[] }): React.JSX.Element | null {
  if (results.length === 0) return null
  const failed = results.filter((result) => !result.ok).length
  return (
    <Card data-testid="decrypt-results">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Results</Title>
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
                    <Text size="xs" c="teal" ff="monospace" title={result.output ?? undefined}>
                      {result.output ?? 'written'}
                    </Text>
                  ) : (
                    <>
                      <Text size="xs" c="red" fw={600}>
                        {result.error?.message ?? 'Failed'}
                      </Text>
                      {result.error && (
                        <Text size="xs" c="dimmed">
                          {result.error.action}
                        </Text>
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
