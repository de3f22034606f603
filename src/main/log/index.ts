/**
 * The structured log: one JSON line per event in `<data folder>/logs/<name>.log` (the app writes app.log, the
 * CLI cli.log), rotated at 5 MiB with 5 old files kept, owner-only (0600 files in a 0700 folder).
 *
 * Services and entry points receive a `Logger` (constructor injection, default `noopLogger`) rather than
 * importing a global one, so tests and the workflows can pass their own. Call it pino's way:
 *
 *   log.info({ event: 'sign-in', method: 'wallet', userId }, 'signed in')
 *   log.error({ event: 'error', code: error.code }, error.message)
 *
 * Secrets are never passed in the first place (log codes, states, counts, public keys and URL paths). The
 * logger's redact configuration is the second line: fields named like secrets (privateKey, storageKey,
 * signature, token, password, uri, mnemonic, authorization…) at the top level or one level down are
 * replaced by "[redacted]", and a `url` field loses its query string (signed URLs carry their signature
 * there). The level is NUMERBAY_LOG_LEVEL (fatal, error, warn, info, debug, trace, silent), `--verbose`
 * (debug), else info.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { createStream, type RotatingFileStream } from 'rotating-file-stream'

export type LogFields = Record<string, unknown>

export interface LogMethod {
  (fields: LogFields, message?: string): void
  (message: string): void
}

/** What services and entry points log through. */
export interface Logger {
  readonly debug: LogMethod
  readonly info: LogMethod
  readonly warn: LogMethod
  readonly error: LogMethod
  /** A logger that adds these fields to every line (e.g. `{ component: 'ledger' }`). */
  child(bindings: LogFields): Logger
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
export const DEFAULT_LOG_LEVEL: LogLevel = 'info'

const noop: LogMethod = () => undefined

/** Logs nothing: the default wherever no logger is passed. */
export const noopLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => noopLogger }

/** `--verbose` (debug) wins over NUMERBAY_LOG_LEVEL, which wins over the default (info). */
export function resolveLogLevel(asked: string | undefined, verbose = false): LogLevel {
  if (verbose) return 'debug'
  asked = asked?.trim().toLowerCase()
  return asked && (LOG_LEVELS as readonly string[]).includes(asked) ? (asked as LogLevel) : DEFAULT_LOG_LEVEL
}

export function logDirectory(dataDir: string): string {
  return join(dataDir, 'logs')
}

export function logFilePath(dataDir: string, name: string): string {
  return join(logDirectory(dataDir), `${name}.log`)
}

/** Field names whose values are secrets, wherever they appear (top level or one level down). */
const SECRET_KEYS = [
  'privateKey',
  'private_key',
  'secretKey',
  'storageKey',
  'storage_key',
  'signature',
  'token',
  'accessToken',
  'access_token',
  'authorization',
  'password',
  'uri',
  'pairingUri',
  'mnemonic',
  'seed',
  'encryptedPrivateKey',
  'encrypted_private_key',
  'encrypted_private_key_v2',
]

/** A JSON string field named like a secret (any prefix ending in `_` allowed), in free text: the same names. */
const SECRET_JSON_FIELD = new RegExp(`"((?:[A-Za-z_]*_)?(?:${SECRET_KEYS.join('|')}))"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"`, 'g')

/** pino redact paths: each secret key at the top level and one level down, plus `url` (query stripped). */
export const REDACT_PATHS: readonly string[] = [...SECRET_KEYS, 'url'].flatMap((key) => [key, `*.${key}`])

