import { mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { platformDataDir, ensurePrivateDir } from '../../../src/main/fs/data-dir'
import { readEnvironment } from '../../../src/main/config/environment'

describe('app data dir', () => {
  it('honours NUMERBAY_DATA_DIR, then the platform convention', () => {
    expect(readEnvironment({ NUMERBAY_DATA_DIR: '/x/y' }, 'linux').dataDir).toBe('/x/y')
    expect(platformDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/numerbay-desktop')
    expect(platformDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain('NumerBay Desktop')
    expect(platformDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/NumerBay Desktop$/)
  })

  it('creates an owner-only folder', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'nb-')), 'a', 'b')
    await ensurePrivateDir(dir)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
  })
})
