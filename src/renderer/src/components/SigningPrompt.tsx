import { useLiveState } from '../app/LiveState'
import { ConfirmOnDevice } from '../screens/Connect/ConfirmOnDevice'

/**
 * While a signature is being requested: tells the person where to look (the Ledger or the phone), using
 * the live device state when there is one.
 */
export function SigningPrompt({ active, purpose }: { readonly active: boolean; readonly purpose: string }): React.JSX.Element | null {
  const { signer, ledger, walletConnect } = useLiveState()
  if (!active) return null
  const kind = signer.value?.kind
  if (kind === 'ledger') {
    const waiting = ledger.value?.state === 'awaiting-confirmation'
    return (
      <ConfirmOnDevice title={waiting ? 'Confirm on your Ledger' : 'Talking to your Ledger…'}>
        {waiting ? `Your Ledger shows a message to sign ${purpose}. Read it, then approve it on the device.` : 'Keep the Ledger unlocked with the Ethereum app open.'}
      </ConfirmOnDevice>
    )
  }
  if (kind === 'walletconnect') {
    const waiting = walletConnect.value?.state === 'awaiting-approval'
    return (
      <ConfirmOnDevice title={waiting ? 'Approve on your phone' : 'Sending the request to your phone…'}>
        {`Your wallet app shows a signature request ${purpose}. Open it and approve the request.`}
      </ConfirmOnDevice>
    )
  }
  return <ConfirmOnDevice title="Signing…">{`Signing ${purpose}.`}</ConfirmOnDevice>
}
