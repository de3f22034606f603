import { Code, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { SigningMessage } from '../../../shared/ipc'
import { useApi } from '../app/ApiContext'
import { useLiveState } from '../app/LiveState'
import { useEvent } from '../hooks/useEvent'
import { ConfirmOnDevice } from '../screens/Connect/ConfirmOnDevice'

/** The message the device is asked to sign and its EIP-191 hash, so the two screens can be compared. */
function MessageToSign({ message }: { readonly message: SigningMessage }): React.JSX.Element | null {
  if (!message) return null
  return (
    <Stack gap={4} mt="xs" data-testid="signing-message">
      <Text size="xs" c="dimmed">
        {message.encoding === 'text' ? 'The message your wallet shows:' : `Your wallet shows ${message.bytes} bytes (not text):`}
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="signing-message-text">
        {message.text}
      </Code>
      <Text size="xs" c="dimmed">
        Message hash (EIP-191): <Code data-testid="signing-message-hash" style={{ wordBreak: 'break-all' }}>{message.hash}</Code>
      </Text>
    </Stack>
  )
}

/**
 * While a signature is being requested: tells the person where to look (the Ledger or the phone), using
 * the live device state when there is one, and shows the message the device will display.
 */
export function SigningPrompt({ active, purpose }: { readonly active: boolean; readonly purpose: string }): React.JSX.Element | null {
  const api = useApi()
  const { signer, ledger, walletConnect } = useLiveState()
  const [message, setMessage] = useState<SigningMessage>(null)
  // Subscribed while mounted (not only while active): main announces the message just before the device asks.
  useEvent(api.onSigningMessage, setMessage)
  if (!active) return null
  const kind = signer.value?.kind
  const shown = message ? <MessageToSign message={message} /> : null
  if (kind === 'ledger') {
    const waiting = ledger.value?.state === 'awaiting-confirmation'
    return (
      <ConfirmOnDevice title={waiting ? 'Confirm on your Ledger' : 'Talking to your Ledger…'}>
        {waiting ? `Your Ledger shows a message to sign ${purpose}. Check that it matches the one below, then approve it on the device.` : 'Keep the Ledger unlocked with the Ethereum app open.'}
        {shown}
      </ConfirmOnDevice>
    )
  }
  if (kind === 'walletconnect') {
    const waiting = walletConnect.value?.state === 'awaiting-approval'
    return (
      <ConfirmOnDevice title={waiting ? 'Approve on your phone' : 'Sending the request to your phone…'}>
        {`Your wallet app shows a signature request ${purpose}. Check that it matches the message below, then approve it.`}
        {shown}
      </ConfirmOnDevice>
    )
  }
  return (
    <ConfirmOnDevice title="Signing…">
      {`Signing ${purpose}.`}
      {shown}
    </ConfirmOnDevice>
  )
}
