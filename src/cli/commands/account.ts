import type { Command } from 'commander'
import type { CliContext } from '../context'

/** Registers the `account` commands (placeholder until its issue lands). */
export function registerAccountCommands(_program: Command, _context: CliContext): void {}
