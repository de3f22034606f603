import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { defaultSettings } from '../../../src/shared/ipc'
import { createDispatcher, type Handlers } from '../../../src/main/desktop/dispatcher'
import { EventHub } from '../../../src/main/desktop/event-hub'

/** Handlers for the few channels a test uses; the rest are never called. */
function handlers(partial: Partial<Handlers>): Handlers {
  return new Proxy(partial, { get: (target, name) => target[name as keyof Handlers] ?? (() => Promise.reject(new Error(`unexpected ${String(name)}`))) }) as Handlers
}

describe('dispatcher', () => {
  it('returns {ok:true,value} with the result parsed by its schema', async () => {
    const dispatch = createDispatcher(handlers({ getSettings: () => ({ ...defaultSettings, secretField: 'nope' }) as never }))
    const result = await dispatch('getSettings', undefined)
    expect(result).toEqual({ ok: true, value: defaultSettings })
  })

  it('refuses unknown channels and bad arguments with INVALID_ARGUMENT naming fields, never values', async () => {
    const failures: string[] = []
    const dispatch = createDispatcher(handlers({}), { onFailure: (name, code) => failures.push(`${name}:${code}`) })
    const unknown = await dispatch('eval', undefined)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    const bad = await dispatch('signInWithPassword', { username: 'u', password: '', extra: 'hunter2' })
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.error.code).toBe('INVALID_ARGUMENT')
    expect(bad.error.detail).toContain('password')
    expect(JSON.stringify(bad)).not.toContain('hunter2')
    expect(failures).toEqual(['eval:INVALID_ARGUMENT', 'signInWithPassword:INVALID_ARGUMENT'])
  })

  it('turns AppErrors into ErrorInfo and anything else into INTERNAL without its text', async () => {
    const dispatch = createDispatcher(
      handlers({
        unlockKey: () => Promise.reject(new AppError('SIGNER_REJECTED')),
        lockKey: () => Promise.reject(new Error('private key 0xdeadbeef leaked in a message')),
      }),
    )
    const rejected = await dispatch('unlockKey', undefined)
    expect(rejected).toEqual({ ok: false, error: expect.objectContaining({ code: 'SIGNER_REJECTED', expected: true }) })
    const crashed = await dispatch('lockKey', undefined)
    expect(crashed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(crashed)).not.toContain('deadbeef')
  })

  it('reports a result that breaks the contract as INTERNAL instead of sending it', async () => {
    const dispatch = createDispatcher(handlers({ getSettings: () => ({ apiUrl: 'not a url' }) as never }))
    expect(await dispatch('getSettings', undefined)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

describe('event hub', () => {
  it('sends parsed payloads, drops off-contract ones and keeps the last of each stream', () => {
    const problems: string[] = []
    const hub = new EventHub((name, paths) => problems.push(`${name}@${paths}`))
    const seen: unknown[] = []
    const stop = hub.subscribe((name, payload) => seen.push([name, payload]))
    hub.subscribe(() => {
      throw new Error('a closed socket')
    })
    hub.emit('walletConnectStatus', { state: 'idle' })
    hub.emit('walletConnectStatus', { state: 'pairing', uri: 'https://not-wc', qrDataUrl: 'data:image/png;base64,', expiresAt: 1 })
    expect(seen).toEqual([['walletConnectStatus', { state: 'idle' }]])
    expect(problems).toEqual(['walletConnectStatus@uri'])
    expect(hub.last('walletConnectStatus')).toEqual({ state: 'idle' })
    stop()
    hub.emit('walletConnectStatus', { state: 'idle' })
    expect(seen).toHaveLength(1)
  })
})

describe('every request ends', () => {
  it('answers TIMEOUT when a handler does not finish within its limit', async () => {
    const dispatch = createDispatcher(handlers({ getDownloads: () => new Promise(() => undefined) }), { timeLimitsMs: { getDownloads: 50 } })
    const started = Date.now()
    const result = await dispatch('getDownloads', undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'TIMEOUT', message: 'This did not finish within 0 s, so the app stopped waiting.' } })
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('gives every channel a limit except those waiting on a window the person sees', async () => {
    const { TIME_LIMITS_MS, DEFAULT_TIME_LIMIT_MS } = await import('../../../src/main/desktop/dispatcher')
    const unlimited = Object.entries(TIME_LIMITS_MS)
      .filter(([, limit]) => limit === null)
      .map(([name]) => name)
      .sort()
    expect(unlimited).toEqual(['chooseDecryptKeyFile', 'chooseFiles', 'chooseFolder', 'decryptFiles', 'exportKey', 'importKey', 'useKeyFile'])
    expect(DEFAULT_TIME_LIMIT_MS).toBeLessThanOrEqual(60_000)
  })
})
