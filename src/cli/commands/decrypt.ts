import type { Command } from 'commander'
import type { CliContext } from '../context'

/** Registers the `decrypt` commands (placeholder until its issue lands). */
export function registerDecryptCommands(_program: Command, _context: CliContext): void {}
