import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import type { DownloadsSnapshot } from '../../shared/ipc'
import { AppError } from '../../shared/errors'
import { normalizeDerivationPath } from '../../shared/ledger'
import { orderArtifactRow, productArtifactRow, toOrderRow, type KnownKeys } from '../numerbay/mappers'
import { readKeyFile } from '../crypto/key-file'
import { toBase64, wipe } from '../crypto/key-pair'
import { createKeySigner, parsePrivateKeyHex } from '../signers/software-key'
import type { BackendContext } from './context'
import type { Handlers } from './dispatcher'
import { isAllowedExternalUrl } from './links'
import { runAppDiagnostics } from '../diagnostics'
import type { DownloadSelectionInput } from './ports'
import { emptyDownloadsSnapshot } from './snapshots'

function cancelled(): AppError {
  return new AppError('CANCELLED')
}

/** The contract's handlers over the backend context. Plain Node: used by Electron IPC and the preview bridge. */
export function createHandlers(ctx: BackendContext): Handlers {
  const knownKeys = async (): Promise<KnownKeys> => {
    const vault = await ctx.existing('vault')
    if (vault) return vault.knownKeys()
    const user = ctx.user
    return { currentPublicKey: user?.publicKeyV2 ?? user?.publicKeyLegacy ?? null, keyringPublicKeys: [] }
  }

  const selection = (args: { scope: 'active' | 'all'; orderIds?: number[] | undefined; keys?: string[] | undefined; destination?: string | undefined }): DownloadSelectionInput => {
    const destination = args.destination ?? ctx.settings.get().downloadDir
    if (!destination) throw new AppError('INVALID_ARGUMENT', { message: 'Choose a download folder first.' })
    return {
      scope: args.scope,
      destination,
      ...(args.orderIds ? { orderIds: args.orderIds } : {}),
      ...(args.keys ? { keys: args.keys } : {}),
    }
  }

  const downloadsSnapshot = async (): Promise<DownloadsSnapshot> => {
    const downloads = await ctx.existing('downloads')
    return downloads ? downloads.snapshot() : emptyDownloadsSnapshot()
  }

  const withDownloads = async (action: (port: Awaited<ReturnType<BackendContext['downloads']>>) => void): Promise<DownloadsSnapshot> => {
    const downloads = await ctx.downloads()
    action(downloads)
    return downloads.snapshot()
  }

  return {
    // ---- App and settings ----------------------------------------------------------------------------
    getAppInfo: () => ctx.info,
    getSettings: () => ctx.settings.get(),
    async updateSettings(patch) {
      const before = ctx.settings.get()
      const after = await ctx.settings.update(patch)
      ctx.emit('settings', after)
      if (after.walletConnectProjectId !== before.walletConnectProjectId) {
        if (ctx.currentSigner?.summary.kind === 'walletconnect') await ctx.setSigner(null)
        await ctx.rebuild('walletConnect')
      }
      if (after.autoLockMinutes !== before.autoLockMinutes) (await ctx.existing('vault'))?.setAutoLockMinutes(after.autoLockMinutes)
      if (after.apiUrl !== before.apiUrl) {
        if (ctx.demo && ctx.demo.apiUrl !== after.apiUrl && ctx.currentSigner?.summary.kind === 'demo') await ctx.setSigner(null)
        await ctx.resetClient()
      }
      return after
    },
    async startDemoServer() {
      const demo = await ctx.demoServer()
      const started = await demo.start()
      ctx.demo = { apiUrl: started.apiUrl, demoPrivateKey: started.demoPrivateKey }
      // The demo server lives as long as the app: its URL is used for this run only, so a restart is back on the saved server.
      const settings = ctx.settings.useForThisSession({ apiUrl: started.apiUrl })
      ctx.emit('settings', settings)
      await ctx.resetClient()
      return { apiUrl: started.apiUrl, demoAddress: started.demoAddress, demoLogin: started.demoLogin }
    },
    runDiagnostics: () => runAppDiagnostics(ctx),
    async openExternal({ url }) {
      if (!isAllowedExternalUrl(url)) throw new AppError('EXTERNAL_LINK_BLOCKED', { detail: new URL(url).hostname })
      await ctx.shell.openExternal(url)
      return null
    },

    // ---- Dialogs ------------------------------------------------------------------------------------
    async chooseFolder(args) {
      const path = await ctx.dialogs.chooseFolder({ ...(args?.title ? { title: args.title } : {}), ...(args?.defaultPath ? { defaultPath: args.defaultPath } : {}) })
      if (!path) throw cancelled()
      return { path }
    },
    async chooseFiles(args) {
      const paths = await ctx.dialogs.chooseFiles(args)
      if (!paths || paths.length === 0) throw cancelled()
      return { paths }
    },

    // ---- The current signer ---------------------------------------------------------------------------
    getSigner: () => ctx.signerSummary(),
    async clearSigner() {
      await ctx.setSigner(null)
      return null
    },
    async useDemoSigner() {
      const demo = ctx.demo
      if (!demo || !demo.demoPrivateKey || ctx.settings.get().apiUrl !== demo.apiUrl) throw new AppError('DEMO_SERVER_ONLY')
      const signer = createKeySigner(parsePrivateKeyHex(demo.demoPrivateKey))
      const summary = { kind: 'demo' as const, address: await signer.address(), label: 'Demo demo wallet' }
      await ctx.setSigner({ signer, summary })
      return summary
    },
    async useKeyFile(args) {
      const path = args?.path ?? (await ctx.dialogs.chooseFiles({ purpose: 'key-file', title: 'Choose your numerbay.json key file' }))?.[0]
      if (!path) throw cancelled()
      const pair = await readKeyFile(path)
      ctx.offlineKeyFile = { path, publicKey: toBase64(pair.publicKey) }
      wipe(pair.privateKey)
      const summary = { kind: 'key-file' as const, address: null, label: basename(path) }
      // The key file is not a signer: a stub that refuses, so signing paths give SIGNER_CANNOT_SIGN.
      await ctx.setSigner({
        signer: {
          kind: 'software',
          address: () => Promise.reject(new AppError('SIGNER_CANNOT_SIGN')),
          signPersonalMessage: () => Promise.reject(new AppError('SIGNER_CANNOT_SIGN')),
        },
        summary,
      })
      ctx.emitKeyState()
      return summary
    },

    // ---- Ledger ---------------------------------------------------------------------------------------
    async getLedgerStatus() {
      if (!ctx.has('ledger')) return { state: 'error' as const, code: 'NOT_AVAILABLE', message: new AppError('NOT_AVAILABLE').message }
      return (await ctx.ledger()).status()
    },
    async listLedgerAccounts(args) {
      const ledger = await ctx.ledger()
      const accounts = await ledger.listAccounts(args?.count ?? 5)
      const expected = args?.expectedAddress ?? ctx.user?.publicAddress ?? null
      const matched = expected ? (accounts.find((account) => account.address.toLowerCase() === expected.toLowerCase()) ?? null) : null
      return { accounts, matched, expectedAddress: expected }
    },
    async connectLedger({ path }) {
      const normalized = normalizeDerivationPath(path)
      if (!normalized) throw new AppError('INVALID_ARGUMENT', { detail: 'path' })
      const ledger = await ctx.ledger()
      const signer = await ledger.signer(normalized)
      const summary = { kind: 'ledger' as const, address: await signer.address(), label: `Ledger ${normalized}` }
      await ctx.setSigner({ signer, summary })
      return summary
    },

    // ---- WalletConnect ------------------------------------------------------------------------------
    async getWalletConnectStatus() {
      const existing = await ctx.existing('walletConnect')
      if (existing) return existing.status()
      if (!ctx.has('walletConnect')) return { state: 'idle' as const }
      // Building the service restores a saved session; without a project id it cannot be built yet.
      return (await ctx.walletConnect().catch(() => null))?.status() ?? { state: 'idle' as const }
    },
    pairWalletConnect: async () => (await ctx.walletConnect()).pair(),
    useWalletConnectSigner: async () => ctx.useWalletConnectSigner(await ctx.walletConnect()),
    async cancelWalletConnect() {
      const port = await ctx.walletConnect()
      await port.cancel()
      return port.status()
    },
    async disconnectWalletConnect() {
      const port = await ctx.walletConnect()
      await port.disconnect()
      if (ctx.currentSigner?.summary.kind === 'walletconnect') await ctx.setSigner(null)
      return port.status()
    },

    // ---- Sign-in -------------------------------------------------------------------------------------
    getSession: () => ctx.session(),
    async signInWithWallet() {
      const signer = ctx.signingSigner()
      const result = await ctx.client.signInWithWallet(signer)
      await ctx.setSession(result.user, 'wallet')
      return ctx.session()
    },
    async signInWithPassword({ username, password }) {
      const result = await ctx.client.signInWithPassword(username, password)
      await ctx.setSession(result.user, 'password')
      return ctx.session()
    },
    async signOut() {
      await ctx.setSession(null, null)
      return ctx.session()
    },

    // ---- The key -------------------------------------------------------------------------------------
    getKeyState: () => ctx.keyState(),
    async unlockKey() {
      ctx.signedInClient()
      const vault = await ctx.vault()
      await vault.unlock(ctx.signingSigner())
      return ctx.keyState()
    },
    async lockKey() {
      const vault = await ctx.existing('vault')
      vault?.lock()
      return ctx.keyState()
    },
    async exportKey(args) {
      const vault = await ctx.vault()
      let path = args?.path
      let overwrite = false
      if (!path) {
        const chosen = await ctx.dialogs.chooseSavePath({ defaultName: 'numerbay.json', purpose: 'key-file', title: 'Save your NumerBay key file' })
        if (!chosen) throw cancelled()
        // The save dialog already asked before replacing an existing file.
        path = chosen
        overwrite = true
      }
      await vault.exportKeyFile(path, overwrite)
      return { path }
    },
    async importKey(args) {
      const vault = await ctx.vault()
      const path = args?.path ?? (await ctx.dialogs.chooseFiles({ purpose: 'key-file', title: 'Import a numerbay.json key file' }))?.[0]
      if (!path) throw cancelled()
      const signer = ctx.currentSigner && ctx.currentSigner.summary.kind !== 'key-file' ? ctx.currentSigner.signer : null
      const report = await vault.importKeyFile(path, ctx.signedInClient(), signer)
      ctx.emitKeyState()
      return report
    },
    async planKeyReplacement() {
      const client = ctx.signedInClient()
      return (await ctx.vault()).planReplace(client, ctx.signingSigner())
    },
    async replaceKey() {
      const client = ctx.signedInClient()
      const vault = await ctx.vault()
      const result = await vault.replace(client, ctx.signingSigner())
      ctx.emitKeyState()
      return result
    },

    // ---- Purchases -----------------------------------------------------------------------------------
    async listOrders(args) {
      const client = ctx.signedInClient()
      const [globals, page, keys] = await Promise.all([client.getGlobals(), client.searchOrders({ role: 'buyer' }), knownKeys()])
      const rows = page.data.map((order) => toOrderRow(order, globals.selling_round, keys))
      return { sellingRound: globals.selling_round, orders: args?.includeInactive ? rows : rows.filter((row) => row.active) }
    },
    async listArtifacts({ orderId }) {
      const client = ctx.signedInClient()
      const order = (await client.searchOrders({ role: 'buyer', id: orderId })).data.find((candidate) => candidate.id === orderId)
      if (!order) throw new AppError('API_NOT_FOUND', { detail: `order ${orderId}` })
      const artifacts = order.buyer_public_key
        ? (await client.listOrderArtifacts(orderId)).data.map((artifact) => orderArtifactRow(artifact, order))
        : (await client.listProductArtifacts(order.product.id)).data.map((artifact) => productArtifactRow(artifact, order.product.id))
      return { orderId, artifacts }
    },

    // ---- Downloads -----------------------------------------------------------------------------------
    async planDownloads(args) {
      const client = ctx.signedInClient()
      const chosen = selection(args)
      const plan = await (await ctx.downloads()).plan(client, chosen)
      return { ...plan, destination: chosen.destination }
    },
    async startDownloads(args) {
      const client = ctx.signedInClient()
      const chosen = selection(args)
      const downloads = await ctx.downloads()
      ctx.openableFolders.add(chosen.destination)
      await downloads.start(client, chosen, ctx.settings.get().concurrency)
      return downloads.snapshot()
    },
    getDownloads: () => downloadsSnapshot(),
    pauseDownload: ({ key }) => withDownloads((port) => port.pause(key)),
    resumeDownload: ({ key }) => withDownloads((port) => port.resume(key)),
    cancelDownload: ({ key }) => withDownloads((port) => port.cancel(key)),
    pauseAllDownloads: () => withDownloads((port) => port.pauseAll()),
    resumeAllDownloads: () => withDownloads((port) => port.resumeAll()),
    cancelAllDownloads: () => withDownloads((port) => port.cancelAll()),
    async openFolder(args) {
      const downloadDir = ctx.settings.get().downloadDir
      const path = args?.path ?? downloadDir
      if (!path) throw new AppError('INVALID_ARGUMENT', { message: 'Choose a download folder first.' })
      if (path !== downloadDir && !ctx.openableFolders.has(path)) throw new AppError('FOLDER_NOT_ALLOWED')
      await ctx.shell.openPath(path)
      return null
    },

    // ---- Offline decrypt -----------------------------------------------------------------------------
    async decryptFiles(args) {
      const decrypt = await ctx.decrypt()
      const runId = randomUUID()
      const controller = new AbortController()
      ctx.decryptRuns.set(runId, controller)
      ctx.openableFolders.add(args.outputDir)
      try {
        const keyFile = args.keyFile ?? ctx.offlineKeyFile?.path
        return await decrypt.run({ runId, inputs: args.inputs, outputDir: args.outputDir, ...(keyFile ? { keyFile } : {}) }, (progress) => ctx.emit('decryptProgress', progress), controller.signal)
      } finally {
        ctx.decryptRuns.delete(runId)
      }
    },
    cancelDecrypt({ runId }) {
      ctx.decryptRuns.get(runId)?.abort()
      return null
    },
  }
}
