// The production build (what the packaged app ships): the renderer has the strict CSP and none of the
// preview bridge; the preload is one sandbox-ready CommonJS file that requires only electron; the main bundle
// parses as an ES module.
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RENDERER_CSP } from '../../../src/main/app/csp'
import { PREVIEW_BRIDGE_PATH, PREVIEW_CLIENT_PATH } from '../../../src/shared/ipc/preview-protocol'

const run = promisify(execFile)
const root = new URL('../../../', import.meta.url).pathname
let out: string

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'shell-bundle-'))
  await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out], { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
}, 240_000)

afterAll(() => rm(out, { recursive: true, force: true }))

describe('production bundle', () => {
  it('renderer: strict CSP meta matching the header, and no preview bridge code', async () => {
    const html = await readFile(join(out, 'renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    const directives = meta!.split(';').map((part) => part.trim())
    const header = RENDERER_CSP.split(';').map((part) => part.trim())
    // The meta repeats the header (frame-ancestors only works as a header).
    expect(directives).toEqual(header.filter((directive) => !directive.startsWith('frame-ancestors')))
    expect(meta).not.toContain('unsafe-eval')
    const files = await filesUnder(join(out, 'renderer'))
    expect(files.some((file) => file.endsWith('.js'))).toBe(true)
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      for (const marker of [PREVIEW_BRIDGE_PATH, PREVIEW_CLIENT_PATH, 'numerbay-preview-token', 'dialog-answer']) {
        expect(text.includes(marker), `${marker} in ${file}`).toBe(false)
      }
      expect(text).not.toMatch(/new WebSocket\(/)
    }
  })

  it('preload: one CommonJS file that requires only electron and exposes named functions', async () => {
    const preload = await readFile(join(out, 'preload/index.cjs'), 'utf8')
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])
    expect(new Set(requires)).toEqual(new Set(['electron']))
    expect(preload).toContain('exposeInMainWorld("numerbay"')
    // Channel names only: no schema library in the sandboxed preload.
    expect(preload).not.toContain('safeParse')
    expect(preload.length).toBeLessThan(20_000)
    expect(preload).not.toMatch(/^(import|export) /m)
  })

  it('main: parses as an ES module (no duplicate top-level bindings from the CommonJS shim)', async () => {
    const copy = join(out, 'main-check.mjs')
    await cp(join(out, 'main/index.js'), copy)
    await expect(run(process.execPath, ['--check', copy])).resolves.toBeDefined()
  })
})
