// What the backend needs from the outside world and from each service. The Electron glue and the preview
// bridge provide the dialog and shell ports; adapters (./adapters) provide the service ports from the real
// services. A service that has not landed is simply absent: its channels answer NOT_AVAILABLE.
import type { LedgerAccount, LedgerStatus } from '../../shared/ledger'
import type { KeyImportReport, ReplaceKeyReport, ReplaceKeyResult, VaultStatus } from '../../shared/numerbay'
import type { KnownKeys } from '../numerbay/mappers'
import type { WalletConnectStatus } from '../../shared/walletconnect'
import type { SyncPlan } from '../../shared/downloads'
import type { DecryptProgress, DecryptResult, DownloadsSnapshot, FilePurpose, DemoServerInfo } from '../../shared/ipc'
import type { NumerBayClient } from '../numerbay/client'
import type { Signer } from '../signers/types'
import type { ApiUser } from '../numerbay/schemas'
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
  /** Opens a folder in the file manager. */
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

/** The key vault for the signed-in account. */
export interface VaultPort {
  status(): VaultStatus
  onStatus(listener: (status: VaultStatus) => void): () => void
  /** The account changed (sign-in, sign-out): a different or no account forgets the previous key. */
  setAccount(user: ApiUser | null): Promise<void>
  unlock(signer: Signer): Promise<VaultStatus>
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
  importKeyFile(path: string, client: NumerBayClient, signer: Signer | null): Promise<KeyImportReport>
  planReplace(client: NumerBayClient, signer: Signer): Promise<ReplaceKeyReport>
  replace(client: NumerBayClient, signer: Signer): Promise<ReplaceKeyResult>
  /** Wipes every key from memory. */
  close(): Promise<void>
}

export interface DownloadSelectionInput {
  readonly scope: 'active' | 'all'
  readonly orderIds?: readonly number[]
  readonly keys?: readonly string[]
  readonly destination: string
}

export interface DownloadsPort {
  plan(client: NumerBayClient, selection: DownloadSelectionInput): Promise<SyncPlan>
  start(client: NumerBayClient, selection: DownloadSelectionInput, concurrency: number): Promise<void>
  snapshot(): DownloadsSnapshot
  onSnapshot(listener: (snapshot: DownloadsSnapshot) => void): () => void
  pause(key: string): void
  resume(key: string): void
  cancel(key: string): void
  pauseAll(): void
  resumeAll(): void
  cancelAll(): void
  /** Pauses everything and flushes the manifest (app quit). */
  shutdown(): Promise<void>
}

export interface DecryptRequest {
  readonly runId: string
  readonly inputs: readonly string[]
  readonly outputDir: string
  /** A key file to use; otherwise the vault's keys. */
  readonly keyFile?: string
}

export interface DecryptPort {
  run(request: DecryptRequest, onProgress: (progress: DecryptProgress) => void, signal: AbortSignal): Promise<DecryptResult>
  close(): Promise<void>
}

/** The demo server, started inside the app on demand. */
export interface DemoServerPort {
  start(): Promise<DemoServerInfo & { readonly demoPrivateKey: string | null }>
  close(): Promise<void>
}
