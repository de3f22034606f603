export { startPreview, injectPreviewClient, HARDHAT_MNEMONIC, type PreviewHandle, type PreviewOptions } from './server'
export { ScriptedDialogs } from './dialogs'
