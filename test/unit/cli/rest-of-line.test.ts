// `watch --exec PROGRAM ARGS...`: everything after the program is the program's, options that look like ours
// included; commander sees only `--exec PROGRAM`.
import { describe, expect, it } from 'vitest'
import { splitRestOfLine } from '../../../src/cli/rest-of-line'
import { runCliInProcess } from '../../helpers/cli'

describe('rest-of-line options', () => {
  it('takes the words after --exec PROGRAM out of what commander parses, in order and untouched', () => {
    const argv = ['--api', 'http://127.0.0.1:1/v1', 'watch', '--out', 'd', '--exec', 'sh', '-c', 'echo "$1" --json', 'sh', '--json', '--once', '--']
    expect(splitRestOfLine(argv, 'watch')).toEqual({
      argv: ['--api', 'http://127.0.0.1:1/v1', 'watch', '--out', 'd', '--exec', 'sh'],
      rest: ['-c', 'echo "$1" --json', 'sh', '--json', '--once', '--'],
    })
    expect(splitRestOfLine(['watch', '--exec=python3', 'hook.py', '--model', 'm'], 'watch')).toEqual({ argv: ['watch', '--exec=python3'], rest: ['hook.py', '--model', 'm'] })
    expect(splitRestOfLine(['watch', '--out', 'd', '--exec', 'true'], 'watch')).toEqual({ argv: ['watch', '--out', 'd', '--exec', 'true'], rest: [] })
  })

  it('leaves argv alone without the option, for other commands, after a literal --, and when the program is missing', () => {
    expect(splitRestOfLine(['watch', '--out', 'd', '--once'], 'watch')).toEqual({ argv: ['watch', '--out', 'd', '--once'], rest: null })
    expect(splitRestOfLine(['sync', '--exec', 'x', 'y'], 'sync')).toEqual({ argv: ['sync', '--exec', 'x', 'y'], rest: null })
    expect(splitRestOfLine(['watch', '--', '--exec', 'x'], 'watch').rest).toBeNull()
    expect(splitRestOfLine(['watch', '--exec'], 'watch')).toEqual({ argv: ['watch', '--exec'], rest: null })
    expect(splitRestOfLine(['--exec', 'x'], undefined).rest).toBeNull()
  })

  it('the CLI: a missing program and stray words are usage errors (exit 2)', async () => {
    const missing = await runCliInProcess(['watch', '--out', 'd', '--key', 'k.json', '--username', 'u', '--exec'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--exec <program>.*argument missing/)
    const stray = await runCliInProcess(['watch', '--out', 'd', '--key', 'k.json', '--username', 'u', 'extra'])
    expect(stray.code).toBe(2)
    expect(stray.stderr).toMatch(/too many arguments/)
  })
})
