// Packaging cannot run here (no Electron binary), so this checks what can be checked: the electron-builder
// configuration passes electron-builder's own schema, ships no sources, unpacks the native addons, installs
// the udev rule with the deb, and the afterPack hook flips exactly the intended fuses.
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { FuseV1Options, FuseVersion } from '@electron/fuses'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'

const root = new URL('../../../', import.meta.url).pathname

async function loadConfig() {
  return getConfig(root, join(root, 'electron-builder.yml'), null)
}

describe('electron-builder configuration', () => {
  it('passes electron-builder schema validation', async () => {
    const config = await loadConfig()
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validator does reject a broken configuration (so the check above means something).
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, bogusOption: true } } as never, new DebugLogger(false))).rejects.toThrow()
  })

  it('names the app and targets every platform', async () => {
    const config = await loadConfig()
    expect(config.appId).toBe('ai.numerbay.desktop')
    expect(config.productName).toBe('NumerBay Desktop')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.mac?.hardenedRuntime).toBe(true)
    const entitlements = await readFile(join(root, config.mac!.entitlements!), 'utf8')
    expect(entitlements).toContain('com.apple.security.device.usb')
    expect(entitlements).toContain('com.apple.security.cs.allow-jit')
    expect(entitlements).not.toContain('disable-library-validation')
  })

  it('ships only the build output, with native addons outside the asar', async () => {
    const config = await loadConfig()
    // getConfig normalises `files` into file sets.
    const files = (config.files as Array<string | { filter?: string[] }>).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])))
    expect(files).toContain('out/**')
    for (const excluded of ['!src/**', '!test/**', '!scripts/**', '!{.env,.env.*,.npmrc,.eslintcache,.gitignore}', '!out/cli/**']) expect(files).toContain(excluded)
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/node-hid/**', 'node_modules/usb/**', 'node_modules/sodium-native/**', 'node_modules/keccak/**']))
  })

  it('installs the Ledger udev rule with the deb', async () => {
    const config = await loadConfig()
    expect(config.extraResources).toEqual([{ from: 'resources/udev/20-hw1.rules', to: 'udev/20-hw1.rules' }])
    await access(join(root, 'resources/udev/20-hw1.rules'))
    const script = await readFile(join(root, config.deb!.afterInstall!), 'utf8')
    expect(script).toContain('/etc/udev/rules.d/20-hw1.rules')
    expect(script).toContain('chrome-sandbox')
    expect(await readFile(join(root, config.deb!.afterRemove!), 'utf8')).toContain('rm -f /etc/udev/rules.d/20-hw1.rules')
  })
})

describe('Linux packages declare the libusb dependency', () => {
  /** electron-builder's own dependency list for a target, which a `depends` in the config replaces. */
  async function builderDefaults(target: 'deb' | 'rpm'): Promise<string[]> {
    const { default: FpmTarget } = (await import('app-builder-lib/out/targets/FpmTarget')) as unknown as {
      default: { prototype: { getDefaultDepends(target: string): string[] } }
    }
    return FpmTarget.prototype.getDefaultDepends.call(null, target)
  }

  it('the deb depends on libusb-1.0-0 and still on everything Electron needs', async () => {
    const config = await loadConfig()
    const depends = config.deb?.depends ?? []
    expect(depends).toContain('libusb-1.0-0')
    expect(depends).toEqual(expect.arrayContaining(await builderDefaults('deb')))
  })

  it('the rpm depends on libusb1 and everything Electron needs, and installs the udev rule', async () => {
    const config = await loadConfig()
    const depends = config.rpm?.depends ?? []
    expect(depends).toContain('libusb1')
    expect(depends).toEqual(expect.arrayContaining(await builderDefaults('rpm')))
    expect(config.rpm?.afterInstall).toBe(config.deb?.afterInstall)
  })
})

describe('fuses (afterPack)', () => {
  it('is wired as the afterPack hook', async () => {
    const config = await loadConfig()
    expect(config.afterPack).toBe('./build/after-pack.mjs')
  })

  it('flips exactly the intended fuses on the packed binary', async () => {
    const config = await loadConfig()
    const hook = (await import(join(root, config.afterPack as string))) as { afterPack: (context: unknown, flip?: unknown) => Promise<void>; default: unknown }
    expect(hook.default).toBe(hook.afterPack)
    const flip = vi.fn(async () => undefined)
    const packager = { appInfo: { productFilename: 'NumerBay Desktop' }, executableName: 'numerbay-desktop' }
    await hook.afterPack({ electronPlatformName: 'linux', arch: 1, appOutDir: '/out/linux-unpacked', packager }, flip)
    await hook.afterPack({ electronPlatformName: 'darwin', arch: 3, appOutDir: '/out/mac-arm64', packager }, flip)
    await hook.afterPack({ electronPlatformName: 'win32', arch: 1, appOutDir: '/out/win-unpacked', packager }, flip)
    const expected = {
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      // Only app:// is used: file:// gets no extra privileges.
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }
    expect(flip.mock.calls).toEqual([
      ['/out/linux-unpacked/numerbay-desktop', { ...expected, resetAdHocDarwinSignature: false }],
      ['/out/mac-arm64/NumerBay Desktop.app', { ...expected, resetAdHocDarwinSignature: true }],
      ['/out/win-unpacked/NumerBay Desktop.exe', { ...expected, resetAdHocDarwinSignature: false }],
    ])
  })
})
