import { readFileSync } from 'node:fs'
import { startDemoServer, type DemoServerHandle, type DemoServerOptions, type SeedInput } from '../../src/demo-server'

/** The demo seed that ships with the app (src/demo-server/seeds/demo.json). */
export function demoSeed(): SeedInput {
  return JSON.parse(readFileSync(new URL('../../src/demo-server/seeds/demo.json', import.meta.url), 'utf8')) as SeedInput
}

/** Hardhat account #0: the demo buyer's wallet (a public test key). */
export const DEMO_WALLET_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
export const DEMO_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
/** Hardhat account #1 (password-buyer's wallet) and #2 (legacy-buyer's wallet). */
export const SECOND_WALLET_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
export const THIRD_WALLET_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'
/** The legacy-buyer's v1 private key in the demo seed. */
export const DEMO_LEGACY_PRIVATE_KEY = '/eD27Du6P8A78tWfxiQ8dut3bn8aK8g4r7vkJ1KlYZE='

/** Starts a demo server on 127.0.0.1, port 0, with the demo seed unless another is given. Close it in afterEach/afterAll. */
export async function startTestDemoServer(options: Partial<DemoServerOptions> = {}): Promise<DemoServerHandle> {
  return startDemoServer({ seed: demoSeed(), port: 0, host: '127.0.0.1', ...options })
}
