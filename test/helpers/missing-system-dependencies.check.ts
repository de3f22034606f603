// Stands in for the whole system tier when its dependencies are missing (see vitest.config.ts): one failure,
// one line naming the set-up command.
import { inject, it } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    missingSystemDependencies: string
  }
}

it('system dependencies are installed', () => {
  const line = inject('missingSystemDependencies')
  const error = new Error(line)
  // No stack: the line says everything, and there is no code of ours to point at.
  error.stack = `Error: ${line}`
  throw error
})
