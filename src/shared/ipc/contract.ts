/**
 * The IPC contract between the renderer and the main process: every invoke channel (name, argument schema,
 * result schema) and every event stream (name, payload schema). Preload, main, the browser preview bridge
 * and the renderer are all typed from this one module.
 *
 * For the UI (src/renderer): get the API with `getApi()` from `@renderer/bridge`, then
 *
 *   const result = await api.listOrders({ includeInactive: true })   // Result<Orders>
 *   if (result.ok) show(result.value.orders)
 *   else showError(result.error)      // ErrorInfo: { code, message, action, expected?, detail? }
 *   // or: const orders = unwrap(await api.listOrders())   (throws IpcCallError holding the ErrorInfo)
 *
 *   const unsubscribe = api.onLedgerStatus((status) => setStatus(status))   // call unsubscribe() on unmount
 *
 * Functions never throw for a failure: they resolve to `{ ok: false, error }`. Channels without arguments
 * take none (`api.getSettings()`). Dialogs (choose folder, save/open the key file) are shown by main: a
 * cancelled dialog resolves to error code CANCELLED (`expected: true`, show nothing). Each `get*` channel
 * returns the current state and the matching `on*` stream pushes every later change.
 */
import { z } from 'zod'
import type { Result } from '../errors'
import {
  artifactsArgsSchema,
  artifactsSchema,
  keyExportResultSchema,
  keyImportReportSchema,
  keyStateSchema,
  ordersArgsSchema,
  ordersSchema,
  passwordSignInArgsSchema,
  replaceKeyArgsSchema,
  replaceKeyResultSchema,
  replacePlanSchema,
  sessionSchema,
} from './account'
import { noArgs } from './common'
import { settingsPatchSchema, settingsSchema } from './settings'
import {
  chosenKeyFileSchema,
  ledgerAccountsArgsSchema,
  ledgerAccountsSchema,
  ledgerConnectArgsSchema,
  ledgerStatusSchema,
  signerSummarySchema,
  signingMessageSchema,
  walletConnectStatusSchema,
} from './signers'
import {
  appInfoSchema,
  chooseFilesArgsSchema,
  chooseFolderArgsSchema,
  chosenFilesSchema,
  chosenFolderSchema,
  openExternalArgsSchema,
  demoServerInfoSchema,
  diagnosticsReportSchema,
} from './system'
import {
  decryptArgsSchema,
  decryptProgressSchema,
  decryptResultSchema,
  downloadFileArgsSchema,
  downloadPlanSchema,
  downloadSelectionSchema,
  downloadsSnapshotSchema,
  openFolderArgsSchema,
  retryNowArgsSchema,
} from './transfers'
import { startWatchArgsSchema, watchNoticeSchema, watchStateSchema } from './watch'
import { eventNameList, invokeNameList, type EventListenerName, type EventName, type InvokeName } from './names'

export * from './names'

export interface InvokeSpec {
  readonly args: z.ZodType
  readonly result: z.ZodType
}

const nothing = z.null()
const runIdArgsSchema = z.object({ runId: z.string().min(1).max(64) }).strict()

