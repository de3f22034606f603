import { Badge, Group, Stack, Table, Text } from '@mantine/core'
import { IconFile, IconLock } from '@tabler/icons-react'
import type { Artifact } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingBlock } from '../../components/LoadingBlock'
import { formatBytes } from '../../format/bytes'
import { useLoad } from '../../hooks/useCall'

/** Why a sync would not fetch this file, or null when it would. */
function notDownloadable(artifact: Artifact): string | null {
  if (artifact.isNumeraiDirect) return 'sent directly to Numerai'
  if (!artifact.objectName) return 'no file uploaded'
  if (artifact.state !== 'active') return artifact.state.replaceAll('_', ' ')
  return null
}

/** An order's files: name, round, size, sealed or not, and whether a sync downloads it. */
export function ArtifactList({ orderId, orderActive }: { readonly orderId: number; readonly orderActive: boolean }): React.JSX.Element {
  const api = useApi()
  const artifacts = useLoad(() => api.listArtifacts({ orderId }), [orderId])
  if (artifacts.loading && !artifacts.value) return <LoadingBlock label="Listing the order's files…" minHeight={60} />
  if (!artifacts.value) return <ErrorNotice error={artifacts.error} onRetry={() => void artifacts.reload()} />
  const list = artifacts.value.artifacts
  if (list.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="xs" data-testid="artifacts-empty">
        {orderActive ? 'The seller has not uploaded files for this order yet.' : 'No files are listed: NumerBay lists files only while an order covers the selling round.'}
      </Text>
    )
  }
  return (
    <Stack gap={4} data-testid="artifact-list">
      <Table verticalSpacing={4} fz="sm" withRowBorders={false}>
        <Table.Tbody>
          {list.map((artifact) => {
            const reason = notDownloadable(artifact)
            return (
              <Table.Tr key={String(artifact.id)} data-testid="artifact" data-artifact-id={String(artifact.id)}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {artifact.encrypted ? <IconLock size={14} stroke={1.6} aria-label="sealed" /> : <IconFile size={14} stroke={1.6} />}
                    <Text size="sm" ff="monospace" truncate="end" maw={360} title={artifact.objectName ?? undefined}>
                      {artifact.objectName ?? '(no file)'}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td c="dimmed">{artifact.roundTournament === null ? '' : `round ${artifact.roundTournament}`}</Table.Td>
                <Table.Td c="dimmed">{formatBytes(artifact.objectSize)}</Table.Td>
                <Table.Td>
                  {reason === null ? (
                    <Badge size="xs" variant="light" color="teal">
                      ready
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {reason}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
