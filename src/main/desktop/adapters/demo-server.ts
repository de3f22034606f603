// The in-app demo server ("try it without an account") as the desktop's DemoServerPort: on 127.0.0.1, with the
// demo seed.

import { parseSeed, startDemoServer, type DemoServerHandle } from '../../../demo-server'
import type { DemoServerPort } from '../ports'
import { parsePrivateKeyHex } from '../../signers/software-key'
import { addressFromPrivateKey } from '../../signers/signature'

/** The demo wallet is the seed's first user with a wallet key (Hardhat account #0: public test data). */
export function createDemoServerPort(loadSeed: () => Promise<unknown> = async () => (await import('../../../demo-server/seeds/demo.json')).default): DemoServerPort {
  let handle: DemoServerHandle | null = null
  let starting: Promise<DemoServerHandle> | null = null
  return {
    async start() {
      starting ??= loadSeed().then((seed) => startDemoServer({ seed: parseSeed(seed) }))
      handle = await starting
      const seed = parseSeed(await loadSeed())
      const wallet = seed.users.find((user) => user.wallet_private_key)
      const login = seed.users.find((user) => user.password && user.username && user.wallet_private_key)
      return {
        apiUrl: handle.apiUrl,
        demoAddress: wallet?.address ?? (wallet?.wallet_private_key ? addressFromPrivateKey(parsePrivateKeyHex(wallet.wallet_private_key)) : null),
        demoPrivateKey: wallet?.wallet_private_key ?? null,
        demoLogin: login?.password && login.username ? { username: login.username, password: login.password } : null,
      }
    },
    async close() {
      const current = handle ?? (starting ? await starting.catch(() => null) : null)
      handle = null
      starting = null
      await current?.close()
    },
  }
}
