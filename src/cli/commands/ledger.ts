import type { Command } from 'commander'
import type { CliContext } from '../context'

/** Registers the `ledger` commands (placeholder until its issue lands). */
export function registerLedgerCommands(_program: Command, _context: CliContext): void {}
