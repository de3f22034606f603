// How runCli turns a stop into the exit code, in process (the process wiring is in stop.test.ts; the real
// launcher with closed pipes in test/integration/cli/output-closed.test.ts).
import { PassThrough } from 'node:stream'
import { join } from 'node:path'
import { readdir } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/program'
import type { CliContext } from '../../../src/cli/context'
import { CliStop, type StopCause } from '../../../src/cli/stop'
import { runCliInProcess } from '../../helpers/cli'
import { copySealedVectors, makeWorkDir, removeWorkDir, writeVectorKeyFile } from '../../integration/cli-offline/fixtures'

let dir: string
beforeEach(async () => {
  dir = await makeWorkDir('nb-cli-stopped-')
})
afterEach(async () => {
  await removeWorkDir(dir)
})

function stopped(kind: StopCause): AbortSignal {
  const controller = new AbortController()
  controller.abort(new CliStop(kind))
  return controller.signal
}

describe('runCli after a stop', () => {
  it('decrypt stopped by Ctrl-C removes nothing finished, writes no output file, says so and exits 130', async () => {
    const keyFile = await writeVectorKeyFile(join(dir, 'numerbay.json'))
    await copySealedVectors(join(dir, 'in'))
    const run = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'out'), join(dir, 'in')], { stop: stopped('interrupt') })
    expect(run.code).toBe(130)
    expect(run.stderr).toBe('interrupted: the file in progress was removed; finished files are kept\n')
    expect(await readdir(join(dir, 'out'))).toEqual([])
  })

  it('the exit code follows the cause: 143 SIGTERM, 129 SIGHUP, 141 a closed output', async () => {
    const keyFile = await writeVectorKeyFile(join(dir, 'numerbay.json'))
    await copySealedVectors(join(dir, 'in'))
    for (const [kind, code] of [
      ['terminate', 143],
      ['hangup', 129],
      ['output-closed', 141],
    ] as const) {
      const run = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, `out-${kind}`), join(dir, 'in')], { stop: stopped(kind) })
      expect(run.code).toBe(code)
    }
  })

  it('a cancellation caused by the stop is not reported as an error; without a stop it is', async () => {
    // The password prompt rejects with CANCELLED on Ctrl-C (a raw terminal reads it as a character).
    const runLogin = async (stop: AbortSignal) => {
      const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined })
      const stderr = new PassThrough()
      let err = ''
      stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
      const context: CliContext = { stdout: new PassThrough(), stderr, stdin, env: {}, cwd: dir, exitCode: 0, stop }
      setImmediate(() => stdin.write('\u0003'))
      return { code: await runCli(['--api', 'http://127.0.0.1:9/backend-api/v1', 'login', '--username', 'someone'], context), err }
    }
    const quiet = await runLogin(stopped('interrupt'))
    expect(quiet.code).toBe(130)
    expect(quiet.err).not.toContain('error:')
    const loud = await runLogin(new AbortController().signal)
    expect(loud.code).toBe(1)
    expect(loud.err).toContain('error:')
  })

  it('a server that runs until stopped ends 0 on a signal, and 141 when its output closed', async () => {
    for (const [kind, code] of [
      ['interrupt', 0],
      ['terminate', 0],
      ['output-closed', 141],
    ] as const) {
      const controller = new AbortController()
      const stdout = new PassThrough()
      let text = ''
      stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (text.includes('Press Ctrl-C to stop.') && !controller.signal.aborted) controller.abort(new CliStop(kind))
      })
      const context: CliContext = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: dir, exitCode: 0, stop: controller.signal }
      expect(await runCli(['demo-server', '--port', '0'], context)).toBe(code)
      expect(text).toContain('Demo stopped.')
    }
  })
})
