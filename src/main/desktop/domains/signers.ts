// Who signs for the app: a Ledger account, the paired phone wallet, the demo wallet, or nobody; and the
// numerbay.json loaded for offline work (it decrypts, it cannot sign). Devices and sessions are services;
// which one is the current signer is this domain's state alone.

import { basename } from 'node:path'
import type { SignerSummary } from '../../../shared/ipc'
import { AppError } from '../../../shared/errors'
import { normalizeDerivationPath } from '../../../shared/ledger'
import { readKeyFile } from '../../crypto/key-file'
import { toBase64, wipe } from '../../crypto/key-pair'
import { createKeySigner, parsePrivateKeyHex } from '../../signers/software-key'
import { announcingSigner } from '../../signers/signing-notice'
import type { Signer } from '../../signers/types'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import type { DialogPort, WalletConnectPort } from '../ports'
import type { Services } from '../services'
import type { DemoWallet } from './system'

export interface CurrentSigner {
  /** Null for a key file: it decrypts but cannot sign. */
  readonly signer: Signer | null
  readonly summary: NonNullable<SignerSummary>
}

/** A key file chosen for offline work: its path and public key (the private key is read per use and wiped). */
export interface ChosenKeyFile {
  readonly path: string
  readonly name: string
  readonly publicKey: string
}

export type SignerHandlers = Pick<
  Handlers,
  | 'getSigner'
  | 'clearSigner'
  | 'useDemoSigner'
  | 'useKeyFile'
  | 'getLedgerStatus'
  | 'listLedgerAccounts'
  | 'connectLedger'
  | 'getWalletConnectStatus'
  | 'pairWalletConnect'
  | 'useWalletConnectSigner'
  | 'cancelWalletConnect'
  | 'disconnectWalletConnect'
  | 'cancelSigning'
>

export interface SignersDeps {
  readonly services: Services
  readonly events: EventHub
  readonly dialogs: DialogPort
  readonly demoWallet: () => DemoWallet | null
  /** The signed-in account's wallet, which the Ledger account list looks for. */
  readonly accountAddress: () => string | null
  /** A key file was loaded (the key state shows it). */
  readonly onKeyFile: () => void
}

/** The live WalletConnect session as a signer, or null when none is connected. */
function walletConnectSigner(port: WalletConnectPort): CurrentSigner | null {
  const status = port.status()
  const signer = port.signer()
  if (status.state !== 'connected' || !signer) return null
  return { signer, summary: { kind: 'walletconnect', address: status.session.address, label: status.session.walletName } }
}

/** Prompts a key file with a native dialog and checks it; never takes a path from the window. */
export async function chooseKeyFile(dialogs: DialogPort, title: string): Promise<ChosenKeyFile> {
  const path = (await dialogs.chooseFiles({ purpose: 'key-file', title }))?.[0]
  if (!path) throw new AppError('CANCELLED')
  const pair = await readKeyFile(path)
  const publicKey = toBase64(pair.publicKey)
  wipe(pair.privateKey)
  return { path, name: basename(path), publicKey }
}

export class SignersDomain {
  readonly #deps: SignersDeps
  #current: CurrentSigner | null = null
  #keyFile: ChosenKeyFile | null = null
  /** Ends each signature being waited for now (cancelSigning). */
  readonly #pending = new Set<(error: AppError) => void>()
  /** The person asked to pair a phone: once it connects, it signs. */
  #pairingAsked = false
  readonly handlers: SignerHandlers

