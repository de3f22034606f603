// Terminal styling for the CLI. Colour only on a terminal and never when NO_COLOR is set to anything
// (https://no-color.org); FORCE_COLOR turns it on for a pipe. Progress bars are a separate matter: they need a
// terminal (see sync-render.ts, progress-line.ts), colour or not.

export interface StyledStream {
  readonly isTTY?: boolean
}

export function colorEnabled(stream: StyledStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true
}

export interface Style {
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  bold(text: string): string
}

const same = (text: string): string => text
const plain: Style = { red: same, green: same, yellow: same, bold: same }
const ansi: Style = {
  red: (text) => `\x1b[31m${text}\x1b[39m`,
  green: (text) => `\x1b[32m${text}\x1b[39m`,
  yellow: (text) => `\x1b[33m${text}\x1b[39m`,
  bold: (text) => `\x1b[1m${text}\x1b[22m`,
}

export function styleFor(stream: StyledStream, env: NodeJS.ProcessEnv): Style {
  return colorEnabled(stream, env) ? ansi : plain
}
