// The layer and cycle check that `npm run lint` runs (.dependency-cruiser.cjs): it passes on the project and
// fails on a small tree that breaks each rule once.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const depcruise = join(root, 'node_modules/.bin/depcruise')
const config = join(root, '.dependency-cruiser.cjs')

async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(depcruise, ['src', '--config', config], { cwd })
    return { code: 0, output: stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, output: failed.stdout + failed.stderr }
  }
}

/** One file per rule broken, each importing across a boundary it must not cross. */
const violations: Record<string, string> = {
  'src/main/crypto/leaf.ts': "import { engine } from '../downloads/engine'\nexport const leaf = engine",
  'src/main/downloads/engine.ts': 'export const engine = 1',
  'src/shared/one.ts': "import type { Two } from './two'\nexport type One = { two?: Two }",
  'src/shared/two.ts': "import type { One } from './one'\nexport type Two = { one?: One }",
  'src/main/numerbay/window.ts': "import { app } from 'electron'\nexport const name = app.getName()",
  'src/main/preview/server.ts': "import { csp } from '../app/csp'\nexport const header = csp",
  'src/main/app/csp.ts': "export const csp = 'default-src self'",
  'src/main/workflows/sync.ts': "import { handlers } from '../desktop/handlers'\nexport const sync = handlers",
  'src/main/desktop/handlers.ts': 'export const handlers = {}',
  'src/main/vault/reach-up.ts': "import { sync } from '../workflows/sync'\nexport const up = sync",
  'src/cli/command.ts': "import { handlers } from '../main/desktop/handlers'\nexport const command = handlers",
  'src/renderer/screen.ts': "import { engine } from '../main/downloads/engine'\nexport const screen = engine",
  'src/renderer/disk.ts': "import { readFileSync } from 'node:fs'\nexport const read = readFileSync",
}

describe('layer and cycle check', () => {
  let tree: string
  beforeAll(async () => {
    tree = await mkdtemp(join(tmpdir(), 'layers-'))
    for (const [path, text] of Object.entries(violations)) {
      await mkdir(dirname(join(tree, path)), { recursive: true })
      await writeFile(join(tree, path), `${text}\n`)
    }
    await writeFile(join(tree, 'tsconfig.node.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'bundler' } }))
  })
  afterAll(async () => {
    await rm(tree, { recursive: true, force: true })
  })

  it('passes on the project', async () => {
    const result = await cruise(root)
    expect(result.output).toContain('no dependency violations found')
    expect(result.code).toBe(0)
  })

  it('fails on each broken rule, type-only cycles included', async () => {
    const result = await cruise(tree)
    expect(result.output).toMatch(/no-cycles: src\/shared\/one.ts → \s+src\/shared\/two.ts/)
    expect(result.code).not.toBe(0)
    for (const rule of [
      'crypto-is-a-leaf: src/main/crypto/leaf.ts → src/main/downloads/engine.ts',
      'no-cycles: src/shared/one.ts → ',
      'only-app-imports-electron: src/main/numerbay/window.ts → electron',
      'preview-apart-from-app: src/main/preview/server.ts → src/main/app/csp.ts',
      'workflows-below-entry-points: src/main/workflows/sync.ts → src/main/desktop/handlers.ts',
      'services-below-workflows: src/main/vault/reach-up.ts → src/main/workflows/sync.ts',
      'cli-apart-from-the-desktop: src/cli/command.ts → src/main/desktop/handlers.ts',
      'renderer-is-sealed: src/renderer/screen.ts → src/main/downloads/engine.ts',
      'renderer-has-no-node: src/renderer/disk.ts → fs',
    ]) {
      expect(result.output).toContain(rule)
    }
  })
})
