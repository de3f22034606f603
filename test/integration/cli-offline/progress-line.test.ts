import { describe, expect, it } from 'vitest'
import { formatBytes, ProgressLine } from '../../../src/cli/progress-line'

function stream(isTTY: boolean, columns = 60): { text: string; isTTY: boolean; columns: number; write: (t: string) => void } {
  const s = { text: '', isTTY, columns, write: (t: string) => void (s.text += t) }
  return s
}

describe('ProgressLine', () => {
  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.50 KiB')
    expect(formatBytes(256 * 1024 * 1024)).toBe('256.0 MiB')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GiB')
  })

  it('redraws one line on a TTY, throttled, and clears it when done', () => {
    let now = 0
    const out = stream(true)
    const line = new ProgressLine(out, { label: 'a.csv', intervalMs: 100, now: () => now })
    now = 1000
    line.update(512 * 1024, 1024 * 1024)
    line.update(600 * 1024, 1024 * 1024)
    expect(out.text.split('\r').length - 1).toBe(1)
    expect(out.text).toContain('a.csv   50%  512.0 KiB / 1.00 MiB  512.0 KiB/s')
    now = 1050
    line.update(1024 * 1024, 1024 * 1024)
    expect(out.text).toContain('100%')
    line.finish('done a.csv')
    expect(out.text.endsWith('\r\x1b[Kdone a.csv\n')).toBe(true)
  })

  it('fits the terminal width and draws nothing off a TTY', () => {
    const narrow = stream(true, 30)
    new ProgressLine(narrow, { label: 'a-very-long-file-name-that-does-not-fit.parquet' }).update(1, 2)
    expect(narrow.text.replace('\r', '').replace('\x1b[K', '').length).toBeLessThanOrEqual(29)
    const pipe = stream(false)
    const line = new ProgressLine(pipe, { label: 'x' })
    line.update(1, 2)
    line.finish('text')
    expect(pipe.text).toBe('')
  })
})