  constructor(deps: SignersDeps) {
    this.#deps = deps
    const { services } = deps
    this.handlers = {
      getSigner: () => this.summary(),
      clearSigner: async () => {
        await this.set(null)
        return null
      },
      useDemoSigner: async () => {
        const wallet = deps.demoWallet()
        if (!wallet) throw new AppError('DEMO_SERVER_ONLY')
        const signer = createKeySigner(parsePrivateKeyHex(wallet.privateKey))
        const summary = { kind: 'demo' as const, address: await signer.address(), label: 'Demo wallet' }
        await this.set({ signer, summary })
        return summary
      },
      useKeyFile: async () => {
        const chosen = await chooseKeyFile(deps.dialogs, 'Choose your numerbay.json key file')
        this.#keyFile = chosen
        const summary = { kind: 'key-file' as const, address: null, label: chosen.name }
        await this.set({ signer: null, summary })
        deps.onKeyFile()
        return summary
      },
      getLedgerStatus: async () => {
        if (!services.has('ledger')) return { state: 'error' as const, code: 'NOT_AVAILABLE', message: new AppError('NOT_AVAILABLE').message }
        return (await services.get('ledger')).status()
      },
      listLedgerAccounts: async (args) => {
        const ledger = await services.get('ledger')
        const accounts = await ledger.listAccounts(args?.count ?? 5)
        const expected = args?.expectedAddress ?? deps.accountAddress()
        const matched = expected ? (accounts.find((account) => account.address.toLowerCase() === expected.toLowerCase()) ?? null) : null
        return { accounts, matched, expectedAddress: expected }
      },
      connectLedger: async ({ path }) => {
        const normalized = normalizeDerivationPath(path)
        if (!normalized) throw new AppError('INVALID_ARGUMENT', { detail: 'path' })
        const signer = await (await services.get('ledger')).signer(normalized)
        const summary = { kind: 'ledger' as const, address: await signer.address(), label: `Ledger ${normalized}` }
        await this.set({ signer, summary })
        return summary
      },
      getWalletConnectStatus: async () => {
        const existing = await services.existing('walletConnect')
        if (existing) return existing.status()
        if (!services.has('walletConnect')) return { state: 'idle' as const }
        // Building the service restores a saved session; without a project id it cannot be built yet.
        return (await services.get('walletConnect').catch(() => null))?.status() ?? { state: 'idle' as const }
      },
      pairWalletConnect: async () => {
        const port = await services.get('walletConnect')
        this.#pairingAsked = true
        const status = await port.pair()
        this.onWalletConnectStatus(port)
        return status
      },
      useWalletConnectSigner: async () => {
        const next = walletConnectSigner(await services.get('walletConnect'))
        if (!next) throw new AppError('WC_NOT_CONNECTED')
        await this.set(next)
        return next.summary
      },
      cancelWalletConnect: async () => {
        const port = await services.get('walletConnect')
        await port.cancel()
        return port.status()
      },
      disconnectWalletConnect: async () => {
        const port = await services.get('walletConnect')
        await port.disconnect()
        if (this.#current?.summary.kind === 'walletconnect') await this.set(null)
        return port.status()
      },
      cancelSigning: () => this.cancelSigning(),
    }
  }

  /** Stops waiting for every signature asked for now; true when one was pending. */
  cancelSigning(): boolean {
    if (this.#pending.size === 0) return false
    const where = this.#current?.summary.kind === 'ledger' ? 'your Ledger' : this.#current?.summary.kind === 'walletconnect' ? 'your phone' : 'your wallet'
    const error = new AppError('CANCELLED', { message: 'Signing cancelled.', action: `Nothing was signed. If ${where} still shows the request, reject it there.` })
    for (const cancel of [...this.#pending]) cancel(error)
    this.#pending.clear()
    // The phone's request is withdrawn too (the service ends requests in flight); a Ledger cannot be told.
    if (this.#current?.summary.kind === 'walletconnect') void this.#deps.services.existing('walletConnect').then((port) => port?.cancel()).catch(() => undefined)
    return true
  }

  summary(): SignerSummary {
    return this.#current?.summary ?? null
  }

  /**
   * The wallet that signs now: NO_SIGNER without one, SIGNER_CANNOT_SIGN for a key file. Each message is shown
   * in the window (signingMessage) before the device asks, so the person can compare the two screens.
   */
  signingSigner(): Signer {
    if (!this.#current) throw new AppError('NO_SIGNER')
    if (!this.#current.signer) throw new AppError('SIGNER_CANNOT_SIGN')
    return this.#announced(this.#current.signer)
  }

  /** The current signer when it can sign, else null (importing a key works without one); announced likewise. */
  optionalSigner(): Signer | null {
    const signer = this.#current?.signer
    return signer ? this.#announced(signer) : null
  }

  #announced(signer: Signer): Signer {
    return announcingSigner(this.#cancellable(signer), (message) => this.#deps.events.emit('signingMessage', message))
  }

  /** The same signer, whose waiting for a signature `cancelSigning` can end (the device is not told). */
  #cancellable(signer: Signer): Signer {
    return {
      kind: signer.kind,
      address: () => signer.address(),
      signPersonalMessage: (message) =>
        new Promise<Uint8Array>((resolve, reject) => {
          const cancel = (error: AppError): void => reject(error)
          this.#pending.add(cancel)
          signer.signPersonalMessage(message).then(resolve, reject).finally(() => this.#pending.delete(cancel))
        }),
      ...(signer.close ? { close: () => signer.close!() } : {}),
    }
  }

  /** The numerbay.json loaded on the Connect screen, if any. */
  keyFile(): ChosenKeyFile | null {
    return this.#current?.summary.kind === 'key-file' ? this.#keyFile : null
  }

  async set(next: CurrentSigner | null): Promise<void> {
    const previous = this.#current
    this.#current = next
    // Ledger and demo signers own resources; a WalletConnect signer is a view of the session, kept by the service.
    if (previous?.signer && previous.signer !== next?.signer && previous.summary.kind !== 'walletconnect') {
      await previous.signer.close?.().catch(() => undefined)
    }
    this.#deps.events.emit('signer', this.summary())
  }

  /** The demo wallet signs only for the demo server: another API address ends it. */
  async onApiUrlChanged(): Promise<void> {
    if (this.#current?.summary.kind === 'demo' && !this.#deps.demoWallet()) await this.set(null)
  }

  /** A new WalletConnect project id: the current phone signer goes with the old service. */
  async onWalletConnectRebuilt(): Promise<void> {
    if (this.#current?.summary.kind === 'walletconnect') await this.set(null)
  }

  /**
   * Follows the phone wallet: a phone the person just paired becomes the signer (whatever signed before), and
   * so does a restored session while nothing else signs; an ended session stops signing.
   */
  onWalletConnectStatus(port: WalletConnectPort): void {
    const status = port.status()
    if (status.state === 'connected' && (this.#current === null || this.#pairingAsked)) {
      const next = walletConnectSigner(port)
      if (next && (this.#current?.summary.kind !== 'walletconnect' || this.#current.summary.address !== next.summary.address)) void this.set(next)
      this.#pairingAsked = false
    }
    if (status.state === 'idle' || status.state === 'expired') this.#pairingAsked = false
    if ((status.state === 'expired' || status.state === 'idle') && this.#current?.summary.kind === 'walletconnect') void this.set(null)
  }

  async close(): Promise<void> {
    const current = this.#current
    this.#current = null
    if (current?.signer && current.summary.kind !== 'walletconnect') await current.signer.close?.().catch(() => undefined)
  }
}
