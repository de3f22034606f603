import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text, Title } from '@mantine/core'
import { IconAlertTriangle, IconArchive, IconRefreshAlert } from '@tabler/icons-react'
import { useState } from 'react'
import { useApi } from '../../app/ApiContext'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingBlock } from '../../components/LoadingBlock'
import { notifySuccess } from '../../components/notify'
import { SigningPrompt } from '../../components/SigningPrompt'
import { useCall, useLoad } from '../../hooks/useCall'
import { PlanOrderList } from './PlanOrderList'
import { replaceWarnings } from './replaceWarnings'

interface ReplaceKeyModalProps {
  readonly opened: boolean
  readonly onClose: () => void
}

/**
 * Replacing the key pair, with everything the person must know first: the caution, which orders follow the
 * new key and which stay on the old one, the keyring note, and an explicit confirmation.
 */
export function ReplaceKeyModal({ opened, onClose }: ReplaceKeyModalProps): React.JSX.Element {
  return (
    <Modal opened={opened} onClose={onClose} size="xl" title={<Title order={2} size="h3">Replace key pair</Title>} closeOnClickOutside={false}>
      {/* The keyboard starts in the content (read first), not on the close button. */}
      {opened && (
        <div data-autofocus tabIndex={-1} style={{ outline: 'none' }}>
          <ReplaceKeyBody onClose={onClose} />
        </div>
      )}
    </Modal>
  )
}

function ReplaceKeyBody({ onClose }: { readonly onClose: () => void }): React.JSX.Element {
  const api = useApi()
  const plan = useLoad(() => api.planKeyReplacement())
  const replace = useCall(() => api.replaceKey({ confirm: true }), { notify: false })
  const [understood, setUnderstood] = useState(false)

  if (plan.loading && !plan.value) return <LoadingBlock label="Checking which orders would follow a new key…" />
  if (!plan.value) return <ErrorNotice error={plan.error} onRetry={() => void plan.reload()} />
  const report = plan.value
  const creating = report.currentKeyKind === 'none'
  const warnings = replaceWarnings(report)

  const confirm = (): void => {
    void replace.run().then((result) => {
      if (!result.ok) return
      const rekeyed = result.value.rekeyedOrderIds.length
      notifySuccess(
        creating ? 'Key pair created' : 'Key pair replaced',
        `${rekeyed === 0 ? 'No order' : rekeyed === 1 ? '1 order' : `${rekeyed} orders`} now use${rekeyed === 1 ? 's' : ''} the new key.${result.value.archivedOldKey ? ' The old key is in your keyring.' : ''}`,
      )
      onClose()
    })
  }

  return (
    <Stack gap="md" data-testid="replace-plan">
      <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title={creating ? 'Before you create a key' : 'Before you replace your key'} data-testid="replace-warnings">
        <List size="sm" spacing={4}>
          {warnings.map((warning) => (
            <List.Item key={warning}>{warning}</List.Item>
          ))}
        </List>
      </Alert>

      {!creating && (
        <>
          <div>
            <Text fw={600} size="sm" mb={4}>
              Orders that will follow the new key ({report.followNewKey.length})
            </Text>
            <Text size="xs" c="dimmed" mb={6}>
              Confirmed orders covering selling round {report.sellingRound}: files uploaded for them from now on are sealed to the new key.
            </Text>
            <PlanOrderList lines={report.followNewKey} empty="None." testId="follow-new-key" showReason={false} />
          </div>
          <div>
            <Text fw={600} size="sm" mb={4}>
              Orders that stay on the old key ({report.keepOldKey.length})
            </Text>
            <Text size="xs" c="dimmed" mb={6}>
              NumerBay does not re-key these: their files are, and will be, sealed to the old key.
            </Text>
            <PlanOrderList lines={report.keepOldKey} empty="None." testId="stay-on-old-key" showReason />
          </div>
          <Alert color={report.oldKeyArchivable ? 'teal' : 'red'} variant="light" icon={<IconArchive />} title="Local keyring" data-testid="keyring-note">
            {report.oldKeyArchivable
              ? 'Your current private key is saved in the local keyring first, encrypted with a key only your wallet can re-create. Files sealed to it stay readable in this app. The keyring lives on this computer only.'
              : 'Your current key is not unlocked, so it cannot be saved in the keyring: files sealed to it will stay unreadable unless you exported it. Unlock it first if you can.'}
          </Alert>
        </>
      )}

      <Checkbox
        checked={understood}
        onChange={(event) => setUnderstood(event.currentTarget.checked)}
        label={
          creating
            ? 'I understand my wallet protects this key: I need the same wallet account to unlock it later.'
            : 'I understand that files sealed to my old key stay sealed to it, and that only this computer keeps the old key.'
        }
        data-testid="replace-confirm-checkbox"
      />
      <SigningPrompt active={replace.running} purpose="to protect the new key (you are asked more than once)" />
      <ErrorNotice error={replace.error} onClose={replace.reset} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={replace.running}>
          Cancel
        </Button>
        <Button color="red" leftSection={<IconRefreshAlert size={16} />} disabled={!understood} loading={replace.running} onClick={confirm} data-testid="replace-confirm">
          {creating ? 'Create key pair' : 'Replace key pair'}
        </Button>
      </Group>
    </Stack>
  )
}
