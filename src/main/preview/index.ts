/**
 * The browser preview (development and end-to-end tests only): the renderer in a normal browser, backed by the
 * real services in this Node process over a token-guarded loopback WebSocket. `npm run browser` is its command
 * line (docs/contributing/development.md); tests start it in-process:
 *
 *   const preview = await startPreview({ demo: true, ledgerEmulator: true, renderer: 'built', port: 0 })
 *   preview.dialogs.answer('folder', '/tmp/out')   // the next folder dialog returns this (null = cancel)
 *   await page.goto(preview.url)
 *   // preview.backend (dispatch, events), preview.apiUrl, preview.opened.{external,folders}, preview.dialogs.asked
 *   await preview.close()
 *
 * Other options: `apiUrl` (a demo server the test started with its own seed), `walletConnectRelayUrl`,
 * `dataDir`, `env`, and `services` (stand-ins for the real services). The preview client is injected into
 * index.html by the preview server only, so the production renderer bundle never contains it.
 */

export { startPreview, injectPreviewClient, HARDHAT_MNEMONIC, type PreviewHandle, type PreviewOptions } from './server'
export { ScriptedDialogs } from './dialogs'
