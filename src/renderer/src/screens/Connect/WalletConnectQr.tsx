import { ActionIcon, Box, Button, CopyButton, Group, Image, Stack, Text, TextInput, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy, IconX } from '@tabler/icons-react'
import { formatCountdown } from '../../format/duration'
import { useNow } from '../../hooks/useNow'

interface WalletConnectQrProps {
  readonly uri: string
  readonly qrDataUrl: string
  readonly expiresAt: number
  readonly onCancel: () => void
  readonly cancelling: boolean
}

/** The pairing QR with the link to copy (for a wallet on this computer) and the time left before it renews. */
export function WalletConnectQr({ uri, qrDataUrl, expiresAt, onCancel, cancelling }: WalletConnectQrProps): React.JSX.Element {
  const now = useNow(1000)
  const left = expiresAt - now
  return (
    <Stack gap="md" align="center" data-testid="walletconnect-pairing">
      <Box p="sm" bg="white" style={{ borderRadius: 'var(--mantine-radius-lg)', border: '1px solid var(--mantine-color-default-border)' }}>
        <Image src={qrDataUrl} alt="WalletConnect pairing QR code. Scan it with your phone wallet." w={220} h={220} fit="contain" />
      </Box>
      <Text size="sm" ta="center" maw={360}>
        Open your wallet app on the phone, choose <b>Scan</b> or <b>WalletConnect</b>, and scan this code.
      </Text>
      <Text size="xs" c={left < 30_000 ? 'orange' : 'dimmed'} aria-live="off" data-testid="walletconnect-countdown">
        {left > 0 ? `A new code replaces this one in ${formatCountdown(left)}` : 'Renewing the code…'}
      </Text>
      <Group gap={6} w="100%" maw={420} wrap="nowrap" align="flex-end">
        <TextInput
          label="Or copy the pairing link"
          value={uri}
          readOnly
          style={{ flex: 1 }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="walletconnect-uri"
        />
        <CopyButton value={uri} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy link'}>
              <ActionIcon size={36} variant={copied ? 'filled' : 'default'} color={copied ? 'teal' : undefined} onClick={copy} aria-label="Copy pairing link">
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Button variant="subtle" color="gray" size="xs" leftSection={<IconX size={14} />} onClick={onCancel} loading={cancelling}>
        Cancel pairing
      </Button>
    </Stack>
  )
}
