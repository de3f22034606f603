// The hook runner against real child processes: a Node script that records its argv and environment.
import { readFileSync } from 'node:fs'
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { describeHookOutcome, hookEnvironment, runHook, type HookFile } from '../../../src/main/watch/hook'

const posix = process.platform !== 'win32'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'numerbay-hook-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A hook script: records argv and env into RECORD_TO, then does what BEHAVE says. */
const SCRIPT = `
const fs = require('node:fs')
const { spawn } = require('node:child_process')
fs.writeFileSync(process.env.RECORD_TO, JSON.stringify({ argv: process.argv.slice(2), env: process.env }))
const behave = process.env.BEHAVE || 'ok'
process.stdout.write('hook out\\n')
process.stderr.write('hook err\\n')
if (behave === 'fail') { process.stderr.write('upload refused\\n'); process.exit(3) }
if (behave === 'suicide') process.kill(process.pid, 'SIGKILL')
if (behave === 'hang' || behave === 'stubborn') {
  if (behave === 'stubborn') process.on('SIGTERM', () => fs.writeFileSync(process.env.RECORD_TO + '.term', 'ignored'))
  const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  fs.writeFileSync(process.env.RECORD_TO + '.grandchild', String(grandchild.pid))
  setInterval(() => {}, 1000)
}
`

const file = (path: string): HookFile => ({ path, orderId: 42, product: 'Alpha Signals', round: 600, artifactId: 'ab'.repeat(16), sha256: 'c'.repeat(64) })

async function setUpScript(): Promise<{ script: string; record: string }> {
  const script = join(dir, 'hook.cjs')
  await writeFile(script, SCRIPT)
  return { script, record: join(dir, 'record.json') }
}