/** Every request the renderer can make. Keys are the API's function names. */
export const invokeContract = {
  // App and settings
  getAppInfo: { args: noArgs, result: appInfoSchema },
  getSettings: { args: noArgs, result: settingsSchema },
  /** Changes only the given fields; returns the saved settings. */
  updateSettings: { args: settingsPatchSchema, result: settingsSchema },
  /** Starts the demo server inside the app and points the API URL at it. */
  startDemoServer: { args: noArgs, result: demoServerInfoSchema },
  /** Opens an https link in the system browser; only numerbay.ai and the docs are allowed. */
  openExternal: { args: openExternalArgsSchema, result: nothing },
  /** Runs the doctor's checks (Settings → Diagnostics); takes a few seconds (network, USB). */
  runDiagnostics: { args: noArgs, result: diagnosticsReportSchema },

  // Dialogs (shown by main)
  chooseFolder: { args: chooseFolderArgsSchema, result: chosenFolderSchema },
  chooseFiles: { args: chooseFilesArgsSchema, result: chosenFilesSchema },

  // The current signer
  getSigner: { args: noArgs, result: signerSummarySchema },
  /** Forgets the current signer (a WalletConnect session stays paired; use disconnectWalletConnect). */
  clearSigner: { args: noArgs, result: signerSummarySchema },
  /** The demo server's demo wallet as signer; only while the in-app demo server is the API. */
  useDemoSigner: { args: noArgs, result: signerSummarySchema },
  /** Main shows an open dialog and loads the chosen numerbay.json for offline work (it decrypts, it cannot sign). */
  useKeyFile: { args: noArgs, result: signerSummarySchema },

  // Ledger
  getLedgerStatus: { args: noArgs, result: ledgerStatusSchema },
  /** Addresses of both derivation schemes, and the one matching the NumerBay account. */
  listLedgerAccounts: { args: ledgerAccountsArgsSchema, result: ledgerAccountsSchema },
  /** Makes the Ledger account at `path` the current signer. */
  connectLedger: { args: ledgerConnectArgsSchema, result: signerSummarySchema },

  // WalletConnect
  getWalletConnectStatus: { args: noArgs, result: walletConnectStatusSchema },
  /** Starts pairing: resolves in `pairing` state with the QR and URI; `connected` arrives on the stream. */
  pairWalletConnect: { args: noArgs, result: walletConnectStatusSchema },
  /** Makes the paired phone wallet the current signer (replacing a Ledger, demo wallet or key file). */
  useWalletConnectSigner: { args: noArgs, result: signerSummarySchema },
  cancelWalletConnect: { args: noArgs, result: walletConnectStatusSchema },
  disconnectWalletConnect: { args: noArgs, result: walletConnectStatusSchema },
  /**
   * Stops waiting for the signature asked for now (Ledger or phone): the call waiting for it ends with CANCELLED.
   * The device may still show the request: reject it there too. Resolves true when a signature was pending.
   */
  cancelSigning: { args: noArgs, result: z.boolean() },

  // Sign-in
  getSession: { args: noArgs, result: sessionSchema },
  /** Web3 sign-in with the current signer (the wallet signs NumerBay's one-time nonce). */
  signInWithWallet: { args: noArgs, result: sessionSchema },
  signInWithPassword: { args: passwordSignInArgsSchema, result: sessionSchema },
  signOut: { args: noArgs, result: sessionSchema },

  // The key
  getKeyState: { args: noArgs, result: keyStateSchema },
  /** Signs the stored salt with the current signer and unlocks the key (device prompt). */
  unlockKey: { args: noArgs, result: keyStateSchema },
  lockKey: { args: noArgs, result: keyStateSchema },
  /** Main shows the save dialog and writes numerbay.json there (0600; the dialog confirms a replacement). */
  exportKey: { args: noArgs, result: keyExportResultSchema },
  /** Main shows an open dialog and imports the numerbay.json chosen: the current key, or one for the keyring. */
  importKey: { args: noArgs, result: keyImportReportSchema },
  /** The re-keying report shown before replacing (or creating) the key pair. */
  planKeyReplacement: { args: noArgs, result: replacePlanSchema },
  /** Replaces (or creates) the key pair after confirmation; archives the old key in the keyring first. */
  replaceKey: { args: replaceKeyArgsSchema, result: replaceKeyResultSchema },

  // Purchases
  listOrders: { args: ordersArgsSchema, result: ordersSchema },
  listArtifacts: { args: artifactsArgsSchema, result: artifactsSchema },

  // Downloads
  planDownloads: { args: downloadSelectionSchema, result: downloadPlanSchema },
  startDownloads: { args: downloadSelectionSchema, result: downloadsSnapshotSchema },
  getDownloads: { args: noArgs, result: downloadsSnapshotSchema },
  pauseDownload: { args: downloadFileArgsSchema, result: downloadsSnapshotSchema },
  resumeDownload: { args: downloadFileArgsSchema, result: downloadsSnapshotSchema },
  cancelDownload: { args: downloadFileArgsSchema, result: downloadsSnapshotSchema },
  pauseAllDownloads: { args: noArgs, result: downloadsSnapshotSchema },
  resumeAllDownloads: { args: noArgs, result: downloadsSnapshotSchema },
  cancelAllDownloads: { args: noArgs, result: downloadsSnapshotSchema },
  /** Requeues every failed file of the run (asking to unlock first when their key is locked). */
  retryFailedDownloads: { args: noArgs, result: downloadsSnapshotSchema },
  /** Skips the wait before the next attempt of a file (or of every file waiting to retry). */
  retryDownloadsNow: { args: retryNowArgsSchema, result: downloadsSnapshotSchema },
  /** Starts the last run again: the same files, into the same folder (only what is missing is fetched). */
  syncAgain: { args: noArgs, result: downloadsSnapshotSchema },
  /** Opens a folder the app wrote to in the file manager (default: the download folder). */
  openFolder: { args: openFolderArgsSchema, result: nothing },

  // Keep this folder in sync (watch mode)
  getWatchState: { args: noArgs, result: watchStateSchema },
  /** Keeps the download folder in sync until stopWatch (or the app quits): signed in, with the key unlocked. */
  startWatch: { args: startWatchArgsSchema, result: watchStateSchema },
  /** Stops watching: transfers pause as resumable partials, auto-lock resumes. */
  stopWatch: { args: noArgs, result: watchStateSchema },

  // Offline decrypt
  /** Main shows an open dialog for the numerbay.json offline decryption uses (keySource `key-file`). */
  chooseDecryptKeyFile: { args: noArgs, result: chosenKeyFileSchema },
  /** Decrypts sealed files to `outputDir`; resolves when all are done; progress on onDecryptProgress. */
  decryptFiles: { args: decryptArgsSchema, result: decryptResultSchema },
  cancelDecrypt: { args: runIdArgsSchema, result: nothing },
} as const satisfies Record<string, InvokeSpec>

