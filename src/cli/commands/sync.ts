import type { Command } from 'commander'
import type { CliContext } from '../context'

/** Registers the `sync` commands (placeholder until its issue lands). */
export function registerSyncCommands(_program: Command, _context: CliContext): void {}
