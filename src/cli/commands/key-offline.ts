import type { Command } from 'commander'
import type { CliContext } from '../context'

/** Registers the `key-offline` commands (placeholder until its issue lands). */
export function registerKeyOfflineCommands(_program: Command, _context: CliContext): void {}
