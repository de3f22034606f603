import type { Command } from 'commander'
import type { CliContext } from '../context'

/** Registers the `key-account` commands (placeholder until its issue lands). */
export function registerKeyAccountCommands(_program: Command, _context: CliContext): void {}
