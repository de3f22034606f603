import type { Command } from 'commander'
import type { CliContext } from '../context'

/** Registers the `walletconnect` commands (placeholder until its issue lands). */
export function registerWalletconnectCommands(_program: Command, _context: CliContext): void {}
