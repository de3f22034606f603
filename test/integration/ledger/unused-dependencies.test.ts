// axios and elliptic ship inside the app through @ledgerhq/hw-app-eth (axios: its token, NFT, plugin and ENS
// lookups; elliptic: @ethersproject/signing-key, under the transaction parser). This checks what docs/security.md
// says: the app's Ledger path loads them but never calls them, and opens no connection.
import { createRequire } from 'node:module'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/program'
import type { CliContext } from '../../../src/cli/context'
import { watchNetwork, type NetworkGuard } from '../../fixtures/walletconnect/network-guard'

const require = createRequire(import.meta.url)
const EMULATOR = 'emulator:test test test test test test test test test test test junk'

async function cli(args: string[]): Promise<number> {
  const context: CliContext = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: { ...process.env, NUMERBAY_LEDGER_TRANSPORT: EMULATOR },
    cwd: process.cwd(),
    exitCode: 0,
    stop: new AbortController().signal,
  }
  return runCli(args, context)
}

describe('dependencies on paths the app does not call', () => {
  const calls: string[] = []
  const restore: Array<() => void> = []
  let network: NetworkGuard

  beforeEach(() => {
    network = watchNetwork()
    // The copies hw-app-eth and @ethersproject/signing-key load (one of each in the tree: deps:runtime lists them).
    const elliptic = require('elliptic') as { ec: { prototype: Record<string, unknown> } }
    for (const method of ['keyFromPrivate', 'keyFromPublic', 'sign', 'verify', 'recoverPubKey', 'getKeyRecoveryParam', 'genKeyPair']) {
      const original = elliptic.ec.prototype[method] as (...args: unknown[]) => unknown
      elliptic.ec.prototype[method] = function (this: unknown, ...args: unknown[]) {
        calls.push(`elliptic ${method}`)
        return original.apply(this, args)
      }
      restore.push(() => (elliptic.ec.prototype[method] = original))
    }
    const axios = require('axios') as { defaults: { adapter: unknown } }
    const adapter = axios.defaults.adapter
    axios.defaults.adapter = async () => {
      calls.push('axios request')
      throw new Error('no network in this test')
    }
    restore.push(() => (axios.defaults.adapter = adapter))
  })
  afterEach(() => {
    for (const undo of restore.splice(0)) undo()
    network.stop()
    calls.length = 0
  })

  it('the Ledger flow (status, accounts, personal_sign) loads them and calls neither', async () => {
    expect(await cli(['ledger', 'status'])).toBe(0)
    expect(await cli(['ledger', 'accounts', '--count', '2'])).toBe(0)
    expect(await cli(['ledger', 'sign', '--message', 'hello'])).toBe(0)
    const loaded = Object.keys(require.cache)
    expect(loaded.some((path) => /node_modules[\\/]@ledgerhq[\\/]hw-app-eth[\\/]/.test(path))).toBe(true)
    expect(loaded.some((path) => /node_modules[\\/]elliptic[\\/]/.test(path))).toBe(true)
    expect(loaded.some((path) => /node_modules[\\/]axios[\\/]/.test(path))).toBe(true)
    expect(calls).toEqual([])
    expect(network.peers).toEqual([])
  })
})
