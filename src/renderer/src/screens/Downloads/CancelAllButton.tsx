import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconX } from '@tabler/icons-react'
import { useApi } from '../../app/ApiContext'
import { useCall } from '../../hooks/useCall'

/** "Cancel all", after a confirmation that says what is lost: the partial downloads of unfinished files. */
export function CancelAllButton({ unfinished }: { readonly unfinished: number }): React.JSX.Element {
  const api = useApi()
  const [opened, { open, close }] = useDisclosure(false)
  const cancelAll = useCall(() => api.cancelAllDownloads())
  return (
    <>
      <Button size="xs" variant="subtle" color="red" leftSection={<IconX size={14} />} onClick={open} loading={cancelAll.running} data-testid="cancel-all">
        Cancel all
      </Button>
      <Modal opened={opened} onClose={close} title="Cancel all downloads?" closeButtonProps={{ 'aria-label': 'Close' }} data-testid="cancel-all-confirm">
        <Stack gap="md">
          <Text size="sm">
            {unfinished === 1 ? 'The file not finished yet stops' : `The ${unfinished} files not finished yet stop`}, and their partial downloads are discarded: a
            later sync fetches them from the start. Finished files stay on disk.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              Keep downloading
            </Button>
            <Button
              color="red"
              onClick={() => {
                close()
                void cancelAll.run()
              }}
              data-testid="cancel-all-confirm-button"
            >
              Cancel and discard partials
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
