// scripts/setup.sh in --dry-run mode on pretend systems (os-release file, dpkg-query, id and sudo stand-ins on
// PATH): it installs only what is missing, says what it will run before running it, uses sudo when not root,
// stops with what to install on other systems, and notes when Node is too old for packaging.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/cli'

const dir = mkdtempSync(join(tmpdir(), 'numerbay-setup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function osRelease(name: string, id: string, like = ''): string {
  const path = join(dir, name)
  writeFileSync(path, `ID=${id}\nID_LIKE="${like}"\n`)
  return path
}

/** A bin folder with dpkg-query (packages in $MISSING are absent), and optionally id/sudo for a non-root user. */
function shims(name: string, options: { notRoot?: boolean } = {}): string {
  const bin = join(dir, `bin-${name}`)
  spawnSync('mkdir', ['-p', bin])
  const write = (file: string, text: string): void => {
    writeFileSync(join(bin, file), text)
    chmodSync(join(bin, file), 0o755)
  }
  write('dpkg-query', '#!/bin/sh\nfor pkg in $MISSING; do [ "$pkg" = "$3" ] && exit 1; done\nprintf "install ok installed"\n')
  write('apt-get', '#!/bin/sh\necho "apt-get must not run in a dry run" >&2; exit 9\n')
  if (options.notRoot) {
    write('id', '#!/bin/sh\necho 1000\n')
    write('sudo', '#!/bin/sh\necho "sudo must not run in a dry run" >&2; exit 9\n')
  }
  return bin
}

function setup(env: NodeJS.ProcessEnv, args = ['--dry-run']): { code: number | null; out: string } {
  const result = spawnSync('bash', ['scripts/setup.sh', ...args], { cwd: repoRoot, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '', ...env }, encoding: 'utf8' })
  return { code: result.status, out: result.stdout + result.stderr }
}

describe('scripts/setup.sh', () => {
  const debian = osRelease('debian', 'debian')

  it('on Debian with everything installed it installs nothing', () => {
    const bin = shims('all-there')
    const run = setup({ NUMERBAY_SETUP_OS_RELEASE: debian, NUMERBAY_SETUP_UNAME: 'Linux', PATH: `${bin}:${process.env.PATH}`, MISSING: '' })
    expect(run.code).toBe(0)
    expect(run.out).toContain('system packages: chromium libusb-1.0-0 python3-nacl are installed.')
    expect(run.out).not.toContain('apt-get install')
    expect(run.out).toContain('done. Next: npm test')
  })

  it('installs only what is missing, says so first, and goes through sudo when not root', () => {
    const bin = shims('not-root', { notRoot: true })
    const run = setup({ NUMERBAY_SETUP_OS_RELEASE: debian, NUMERBAY_SETUP_UNAME: 'Linux', PATH: `${bin}:${process.env.PATH}`, MISSING: 'libusb-1.0-0 python3-nacl' })
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    const announced = lines.findIndex((line) => line === 'setup: will install with apt-get: libusb-1.0-0 python3-nacl (through sudo)')
    const install = lines.findIndex((line) => line === 'setup: running: sudo apt-get install -y -qq --no-install-recommends libusb-1.0-0 python3-nacl')
    expect(announced).toBeGreaterThanOrEqual(0)
    expect(install).toBeGreaterThan(announced)
  })

  it('uses chromium-browser on Ubuntu', () => {
    const bin = shims('ubuntu')
    const run = setup({ NUMERBAY_SETUP_OS_RELEASE: osRelease('ubuntu', 'ubuntu', 'debian'), NUMERBAY_SETUP_UNAME: 'Linux', PATH: `${bin}:${process.env.PATH}`, MISSING: 'chromium-browser' })
    expect(run.out).toContain('will install with apt-get: chromium-browser')
  })

  it('elsewhere prints exactly what to install and stops (exit 1)', () => {
    const run = setup({ NUMERBAY_SETUP_OS_RELEASE: osRelease('fedora', 'fedora'), NUMERBAY_SETUP_UNAME: 'Linux' })
    expect(run.code).toBe(1)
    expect(run.out).toContain('is not one this script sets up')
    expect(run.out).toContain('Fedora: sudo dnf install chromium libusb1 python3-pynacl')
    expect(run.out).not.toContain('npm ci --no-audit')
    expect(setup({ NUMERBAY_SETUP_UNAME: 'FreeBSD' }).code).toBe(1)
  })

  it('plans npm ci without running it in a dry run, and notes the Node version packaging needs', () => {
    const bin = shims('npm-step')
    const run = setup({ NUMERBAY_SETUP_OS_RELEASE: debian, NUMERBAY_SETUP_UNAME: 'Linux', PATH: `${bin}:${process.env.PATH}`, MISSING: '' }, ['--dry-run', '--force'])
    expect(run.out).toContain('setup: running: npm ci --no-audit --no-fund')
    const needs = /npm run dist \(packaging\) needs Node (\d+\.\d+\.\d+) or newer/.exec(run.out)
    const [major, minor] = process.versions.node.split('.').map(Number)
    if (needs) {
      const [needMajor, needMinor] = needs[1]!.split('.').map(Number)
      expect(major! < needMajor! || (major === needMajor && minor! < needMinor!)).toBe(true)
    } else {
      expect(run.out).not.toContain('packaging')
    }
  })

  it('refuses an unknown option (exit 2)', () => {
    expect(setup({}, ['--frobnicate']).code).toBe(2)
  })
})
