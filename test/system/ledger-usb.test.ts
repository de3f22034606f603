// The real node-hid native module on this machine (needs libusb-1.0 on Linux): no Ledger is attached here.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { createNodeHidBackend } from '../../src/main/signers/ledger'
import { codeOf } from '../unit/ledger/support'

const root = join(import.meta.dirname, '..', '..')

describe('node-hid backend (real native module)', () => {
  it('lists no Ledger on this machine (no device attached)', async () => {
    expect(await createNodeHidBackend().list()).toEqual([])
  })

  it('turns an open failure on a node the user may not access into LEDGER_PERMISSION_DENIED (the udev rule)', async () => {
    const denied = createNodeHidBackend({
      platform: 'linux',
      checkAccess: () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
      },
    })
    const error = await denied.open('/dev/hidraw-missing').catch((e: unknown) => e)
    expect((error as { code: string }).code).toBe('LEDGER_PERMISSION_DENIED')
    expect((error as { action: string }).action).toContain('udevadm trigger')
    const allowed = createNodeHidBackend({ platform: 'linux', checkAccess: () => undefined })
    expect(await codeOf(allowed.open('/dev/hidraw-missing'))).not.toBe('LEDGER_PERMISSION_DENIED')
  })
})

describe('the built CLI in a child process, real USB backend', () => {
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: root })
  }, 120_000)

  it('without NUMERBAY_LEDGER_TRANSPORT there is no emulator: the real USB backend finds no Ledger here', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/numerbay-desktop.js', 'ledger', 'status', '--json'], {
      cwd: root,
      env: { ...process.env, NUMERBAY_LEDGER_TRANSPORT: '' },
    })
    expect(JSON.parse(stdout)).toEqual({ state: 'no-device' })
  })
})
