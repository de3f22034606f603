import type { Command } from 'commander'
import type { CliContext } from '../context'

/** Registers the `sandbox` commands (placeholder until its issue lands). */
export function registerSandboxCommands(_program: Command, _context: CliContext): void {}
