import { describe, expect, it } from 'vitest'
import { collisionKey, fitName, MAX_SEGMENT_BYTES, sanitizeSegment, truncateUtf8, utf8Length, withCounter } from '../../../src/main/downloads/sanitize'

describe('sanitizeSegment', () => {
  it('keeps ordinary names as they are', () => {
    expect(sanitizeSegment('numerai_predictions_512.csv')).toBe('numerai_predictions_512.csv')
    expect(sanitizeSegment('Signals Model (v2)')).toBe('Signals Model (v2)')
    expect(sanitizeSegment('données-été.parquet')).toBe('données-été.parquet')
  })

  it('never yields . or .. and never climbs out', () => {
    for (const raw of ['.', '..', '...', ' .. ', '']) {
      const safe = sanitizeSegment(raw)
      expect(safe).not.toMatch(/^\.+$/)
      expect(safe.length).toBeGreaterThan(0)
    }
    expect(sanitizeSegment('../../x')).toBe('___.._x')
    expect(sanitizeSegment('..\\..\\x')).toBe('___.._x')
  })

  it('turns separators, absolute paths, drive letters and streams into plain characters', () => {
    expect(sanitizeSegment('/etc/passwd')).toBe('_etc_passwd')
    expect(sanitizeSegment('C:\\Windows\\system32')).toBe('C__Windows_system32')
    expect(sanitizeSegment('C:')).toBe('C_')
    expect(sanitizeSegment('file.csv:secret')).toBe('file.csv_secret')
    expect(sanitizeSegment('\\\\server\\share')).toBe('__server_share')
    for (const raw of ['/a', 'a/b', 'a\\b', 'C:x']) expect(sanitizeSegment(raw)).not.toMatch(/[/\\:]/)
  })

  it('removes control, bidi-override and Windows-forbidden characters', () => {
    expect(sanitizeSegment('a\u0000b\nc\td\u007f')).toBe('a_b_c_d_')
    expect(sanitizeSegment('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe')
    expect(sanitizeSegment('what?<>|"*.csv')).toBe('what______.csv')
  })

  it('prefixes Windows device names, with or without an extension, in any case', () => {
    for (const name of ['CON', 'prn', 'Aux', 'NUL', 'COM1', 'com9', 'LPT1', 'lpt9', 'con.txt', 'NUL.tar.gz', 'COM¹', 'CON .txt']) {
      expect(sanitizeSegment(name)).toBe(`_${name}`)
    }
    expect(sanitizeSegment('CONSOLE')).toBe('CONSOLE')
    expect(sanitizeSegment('COM10')).toBe('COM10')
    expect(sanitizeSegment('nul ')).toBe('_nul')
  })

  it('drops trailing dots and spaces, and hides nothing (leading dots become _)', () => {
    expect(sanitizeSegment('report. . ')).toBe('report')
    expect(sanitizeSegment('  name  ')).toBe('name')
    expect(sanitizeSegment('.bashrc')).toBe('_bashrc')
    expect(sanitizeSegment('.numerbay-sync.json')).toBe('_numerbay-sync.json')
    expect(sanitizeSegment('..numerbay-partial')).toBe('__numerbay-partial')
  })

  it('cuts overlong names to 255 UTF-8 bytes, keeping the extension and whole characters', () => {
    const long = `${'é'.repeat(300)}.csv`
    const safe = sanitizeSegment(long)
    expect(utf8Length(safe)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES)
    expect(safe.endsWith('.csv')).toBe(true)
    expect(safe).not.toContain('\uFFFD')
    const emoji = '😀'.repeat(100)
    expect(utf8Length(sanitizeSegment(emoji))).toBeLessThanOrEqual(MAX_SEGMENT_BYTES)
    expect([...sanitizeSegment(emoji)].every((char) => char === '😀')).toBe(true)
  })

  it('uses the fallback for names with nothing left', () => {
    expect(sanitizeSegment('', 'product-7')).toBe('product-7')
    expect(sanitizeSegment('   ', 'x')).toBe('x')
  })

  it('is idempotent', () => {
    for (const raw of ['../../x', 'CON', '.hidden', 'a/b\\c:d', `${'a'.repeat(400)}.csv`, 'x. ', '😀'.repeat(90)]) {
      const once = sanitizeSegment(raw)
      expect(sanitizeSegment(once)).toBe(once)
    }
  })
})

describe('helpers', () => {
  it('truncateUtf8 never splits a code point', () => {
    expect(truncateUtf8('aé😀', 1)).toBe('a')
    expect(truncateUtf8('aé😀', 2)).toBe('a')
    expect(truncateUtf8('aé😀', 3)).toBe('aé')
    expect(truncateUtf8('aé😀', 6)).toBe('aé')
    expect(truncateUtf8('aé😀', 7)).toBe('aé😀')
  })

  it('fitName keeps short extensions', () => {
    expect(fitName(`${'a'.repeat(300)}.parquet`)).toBe(`${'a'.repeat(255 - 8)}.parquet`)
    expect(utf8Length(fitName(`a.${'b'.repeat(300)}`))).toBe(255)
  })

  it('withCounter goes before the extension and stays within the limit', () => {
    expect(withCounter('file.csv', 2)).toBe('file (2).csv')
    expect(withCounter('file', 3)).toBe('file (3)')
    const long = `${'a'.repeat(251)}.csv`
    const numbered = withCounter(long, 12)
    expect(numbered.endsWith(' (12).csv')).toBe(true)
    expect(utf8Length(numbered)).toBeLessThanOrEqual(255)
  })

  it('collisionKey folds case and Unicode normalisation', () => {
    expect(collisionKey('Dir/File.CSV')).toBe(collisionKey('dir/file.csv'))
    expect(collisionKey('caf\u00e9')).toBe(collisionKey('cafe\u0301'))
  })
})
