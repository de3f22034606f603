// electron-builder afterPack hook: burns the Electron fuses into the packed binary, before signing.
// Without these, `ELECTRON_RUN_AS_NODE`, NODE_OPTIONS or --inspect would turn the signed app into a generic
// Node runtime with the user's trust, a modified app.asar (or loose app folder) would still run, and file://
// pages would keep their extra privileges although only app:// is used.
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

/** The fuse settings (exported for the test that checks them). */
export function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    // Apple Silicon refuses ad-hoc signed binaries whose contents changed; unsigned builds need re-signing.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // file:// pages would otherwise get privileges (fetch, other file:// reads) no page of ours needs: the
    // renderer is served from app://, so a file:// page can only be something that should not be there.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  }
}

/** The Electron binary (or .app bundle) inside the packed output, named as electron-builder names it. */
export function electronBinaryPath(context) {
  const name = context.packager.appInfo.productFilename
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`)
    case 'win32':
      return join(context.appOutDir, `${name}.exe`)
    default:
      return join(context.appOutDir, context.packager.executableName)
  }
}

const archNames = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' }

/** `flip` is injectable for the test; electron-builder calls this with the pack context only. */
export async function afterPack(context, flip = flipFuses) {
  const arch = typeof context.arch === 'number' ? archNames[context.arch] : context.arch
  await flip(electronBinaryPath(context), fuseConfig(context.electronPlatformName, arch))
}

export default afterPack