/** Every stream main pushes to the renderer. `on<Name>` in the API. */
export const eventContract = {
  settings: settingsSchema,
  session: sessionSchema,
  signer: signerSummarySchema,
  ledgerStatus: ledgerStatusSchema,
  walletConnectStatus: walletConnectStatusSchema,
  keyState: keyStateSchema,
  /** The message a wallet is being asked to sign (its text and EIP-191 hash), then null. */
  signingMessage: signingMessageSchema,
  /** Throttled (a few per second at most) while downloads run. */
  downloads: downloadsSnapshotSchema,
  decryptProgress: decryptProgressSchema,
  watchState: watchStateSchema,
  /** New files ready, a file failed, files missed: what the app shows as a desktop notification. */
  watchNotice: watchNoticeSchema,
} as const satisfies Record<string, z.ZodType>

export type InvokeContract = typeof invokeContract
export type EventContract = typeof eventContract

// names.ts (zod-free, for the preload) must list exactly the contract's keys.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const invokeNamesMatch: Same<keyof InvokeContract, InvokeName> = true
const eventNamesMatch: Same<keyof EventContract, EventName> = true
void invokeNamesMatch
void eventNamesMatch

/** What the renderer passes (defaults not yet applied). */
export type InvokeArgs<K extends InvokeName> = z.input<InvokeContract[K]['args']>
/** What main's handler receives (validated, defaults applied). */
export type ParsedInvokeArgs<K extends InvokeName> = z.output<InvokeContract[K]['args']>
export type InvokeResult<K extends InvokeName> = z.output<InvokeContract[K]['result']>
export type EventPayload<K extends EventName> = z.output<EventContract[K]>

export type Unsubscribe = () => void
export type Listener<K extends EventName> = (payload: EventPayload<K>) => void

export type InvokeFunction<K extends InvokeName> = undefined extends InvokeArgs<K>
  ? (args?: InvokeArgs<K>) => Promise<Result<InvokeResult<K>>>
  : (args: InvokeArgs<K>) => Promise<Result<InvokeResult<K>>>

export type NumerBayEvents = {
  [K in EventName as EventListenerName<K>]: (listener: Listener<K>) => Unsubscribe
}

/** Local helpers that are not IPC calls. */
export interface NumerBayLocal {
  /**
   * The absolute path of a File dropped on the window (Electron's webUtils.getPathForFile); null in the
   * browser preview, where dropped files have no path (use chooseFiles there).
   */
  pathForFile(file: object): string | null
}

/** The API the renderer sees as `window.numerbay` (Electron) or over the preview bridge (browser). */
export type NumerBayApi = { readonly [K in InvokeName]: InvokeFunction<K> } & Readonly<NumerBayEvents> & Readonly<NumerBayLocal>

export const invokeNames: readonly InvokeName[] = invokeNameList
export const eventNames: readonly EventName[] = eventNameList
