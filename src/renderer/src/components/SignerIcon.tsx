import { IconDeviceMobile, IconFileCode, IconFlask, IconUsb, IconWallet } from '@tabler/icons-react'
import type { SignerKind } from '../../../shared/ipc'

/** The picture for each kind of signer: a USB device, a phone, a file, the demo server's flask. */
export function SignerIcon({ kind, size = 18 }: { readonly kind: SignerKind | null; readonly size?: number }): React.JSX.Element {
  switch (kind) {
    case 'ledger':
      return <IconUsb size={size} stroke={1.7} />
    case 'walletconnect':
      return <IconDeviceMobile size={size} stroke={1.7} />
    case 'key-file':
      return <IconFileCode size={size} stroke={1.7} />
    case 'demo':
      return <IconFlask size={size} stroke={1.7} />
    default:
      return <IconWallet size={size} stroke={1.7} />
  }
}
