import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { RENDERER_CSP } from '../../../src/shared/csp'
import { handleAppProtocol, registerAppScheme, resolveAppRequest } from '../../../src/main/app/protocol'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'app-protocol-'))
  await mkdir(join(root, 'assets'))
  await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>')
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)')
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('app:// protocol', () => {
  it('registers app:// as a standard, secure scheme', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() }
    registerAppScheme(protocol)
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }])
  })

  it('maps requests inside the renderer folder only', () => {
    expect(resolveAppRequest('app://numerbay/', root)).toBe(join(root, 'index.html'))
    expect(resolveAppRequest('app://numerbay/assets/app.js', root)).toBe(join(root, 'assets', 'app.js'))
    // The URL parser resolves dot segments (encoded or not) at the root, so these stay inside the folder.
    expect(resolveAppRequest('app://numerbay/../../etc/passwd', root)).toBe(join(root, 'etc', 'passwd'))
    expect(resolveAppRequest('app://numerbay/%2e%2e/%2e%2e/etc/passwd', root)).toBe(join(root, 'etc', 'passwd'))
    // Encoded separators survive parsing and would climb out after decoding: refused.
    expect(resolveAppRequest('app://numerbay/..%2f..%2fetc%2fpasswd', root)).toBeNull()
    expect(resolveAppRequest('app://other/index.html', root)).toBeNull()
    expect(resolveAppRequest('app://numerbay/%00', root)).toBeNull()
  })

  it('serves files with the CSP header and 404s everything else', async () => {
    let handler: ((request: Request) => Promise<Response>) | null = null
    handleAppProtocol({ handle: (_scheme: string, h: (request: Request) => Promise<Response>) => (handler = h) } as never, root)
    const page = await handler!(new Request('app://numerbay/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(await page.text()).toContain('<title>x</title>')
    expect((await handler!(new Request('app://numerbay/missing.js'))).status).toBe(404)
    expect((await handler!(new Request('app://numerbay/..%2f..%2f..%2fetc%2fpasswd'))).status).toBe(404)
  })

  it('keeps the strict directives: only our scripts, no eval, no remote content', () => {
    expect(RENDERER_CSP).toContain("default-src 'self'")
    expect(RENDERER_CSP).toContain("script-src 'self'")
    expect(RENDERER_CSP).not.toContain('unsafe-eval')
    expect(RENDERER_CSP).not.toMatch(/script-src[^;]*(unsafe-inline|https?:|\*)/)
    expect(RENDERER_CSP).toContain("object-src 'none'")
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'")
  })
})
