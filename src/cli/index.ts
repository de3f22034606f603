// The CLI's executable entry (bundled to out/cli): the process's streams, environment and stop signal in, the exit
// code out. Everything else is in program.ts, which tests call directly.

import { runCli } from './program'
import { watchProcessStops } from './stop'

// Ctrl-C, SIGTERM, SIGHUP and a closed stdout/stderr (EPIPE, as under `| head`) all stop the run through one
// signal; the streams are guarded so that writes after the reader left neither throw nor crash the process.
const stops = watchProcessStops(process, { stdout: process.stdout, stderr: process.stderr })

const context = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  exitCode: 0,
  stop: stops.signal,
}

runCli(process.argv.slice(2), context).then(
  (code) => {
    process.exitCode = code
  },
  () => {
    process.exitCode = 1
  },
)
