import { EventEmitter } from 'node:events'
import { Writable } from 'node:stream'
import cliProgress from 'cli-progress'
import { describe, expect, it } from 'vitest'
import { CliStop, listenForStop, stopReason, watchProcessStops, type StopHost } from '../../../src/cli/stop'

/** A process stand-in: signals are events; exit() is recorded instead of ending the test run. */
class FakeHost extends EventEmitter implements StopHost {
  exits: number[] = []
  exitCode: number | undefined
  exit(code: number): void {
    this.exits.push(code)
  }
}

/** An output whose reader can go away: every write after close() fails with `code`, as a pipe does. */
class Output extends Writable {
  text = ''
  gone = false
  isTTY = false
  columns = 80
  constructor(private readonly code = 'EPIPE') {
    super()
  }
  hangUp(): void {
    this.gone = true
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.gone) return callback(Object.assign(new Error(`write ${this.code}`), { code: this.code, errno: -32, syscall: 'write' }))
    this.text += chunk.toString()
    callback()
  }
}

function wire(options: { stdoutCode?: string } = {}) {
  const host = new FakeHost()
  const stdout = new Output(options.stdoutCode)
  const stderr = new Output()
  const stops = watchProcessStops(host, { stdout, stderr })
  return { host, stdout, stderr, stops }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('the CLI stop signal (src/cli/stop.ts)', () => {
  it('a closed stdout stops the run with exit code 141; later writes on both streams are dropped, never thrown', async () => {
    const { host, stdout, stderr, stops } = wire()
    stdout.write('first line\n')
    stderr.write('a note\n')
    stdout.hangUp()
    stdout.write('second line\n')
    await tick()
    expect(stopReason(stops.signal)).toMatchObject({ kind: 'output-closed', exitCode: 141, bySignal: false })
    expect(host.exitCode).toBe(141)
    expect(host.exits).toEqual([])
    // Nothing more is printed, on either stream, and nothing throws or emits an unhandled error.
    let called = false
    expect(stdout.write('third\n', () => (called = true))).toBe(true)
    stderr.write('Stopping…\n')
    await tick()
    expect(called).toBe(true)
    expect(stdout.text).toBe('first line\n')
    expect(stderr.text).toBe('a note\n')
    stops.dispose()
  })

  it('a closed stderr stops the run too', async () => {
    const { stderr, stops } = wire()
    stderr.hangUp()
    stderr.write('x\n')
    await tick()
    expect(stopReason(stops.signal)?.kind).toBe('output-closed')
    stops.dispose()
  })

  it('Ctrl-C with a command listening aborts the signal (130) and lets it wind down; a second Ctrl-C ends at once', async () => {
    const { host, stops } = wire()
    const heard: CliStop[] = []
    const stopListening = listenForStop(stops.signal, (stop) => heard.push(stop))
    host.emit('SIGINT')
    expect(heard.map((stop) => [stop.kind, stop.exitCode])).toEqual([['interrupt', 130]])
    expect(host.exits).toEqual([])
    expect(host.exitCode).toBe(130)
    host.emit('SIGINT')
    expect(host.exits).toEqual([130])
    stopListening()
    stops.dispose()
  })

  it('a signal nobody listens for ends the process at once, with 128 + the signal number', () => {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const { host, stops } = wire()
      host.emit(signal)
      expect(host.exits).toEqual([code])
      stops.dispose()
    }
  })

  it('a closed output never ends the process by force, even with nobody listening, and a later Ctrl-C still can', async () => {
    const { host, stdout, stops } = wire()
    stdout.hangUp()
    stdout.write('x\n')
    await tick()
    expect(host.exits).toEqual([])
    expect(stops.signal.aborted).toBe(true)
    host.emit('SIGINT')
    expect(host.exits).toEqual([130])
    stops.dispose()
  })

  it('listenForStop on an already stopped run calls back (asynchronously), once', async () => {
    const controller = new AbortController()
    controller.abort(new CliStop('terminate'))
    const heard: string[] = []
    listenForStop(controller.signal, (stop) => heard.push(stop.kind))
    expect(heard).toEqual([])
    await tick()
    expect(heard).toEqual(['terminate'])
  })

  it('another write error (a full disk under > file) stops with exit code 1 and says why on stderr', async () => {
    const { host, stdout, stderr, stops } = wire({ stdoutCode: 'ENOSPC' })
    stdout.hangUp()
    stdout.write('x\n')
    await tick()
    expect(stopReason(stops.signal)).toMatchObject({ kind: 'output-failed', exitCode: 1, detail: 'ENOSPC' })
    expect(host.exitCode).toBe(1)
    expect(stderr.text).toBe('error: could not write the output (ENOSPC); stopped.\n')
    stops.dispose()
  })

  it('progress bars drawing on a terminal that goes away neither throw nor crash', async () => {
    const { stderr, stops } = wire()
    stderr.isTTY = true
    const bars = new cliProgress.MultiBar({ stream: stderr as unknown as NodeJS.WritableStream, fps: 1000, noTTYOutput: true, hideCursor: true }, cliProgress.Presets.shades_classic)
    const bar = bars.create(100, 0)
    bar.update(10)
    stderr.hangUp()
    for (let value = 20; value <= 100; value += 10) {
      bar.update(value)
      // Past the bars' redraw timer.
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    bars.stop()
    await tick()
    expect(stopReason(stops.signal)?.kind).toBe('output-closed')
    stops.dispose()
  })

  it('dispose() gives the streams back their own write and stops listening to signals', () => {
    const { host, stdout, stops } = wire()
    const guarded = stdout.write
    stops.dispose()
    expect(stdout.write).not.toBe(guarded)
    expect(host.listenerCount('SIGINT') + host.listenerCount('SIGTERM') + host.listenerCount('SIGHUP')).toBe(0)
    expect(stdout.listenerCount('error')).toBe(0)
  })
})
