// Options that take the rest of the command line: `watch --exec PROGRAM ARGS...`. Everything after the program
// belongs to it, options that look like ours included (`--exec sh -c '…' --json` hands `--json` to sh), so those
// words are taken out before commander parses: it sees `--exec PROGRAM` as an ordinary option, and the command
// reads the program's arguments from CliContext.restOfLine. The option must therefore come last.

/** Per command: the option whose value starts the rest of the line. */
export const REST_OF_LINE_OPTIONS: Readonly<Record<string, string>> = { watch: '--exec' }

export interface SplitArgv {
  /** What commander parses: up to and including the option and its first value (the program). */
  readonly argv: string[]
  /** The words after the program, untouched; null when the option was not given. */
  readonly rest: string[] | null
}

/**
 * Splits argv at the first `option PROGRAM` (or `option=PROGRAM`) after the command word. The program itself stays
 * with commander, which reports a missing one.
 */
export function splitRestOfLine(argv: readonly string[], command: string | undefined): SplitArgv {
  const option = command === undefined ? undefined : REST_OF_LINE_OPTIONS[command]
  const start = command === undefined ? -1 : argv.indexOf(command)
  if (!option || start < 0) return { argv: [...argv], rest: null }
  for (let i = start + 1; i < argv.length; i++) {
    const word = argv[i]!
    // A literal `--` ends the options: whatever follows is not ours to look at.
    if (word === '--') break
    if (word === option) {
      if (i + 1 >= argv.length) return { argv: [...argv], rest: null }
      return { argv: argv.slice(0, i + 2), rest: argv.slice(i + 2) }
    }
    if (word.startsWith(`${option}=`)) return { argv: argv.slice(0, i + 1), rest: argv.slice(i + 1) }
  }
  return { argv: [...argv], rest: null }
}
