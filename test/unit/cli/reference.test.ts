import { readFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/cli/context'
import { buildProgram, PROGRAM_NAME } from '../../../src/cli/program'

// docs/user/cli.md documents every command under a heading "`numerbay-desktop <path>`" (## or ###), and every
// option of that command, with its default, inside that heading's section. These tests hold the reference to
// the program commander actually builds, so a new command or option cannot ship undocumented.

const REFERENCE = new URL('../../../docs/user/cli.md', import.meta.url)
const GLOBAL_HEADING = 'Global options'

const context = (): CliContext => ({
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  stdin: new PassThrough(),
  env: {},
  cwd: process.cwd(),
  exitCode: 0,
  stop: new AbortController().signal,
})

interface Section {
  readonly level: number
  readonly text: string
}

/** Sections by heading: each runs to the next heading of the same or a higher level. */
function sections(markdown: string): { commands: Map<string, Section>; named: Map<string, Section> } {
  const lines = markdown.split('\n')
  const headings = lines.flatMap((line, index) => {
    const match = /^(#{1,6}) (.+)$/.exec(line)
    return match ? [{ index, level: match[1]!.length, title: match[2]!.trim() }] : []
  })
  const commands = new Map<string, Section>()
  const named = new Map<string, Section>()
  for (const [i, heading] of headings.entries()) {
    const end = headings.slice(i + 1).find((next) => next.level <= heading.level)?.index ?? lines.length
    const section = { level: heading.level, text: lines.slice(heading.index, end).join('\n') }
    const command = new RegExp(`^\`${PROGRAM_NAME}((?: [a-z][a-z-]*)+)\`$`).exec(heading.title)
    if (command) commands.set(command[1]!.trim(), section)
    else named.set(heading.title, section)
  }
  return { commands, named }
}

/** The flag appears as a whole word inside an inline code span (`-f, --force`, `--out <dir>`). */
function inCode(text: string, flag: string): boolean {
  const word = new RegExp(`(?:^|[\\s,\`])${flag}(?=[\\s,\`=<\\[]|$)`)
  return (text.match(/`[^`\n]+`/g) ?? []).some((span) => word.test(span))
}

function commandPaths(program: Command): Map<string, Command> {
  const paths = new Map<string, Command>()
  const walk = (command: Command, prefix: string[]): void => {
    for (const sub of command.commands) {
      const path = [...prefix, sub.name()]
      paths.set(path.join(' '), sub)
      walk(sub, path)
    }
  }
  walk(program, [])
  return paths
}

/** What the reference lacks (or documents that does not exist), one line each; empty when it is complete. */
function referenceProblems(program: Command, markdown: string): string[] {
  const { commands: documented, named } = sections(markdown)
  const problems: string[] = []
  const checkOptions = (command: Command, section: Section | undefined, where: string): void => {
    for (const option of command.options) {
      if (option.hidden) continue
      const flags = [option.long, option.short].filter((flag): flag is string => Boolean(flag))
      for (const flag of flags) {
        if (!section || !inCode(section.text, flag)) problems.push(`${where}: option ${flag} is not documented`)
      }
      if (section && option.defaultValue !== undefined && !section.text.includes(`\`${String(option.defaultValue)}`)) {
        problems.push(`${where}: the default of ${option.long ?? option.short} (${String(option.defaultValue)}) is not documented`)
      }
    }
  }

  checkOptions(program, named.get(GLOBAL_HEADING), GLOBAL_HEADING)
  const actual = commandPaths(program)
  for (const [path, command] of actual) {
    const section = documented.get(path)
    if (!section) {
      problems.push(`command "${path}" has no "${PROGRAM_NAME} ${path}" heading`)
      continue
    }
    for (const alias of command.aliases()) {
      if (!section.text.includes(`\`${alias}\``)) problems.push(`${path}: alias ${alias} is not documented`)
    }
    for (const argument of command.registeredArguments) {
      const shown = argument.variadic ? `<${argument.name()}...>` : `<${argument.name()}>`
      if (!section.text.includes(shown)) problems.push(`${path}: argument ${shown} is not documented`)
    }
    checkOptions(command, section, path)
  }
  for (const path of documented.keys()) {
    if (!actual.has(path)) problems.push(`"${PROGRAM_NAME} ${path}" is documented but is not a command`)
  }
  return problems
}

async function fullProgram(): Promise<Command> {
  // No command named: buildProgram loads every group, as it does for --help.
  return buildProgram(context(), [])
}

describe('CLI reference (docs/user/cli.md)', () => {
  it('documents every command, alias, argument and option with its default, and nothing that does not exist', async () => {
    const program = await fullProgram()
    expect(commandPaths(program).size).toBeGreaterThan(15)
    expect(referenceProblems(program, readFileSync(REFERENCE, 'utf8'))).toEqual([])
  })

  it('notices an option, a command or a default missing from the reference', async () => {
    const program = await fullProgram()
    const markdown = readFileSync(REFERENCE, 'utf8')
    const withoutRehash = markdown.replace(/^\| `--rehash` .*\n/m, '')
    expect(withoutRehash).not.toBe(markdown)
    expect(referenceProblems(program, withoutRehash)).toEqual(['sync: option --rehash is not documented'])

    const withoutLedgerSign = markdown.replace(/^### `numerbay-desktop ledger sign`$/m, '### Signing a message')
    expect(referenceProblems(program, withoutLedgerSign)).toContain('command "ledger sign" has no "numerbay-desktop ledger sign" heading')

    const withoutCountDefault = markdown.replace('| `--count <n>` | `5` |', '| `--count <n>` | five |')
    expect(referenceProblems(program, withoutCountDefault)).toEqual(['ledger accounts: the default of --count (5) is not documented'])

    program.command('imaginary').option('--brand-new <value>', 'added without documentation')
    expect(referenceProblems(program, markdown)).toEqual([
      'command "imaginary" has no "numerbay-desktop imaginary" heading',
    ])
  })
})
