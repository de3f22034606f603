// `npm run deps:runtime` (issue 14): the runtime tree with versions, Electron included, for auditing elsewhere
// (npm audit cannot reach its advisory service from these machines).
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const run = async (...args: string[]) => (await promisify(execFile)('node', ['scripts/deps-runtime.mjs', ...args], { cwd: root, maxBuffer: 16 << 20 })).stdout

interface Listed {
  name: string
  version: string
  path: string
  integrity: string | null
  via: string[]
}

describe('deps:runtime', () => {
  it('is an npm script', () => {
    expect(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts['deps:runtime']).toBe('node scripts/deps-runtime.mjs')
  })

  it('lists every runtime package with its version and integrity, Electron included, and no build tools', async () => {
    const listed = JSON.parse(await run('--json')) as Listed[]
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as { packages: Record<string, { version: string }> }
    const byName = new Map(listed.map((item) => [item.name, item]))
    for (const name of ['electron', 'sodium-native', '@ledgerhq/hw-app-eth', '@walletconnect/sign-client', 'react', 'zod']) {
      expect(byName.get(name)?.version, name).toBe(lock.packages[`node_modules/${name}`]!.version)
    }
    // Reached only through other packages, and said so: what the docs explain.
    expect(byName.get('axios')?.via).toEqual(expect.arrayContaining(['@ledgerhq/hw-app-eth']))
    expect(byName.get('elliptic')?.via).toEqual(['@ethersproject/signing-key'])
    for (const tool of ['vitest', 'typescript', 'eslint', 'electron-builder', 'ethers', 'vite', '@electron/get']) expect(byName.has(tool), tool).toBe(false)
    for (const item of listed) {
      expect(item.version, item.name).toMatch(/^\d+\.\d+\.\d+/)
      expect(item.integrity, item.name).toMatch(/^sha(256|384|512)-/)
    }
  })

  it('prints a readable list by default and a tree on request', async () => {
    const text = await run()
    expect(text.split('\n')[0]).toMatch(/^# numerbay-desktop@\S+: \d+ runtime packages/)
    expect(text).toMatch(/^elliptic@6\.\d+\.\d+ {2}<- @ethersproject\/signing-key$/m)
    expect(text).toMatch(/^electron@\d+\.\d+\.\d+$/m)
    expect(await run('--tree')).toMatch(/^@ledgerhq\/hw-app-eth@\S+\n {2}\S+/m)
  })
})
