// What the desktop handlers need from the outside world and from each service. The Electron glue and the
// preview bridge provide the dialog and shell ports; ./adapters and ./services.ts provide the service ports.
// A service a build leaves out (a test passes no factory) is absent: its channels answer NOT_AVAILABLE.
import type { LedgerAccount, LedgerStatus } from '../../shared/ledger'
import type { KeyImportReport, ReplaceKeyReport, ReplaceKeyResult, VaultStatus } from '../../shared/numerbay'
import type { KnownKeys } from '../numerbay/mappers'
import type { WalletConnectStatus } from '../../shared/walletconnect'
import type { FilePurpose, DemoServerInfo } from '../../shared/ipc'
import type { NumerBayClient } from '../numerbay/client'
import type { Signer } from '../signers/types'
import type { ApiGlobals, ApiOrder, ApiUser } from '../numerbay/schemas'
import type { DecryptPool } from '../workers/decrypt-pool'
import type { SyncWorkers } from '../workflows/sync-run'
import type { KeyPair } from '../crypto/key-pair'

export interface FolderDialogOptions {
  readonly title?: string
  readonly defaultPath?: string
}

export interface FileDialogOptions extends FolderDialogOptions {
  readonly purpose: FilePurpose
  readonly multiple?: boolean
}

export interface SaveDialogOptions extends FolderDialogOptions {
  /** Proposed file name (e.g. numerbay.json). */
  readonly defaultName: string
  readonly purpose: FilePurpose
}

/** Native dialogs in Electron; scripted answers (or a prompt in the page) in the preview bridge. Null = cancelled. */
export interface DialogPort {
  chooseFolder(options: FolderDialogOptions): Promise<string | null>
  chooseFiles(options: FileDialogOptions): Promise<string[] | null>
  /** The save dialog confirms overwriting, so an existing file at the answer may be replaced. */
  chooseSavePath(options: SaveDialogOptions): Promise<string | null>
}

export interface ShellPort {
  /** Called only with URLs that passed the allowlist. */
  openExternal(url: string): Promise<void>
  /** Opens a folder in the file manager; called only with a real directory a finished run wrote to. */
  openPath(path: string): Promise<void>
}

export interface LedgerPort {
  status(): LedgerStatus
  onStatus(listener: (status: LedgerStatus) => void): () => void
  /** Addresses of the first `count` accounts of both schemes. */
  listAccounts(count: number): Promise<readonly LedgerAccount[]>
  /** A signer for the account at `path` (checked to answer). */
  signer(path: string): Promise<Signer>
  close(): Promise<void>
}

export interface WalletConnectPort {
  status(): WalletConnectStatus
  onStatus(listener: (status: WalletConnectStatus) => void): () => void
  /** Starts pairing (or reuses a live session); resolves once the URI is ready or the session is connected. */
  pair(): Promise<WalletConnectStatus>
  cancel(): Promise<void>
  disconnect(): Promise<void>
  /** A signer over the live session, or null when none. */
  signer(): Signer | null
  close(): Promise<void>
}

/** The key vault for the signed-in account (the workflows' KeyHolder, UnlockableVault and ReplacingVault). */
export interface VaultPort {
  status(): VaultStatus
  onStatus(listener: (status: VaultStatus) => void): () => void
  /** The account changed (sign-in, sign-out): a different or no account forgets the previous key. */
  setAccount(user: ApiUser | null, walletAddress?: string): Promise<unknown>
  unlock(signer: Signer, options?: { keyring?: boolean }): Promise<VaultStatus>
  lock(): void
  /** Applies a changed auto-lock setting (minutes; 0 = never) to the key in memory now. */
  setAutoLockMinutes(minutes: number): void
  /** Keys the vault knows (current and keyring public keys), for per-order key status. */
  knownKeys(): KnownKeys
  /** Whether the vault can decrypt for this public key (current key or keyring). */
  holds(publicKey: string): boolean
  /** A copy of the key pair for a public key (the caller wipes it), or null. */
  keyPairFor(publicKey: string): KeyPair | null
  /** Writes numerbay.json at `path` (0600, atomic; replaces only when `overwrite`). */
  exportKeyFile(path: string, overwrite: boolean): Promise<void>
  importKeyFile(path: string, orders: readonly ApiOrder[], signer: Signer | null): Promise<KeyImportReport>
  planReplacement(user: ApiUser, orders: readonly ApiOrder[], globals: Pick<ApiGlobals, 'selling_round'>): ReplaceKeyReport
  replaceKey(options: { client: NumerBayClient; signer: Signer; confirm: (report: ReplaceKeyReport) => Promise<boolean> }): Promise<ReplaceKeyResult>
  /** Wipes every key from memory. */
  close(): Promise<void>
}

/** The decrypt worker pool (src/main/workers/decrypt-pool.ts): sinks for sync, whole files for offline work. */
export type WorkersPort = SyncWorkers & Pick<DecryptPool, 'decryptFile' | 'close'>

/** The demo server, started inside the app on demand. */
export interface DemoServerPort {
  start(): Promise<DemoServerInfo & { readonly demoPrivateKey: string | null }>
  close(): Promise<void>
}
