import { Alert, Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core'
import { IconShieldCheck, IconStethoscope } from '@tabler/icons-react'
import { SUPPORT_NOTICE, type CheckStatus } from '../../../../shared/diagnostics'
import { useApi } from '../../app/ApiContext'
import { CardTitle } from '../../components/CardTitle'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useCall } from '../../hooks/useCall'

const STATUS: Record<CheckStatus, { readonly label: string; readonly color: string }> = {
  ok: { label: 'OK', color: 'green' },
  warning: { label: 'Warning', color: 'yellow' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
}

/**
 * Settings → Diagnostics: the doctor's checks (the same as `numerbay-desktop doctor`), each with what was
 * found and how to fix it, and the reminder that support never asks for keys, seed phrases or signatures.
 */
export function DiagnosticsCard(): React.JSX.Element {
  const api = useApi()
  const run = useCall(() => api.runDiagnostics(), { notify: false })
  const report = run.value

  return (
    <Card data-testid="diagnostics">
      <CardTitle icon={IconStethoscope} mb="xs">Diagnostics</CardTitle>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed">
            Checks USB and the Ledger, WalletConnect, the NumerBay server and your clock, folder permissions and free space.
          </Text>
          <Button size="xs" leftSection={<IconStethoscope size={16} />} onClick={() => void run.run()} loading={run.running} data-testid="run-diagnostics">
            {report ? 'Run again' : 'Run checks'}
          </Button>
        </Group>
        <ErrorNotice error={run.error} onRetry={() => void run.run()} />
        {report && (
          <>
            <Text size="sm" data-testid="diagnostics-counts">
              {report.counts.ok} ok, {report.counts.warning} warning(s), {report.counts.failed} failed, {report.counts.skipped} skipped.
            </Text>
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="xs">
                <Table.Tbody>
                  {report.checks.map((check) => (
                    <Table.Tr key={check.id} data-check={check.id} data-status={check.status}>
                      <Table.Td w={112} style={{ whiteSpace: 'nowrap' }}>
                        <Badge color={STATUS[check.status].color} variant="light">
                          {STATUS[check.status].label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {check.title}
                        </Text>
                        <Text size="sm">{check.summary}</Text>
                        {check.fix && (
                          <Text size="sm" c="dimmed">
                            Fix: {check.fix}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dimmed">
              {report.versions.runtime === 'electron' ? `Electron ${report.versions.electron ?? ''}` : `Node ${report.versions.node}`} · NumerBay Desktop {report.versions.app} · {report.versions.os}.
              For a support bundle, run <code>numerbay-desktop doctor --bundle FILE</code>.
            </Text>
          </>
        )}
        <Alert variant="light" color="blue" icon={<IconShieldCheck />} data-testid="support-notice">
          {SUPPORT_NOTICE}
        </Alert>
      </Stack>
    </Card>
  )
}