/** Running (a zombie waiting for a reaper that this container may not have counts as gone). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  if (process.platform !== 'linux') return true
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

class Collect extends Writable {
  text = ''
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString()
    callback()
  }
}

describe('runHook', () => {
  it('runs PROGRAM ARGS... <file> with NUMERBAY_* added to the parent environment, secrets withheld, output forwarded', async () => {
    const { script, record } = await setUpScript()
    const forward = new Collect()
    const target = join(dir, 'Alpha Signals', '600', 'preds.csv')
    const run = await runHook(
      { program: process.execPath, args: [script, '--model', 'my model'] },
      file(target),
      { env: { ...process.env, RECORD_TO: record, KEEP_ME: 'yes', NUMERBAY_PASSWORD: 'hunter2', SIGNER_KEY: '0xsecret' }, withhold: ['NUMERBAY_PASSWORD', 'SIGNER_KEY'], forward },
    )
    expect(run.outcome).toEqual({ kind: 'ok' })
    const seen = JSON.parse(await readFile(record, 'utf8')) as { argv: string[]; env: Record<string, string> }
    expect(seen.argv).toEqual(['--model', 'my model', target])
    expect(seen.env).toMatchObject({
      NUMERBAY_FILE: target,
      NUMERBAY_ORDER_ID: '42',
      NUMERBAY_PRODUCT: 'Alpha Signals',
      NUMERBAY_ROUND: '600',
      NUMERBAY_ARTIFACT_ID: 'ab'.repeat(16),
      NUMERBAY_SHA256: 'c'.repeat(64),
      KEEP_ME: 'yes',
    })
    expect(seen.env.NUMERBAY_PASSWORD).toBeUndefined()
    expect(seen.env.SIGNER_KEY).toBeUndefined()
    expect(forward.text).toContain('hook out\n')
    expect(forward.text).toContain('hook err\n')
    expect([run.stdoutTail, run.stderrTail]).toEqual(['hook out\n', 'hook err\n'])
    expect(run.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('never goes through a shell: metacharacters in the path and arguments arrive verbatim, and nothing runs', async () => {
    const { script, record } = await setUpScript()
    const hostile = join(dir, '$(touch pwned); `touch pwned2` | echo & x.csv')
    const run = await runHook({ program: process.execPath, args: [script, '*', '$HOME'] }, file(hostile), { env: { ...process.env, RECORD_TO: record }, forward: null })
    expect(run.outcome).toEqual({ kind: 'ok' })
    expect((JSON.parse(await readFile(record, 'utf8')) as { argv: string[] }).argv).toEqual(['*', '$HOME', hostile])
    expect((await readdir(dir)).filter((name) => name.startsWith('pwned'))).toEqual([])
  })

  it('reports a non-zero exit with its code and the end of stderr', async () => {
    const { script, record } = await setUpScript()
    const run = await runHook({ program: process.execPath, args: [script] }, file(join(dir, 'f.csv')), { env: { ...process.env, RECORD_TO: record, BEHAVE: 'fail' }, forward: null })
    expect(run.outcome).toEqual({ kind: 'exit', exitCode: 3 })
    expect(run.stderrTail).toBe('hook err\nupload refused\n')
    expect(describeHookOutcome(run.outcome)).toBe('exited with code 3')
  })

  it.runIf(posix)('reports a program killed from outside by its signal', async () => {
    const { script, record } = await setUpScript()
    const run = await runHook({ program: process.execPath, args: [script] }, file(join(dir, 'f.csv')), { env: { ...process.env, RECORD_TO: record, BEHAVE: 'suicide' }, forward: null })
    expect(run.outcome).toEqual({ kind: 'signal', signal: 'SIGKILL' })
  })

  it.runIf(posix)('stops a program past its time limit together with its process group (children included)', async () => {
    const { script, record } = await setUpScript()
    const run = await runHook({ program: process.execPath, args: [script] }, file(join(dir, 'f.csv')), {
      env: { ...process.env, RECORD_TO: record, BEHAVE: 'hang' },
      timeoutMs: 1500,
      killGraceMs: 500,
      forward: null,
    })
    expect(run.outcome).toEqual({ kind: 'timeout', timeoutMs: 1500 })
    expect(run.durationMs).toBeGreaterThanOrEqual(1400)
    expect(run.durationMs).toBeLessThan(6000)
    const grandchild = Number(await readFile(`${record}.grandchild`, 'utf8'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(isAlive(grandchild)).toBe(false)
    expect(describeHookOutcome(run.outcome)).toBe('ran longer than 1.5s and was stopped')
  })

  it.runIf(posix)('kills a program that ignores SIGTERM once the grace time is over', async () => {
    const { script, record } = await setUpScript()
    const run = await runHook({ program: process.execPath, args: [script] }, file(join(dir, 'f.csv')), {
      env: { ...process.env, RECORD_TO: record, BEHAVE: 'stubborn' },
      timeoutMs: 1500,
      killGraceMs: 300,
      forward: null,
    })
    expect(run.outcome.kind).toBe('timeout')
    expect(await readFile(`${record}.term`, 'utf8')).toBe('ignored')
    expect(isAlive(Number(await readFile(`${record}.grandchild`, 'utf8')))).toBe(false)
  })

  it('stops the program when the watcher stops (interrupted), and does not start one after that', async () => {
    const { script, record } = await setUpScript()
    const controller = new AbortController()
    const running = runHook({ program: process.execPath, args: [script] }, file(join(dir, 'f.csv')), {
      env: { ...process.env, RECORD_TO: record, BEHAVE: 'hang' },
      killGraceMs: 500,
      signal: controller.signal,
      forward: null,
    })
    // Wait until it runs (it writes its record first), then stop.
    for (let i = 0; i < 100 && !(await readFile(`${record}.grandchild`, 'utf8').catch(() => '')); i++) await new Promise((resolve) => setTimeout(resolve, 50))
    controller.abort()
    const run = await running
    expect(run.outcome).toEqual({ kind: 'interrupted' })
    const late = await runHook({ program: process.execPath, args: [script] }, file(join(dir, 'g.csv')), { signal: controller.signal, forward: null })
    expect(late.outcome).toEqual({ kind: 'interrupted' })
  })

  it('reports a program that cannot start (missing, not executable) as a spawn error', async () => {
    const missing = await runHook({ program: join(dir, 'no-such-program'), args: [] }, file(join(dir, 'f.csv')), { forward: null })
    expect(missing.outcome).toMatchObject({ kind: 'spawn-error', code: 'ENOENT' })
    expect(describeHookOutcome(missing.outcome)).toBe('could not start: no such program')
    if (posix) {
      const plain = join(dir, 'not-executable.sh')
      await writeFile(plain, '#!/bin/sh\nexit 0\n')
      await chmod(plain, 0o644)
      const denied = await runHook({ program: plain, args: [] }, file(join(dir, 'f.csv')), { forward: null })
      expect(denied.outcome).toMatchObject({ kind: 'spawn-error', code: 'EACCES' })
    }
  })
})

describe('hookEnvironment', () => {
  it('sets NUMERBAY_ROUND empty for a file without a round, and overrides inherited NUMERBAY_* values', () => {
    const env = hookEnvironment({ ...file('/x/f.csv'), round: null }, { NUMERBAY_FILE: '/stale', PATH: '/bin' })
    expect(env).toMatchObject({ NUMERBAY_FILE: '/x/f.csv', NUMERBAY_ROUND: '', PATH: '/bin' })
  })
})