/** A URL without its query and fragment (signed URLs carry their signature in the query). */
export function stripQuery(url: string): string {
  const cut = url.search(/[?#]/)
  return cut === -1 ? url : `${url.slice(0, cut)}?[redacted]`
}

function censor(value: unknown, path: string[]): unknown {
  if (path.at(-1) === 'url' && typeof value === 'string') return stripQuery(value)
  return '[redacted]'
}

/** What an error becomes in a log line: its code and words, never its cause chain (which may hold request data). */
export function errorFields(error: unknown): LogFields {
  const e = error as { code?: unknown; message?: unknown; detail?: unknown; name?: unknown; stack?: unknown } | null
  const isApp = e?.name === 'AppError'
  return {
    code: typeof e?.code === 'string' ? e.code : 'INTERNAL',
    ...(typeof e?.message === 'string' ? { message: e.message } : {}),
    ...(typeof e?.detail === 'string' ? { detail: e.detail } : {}),
    // An unexpected error's stack is what support needs; an AppError is expected and says it all.
    ...(!isApp && typeof e?.stack === 'string' ? { stack: e.stack.split('\n').slice(0, 8).join('\n') } : {}),
  }
}

export interface FileLoggerOptions {
  readonly dataDir: string
  /** `app` or `cli`: the file name. */
  readonly name: string
  readonly level: LogLevel
  /** Rotate past this size (rotating-file-stream syntax, default 5M) and keep this many old files (default 5). */
  readonly size?: string
  readonly keep?: number
}

/** A logger writing to a file; `close()` flushes (call it before the process exits or a test reads the file). */
export interface FileLogger extends Logger {
  readonly path: string
  level: LogLevel
  close(): Promise<void>
}

/**
 * The rotating file logger. The file is opened on the first line at or above the level, so a command that
 * logs nothing (`--help`) creates nothing. If the folder cannot be written the logger stays silent: logging
 * never breaks the app or a command.
 */
export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const path = logFilePath(options.dataDir, options.name)
  let stream: RotatingFileStream | null = null
  let root: pino.Logger | null = null
  let broken = false
  let level: LogLevel = options.level

  const open = (): pino.Logger | null => {
    if (root || broken) return root
    try {
      // mode applies to every folder created, the data folder included: owner-only.
      mkdirSync(logDirectory(options.dataDir), { recursive: true, mode: 0o700 })
      stream = createStream((index) => (index ? `${options.name}.log.${index}` : `${options.name}.log`), {
        path: logDirectory(options.dataDir),
        size: options.size ?? '5M',
        rotate: options.keep ?? 5,
        mode: 0o600,
      })
      stream.on('error', () => {
        broken = true
      })
      root = pino(
        {
          // Levels are checked by this wrapper (enabled()), so changing the level applies to children too.
          level: 'trace',
          base: { pid: process.pid, process: options.name },
          timestamp: pino.stdTimeFunctions.isoTime,
          formatters: { level: (label) => ({ level: label }) },
          redact: { paths: [...REDACT_PATHS], censor },
        },
        stream,
      )
      return root
    } catch {
      broken = true
      return null
    }
  }

  const enabled = (wanted: LogLevel): boolean => level !== 'silent' && pino.levels.values[wanted]! >= pino.levels.values[level]!

  const make = (bindings: LogFields): Logger => {
    let child: pino.Logger | null = null
    const target = (): pino.Logger | null => {
      const base = open()
      if (!base) return null
      if (Object.keys(bindings).length === 0) return base
      child ??= base.child(bindings)
      return child
    }
    const method =
      (wanted: 'debug' | 'info' | 'warn' | 'error'): LogMethod =>
      (first: LogFields | string, message?: string) => {
        if (!enabled(wanted)) return
        const logger = target()
        if (!logger) return
        if (typeof first === 'string') logger[wanted](first)
        else logger[wanted](first, message)
      }
    return {
      debug: method('debug'),
      info: method('info'),
      warn: method('warn'),
      error: method('error'),
      child: (more) => make({ ...bindings, ...more }),
    }
  }

  const top = make({})
  return {
    ...top,
    path,
    get level() {
      return level
    },
    set level(next: LogLevel) {
      level = next
    },
    async close() {
      const current = stream
      if (!current) return
      stream = null
      root = null
      await new Promise<void>((resolve) => {
        current.end(() => resolve())
        current.on('error', () => resolve())
      })
    },
  }
}

/**
 * Removes anything shaped like a secret from free text (the support bundle's log excerpt), as a last line of
 * defence behind "never logged" and the redact paths: WalletConnect URIs, URL queries (signed URLs), bearer
 * tokens and JWTs, long hex strings (private and storage keys, signatures), 32-byte base64 keys, and the
 * value of any JSON field named like a secret. It over-redacts (a file's SHA-256 goes too) by design.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(SECRET_JSON_FIELD, '"$1":"[redacted]"')
    .replace(/\bwc:[^\s"'<>]+/g, 'wc:[redacted]')
    .replace(/\b((?:https?|wss?):\/\/[^\s"'<>?#]+)[?#][^\s"'<>]*/g, '$1?[redacted]')
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, '[redacted-token]')
    .replace(/\b(?:0x)?[0-9a-fA-F]{64,}\b/g, '[redacted-hex]')
    .replace(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/g, '[redacted-key]')
}
