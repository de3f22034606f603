// Turns untrusted names from the server (product names, object names) into safe single path segments that
// are valid on Windows, macOS and Linux, and never climb out of the output folder.

/** Most filesystems limit one name to 255 bytes (ext4, APFS in UTF-8; NTFS counts UTF-16 units, which is looser). */
export const MAX_SEGMENT_BYTES = 255

const FALLBACK_NAME = 'unnamed'
const REPLACEMENT = '_'

// Windows device names, reserved with or without an extension ("CON.txt"), in any case; the superscript
// digits are reserved too since Windows 10's documentation lists them.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$) *(\..*)?$/i

// Path separators, the drive/stream colon, and the other characters Windows refuses in a name.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[/\\:<>"|?*\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

const encoder = new TextEncoder()

export function utf8Length(text: string): number {
  return encoder.encode(text).length
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a code point (or a surrogate pair). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return ''
  let bytes = 0
  let out = ''
  for (const char of text) {
    const size = utf8Length(char)
    if (bytes + size > maxBytes) break
    bytes += size
    out += char
  }
  return out
}

/** Splits "name.ext" into stem and extension (with its dot). A leading dot is not an extension. */
export function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.')
  if (dot <= 0 || dot === name.length - 1) return { stem: name, extension: '' }
  return { stem: name.slice(0, dot), extension: name.slice(dot) }
}

/**
 * Fits a name into `maxBytes`, shortening the stem and keeping a short extension (so `.csv` survives).
 * An extension longer than a quarter of the budget is not worth keeping whole.
 */
export function fitName(name: string, maxBytes = MAX_SEGMENT_BYTES): string {
  if (utf8Length(name) <= maxBytes) return name
  const { stem, extension } = splitExtension(name)
  const extensionBytes = utf8Length(extension)
  if (extension && extensionBytes <= maxBytes / 4) return stripTrailingDotsAndSpaces(truncateUtf8(stem, maxBytes - extensionBytes)) + extension
  return stripTrailingDotsAndSpaces(truncateUtf8(name, maxBytes))
}

function stripTrailingDotsAndSpaces(text: string): string {
  return text.replace(/[. ]+$/u, '')
}

/**
 * One safe path segment from an untrusted name: no separators, no `.`/`..`, no drive letters or streams,
 * no control or bidi-override characters, no Windows device names, no trailing dots or spaces, not hidden
 * (a leading dot becomes `_`, which also keeps it clear of the sync's own dot-files), at most 255 bytes.
 */
export function sanitizeSegment(raw: string, fallback = FALLBACK_NAME): string {
  let name = raw.normalize('NFC').replace(FORBIDDEN_CHARACTERS, REPLACEMENT)
  name = name.trim()
  name = stripTrailingDotsAndSpaces(name)
  name = name.replace(/^\.+/u, (dots) => REPLACEMENT.repeat(dots.length))
  if (name === '') name = fallback
  if (WINDOWS_RESERVED.test(name)) name = REPLACEMENT + name
  name = fitName(name)
  return name === '' ? fallback : name
}

/** Inserts a counter before the extension ("file (2).csv"), keeping the result within the byte limit. */
export function withCounter(name: string, counter: number): string {
  const suffix = ` (${counter})`
  const { stem, extension } = splitExtension(name)
  const budget = MAX_SEGMENT_BYTES - utf8Length(suffix) - utf8Length(extension)
  const keptExtension = budget > 0 ? extension : ''
  const stemBudget = MAX_SEGMENT_BYTES - utf8Length(suffix) - utf8Length(keptExtension)
  const shortStem = stripTrailingDotsAndSpaces(truncateUtf8(keptExtension ? stem : name, stemBudget))
  return `${shortStem}${suffix}${keptExtension}`
}

/**
 * How two paths compare on the strictest filesystem the folder may live on: case-insensitive
 * (Windows, default macOS) and normalisation-insensitive (APFS/HFS+ store NFD).
 */
export function collisionKey(relativePath: string): string {
  return relativePath.normalize('NFC').toLocaleLowerCase('en-US')
}
