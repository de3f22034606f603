// What the Downloads screen says about a run, as pure functions of its snapshot: the headline, the counts the
// tabs and the summary share, the connection state ("Connection lost, retrying in 4 s (attempt 3)"), and each
// file's badge. Kept apart from the components so the words can be tested and reused (the watch controls).
import type { SkipReason } from '../../../../shared/downloads'
import type { DownloadsSnapshot, FileProgressView } from '../../../../shared/ipc'
import { formatBytes } from '../../format/bytes'
import { formatDuration } from '../../format/duration'

export type FileFilter = 'all' | 'active' | 'failed' | 'done' | 'skipped' | 'cancelled'

export const FILE_FILTERS: readonly FileFilter[] = ['all', 'active', 'failed', 'done', 'skipped', 'cancelled']

export function isMoving(state: FileProgressView['state']): boolean {
  return state === 'queued' || state === 'downloading' || state === 'decrypting'
}

export const filterMatches: Readonly<Record<FileFilter, (file: FileProgressView) => boolean>> = {
  all: () => true,
  active: (file) => isMoving(file.state) || file.state === 'paused',
  failed: (file) => file.state === 'failed',
  done: (file) => file.state === 'done',
  skipped: (file) => file.state === 'skipped',
  cancelled: (file) => file.state === 'cancelled',
}

/** How many files each tab holds: the tabs and the summary line read the same numbers. */
export function countFiles(files: readonly FileProgressView[]): Record<FileFilter, number> {
  const counts = { all: 0, active: 0, failed: 0, done: 0, skipped: 0, cancelled: 0 }
  for (const file of files) for (const filter of FILE_FILTERS) if (filterMatches[filter](file)) counts[filter]++
  return counts
}

/** Skips that mean "you wanted this file and cannot have it" rather than "there is no file". */
const UNOBTAINABLE: ReadonlySet<SkipReason> = new Set(['not-sealed-to-your-key', 'no-longer-available'])

export type HeadlineTone = 'running' | 'waiting' | 'paused' | 'problem' | 'complete'

export interface Headline {
  readonly text: string
  readonly tone: HeadlineTone
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

/**
 * The one line over the run. "All files are ready" only when every wanted file is on disk: nothing failed,
 * cancelled, paused or waiting, and no file was skipped that you wanted (sealed to a key you do not have, gone).
 */
export function headline(snapshot: DownloadsSnapshot): Headline {
  const { overall, keyWait } = snapshot
  if (keyWait?.unlocking) return { text: 'Waiting for your signature to unlock your key…', tone: 'waiting' }
  if (snapshot.running) {
    const connectionLost = overall.retrying > 0 && overall.retrying >= overall.active
    return connectionLost ? { text: 'Connection lost: retrying…', tone: 'waiting' } : { text: 'Downloading and decrypting…', tone: 'running' }
  }
  if (keyWait && keyWait.files > 0) return { text: `${plural(keyWait.files, 'file waits', 'files wait')} for your key`, tone: 'waiting' }
  if (snapshot.paused || overall.paused > 0) return { text: 'Paused', tone: 'paused' }
  if (overall.total === 0) return { text: 'Nothing to download', tone: 'complete' }
  if (overall.failed > 0) return { text: 'Finished with problems', tone: 'problem' }
  const unobtainable = snapshot.files.filter((file) => file.state === 'skipped' && file.reason !== null && UNOBTAINABLE.has(file.reason)).length
  if (overall.cancelled > 0) return { text: `Stopped: ${plural(overall.cancelled, 'file')} cancelled`, tone: 'paused' }
  if (unobtainable > 0) return { text: `Finished: ${plural(unobtainable, 'file')} could not be downloaded`, tone: 'problem' }
  if (overall.done + overall.skipped === overall.total) return { text: 'All files are ready', tone: 'complete' }
  return { text: 'Stopped', tone: 'paused' }
}

/** Every wanted file is on disk (the green bar). */
export function isComplete(snapshot: DownloadsSnapshot): boolean {
  return headline(snapshot).text === 'All files are ready'
}

const CONNECTION_CODES: ReadonlySet<string> = new Set(['DOWNLOAD_NETWORK', 'API_UNREACHABLE', 'API_TIMEOUT', 'TIMEOUT'])
const SERVER_CODES: ReadonlySet<string> = new Set(['DOWNLOAD_HTTP_ERROR', 'API_SERVER_ERROR', 'DOWNLOAD_BAD_RESPONSE'])

type Retry = NonNullable<FileProgressView['retry']>

/** Milliseconds left of a countdown the snapshot stated at `updatedAt`. */
export function remainingMs(statedMs: number, updatedAt: number, now: number): number {
  return Math.max(0, statedMs - Math.max(0, now - updatedAt))
}

/** "Connection lost, retrying in 4 s (attempt 3)", or the server's trouble, or the retry's reason. */
export function retryText(retry: Retry, inMs: number = retry.inMs): string {
  const when = inMs < 500 ? 'retrying now' : `retrying in ${Math.ceil(inMs / 1000)} s`
  const cause = CONNECTION_CODES.has(retry.problem.code) ? 'Connection lost' : SERVER_CODES.has(retry.problem.code) ? 'The server answered with an error' : retry.problem.message.replace(/\.$/, '')
  return `${cause}, ${when} (attempt ${retry.attempt})`
}

/** The stated bound: when a file without data is marked failed. */
export function giveUpText(giveUpInMs: number): string {
  return giveUpInMs < 1000 ? 'Marked failed now if no data arrives.' : `Marked failed if no data arrives within ${formatDuration(giveUpInMs / 1000)}.`
}

/** The file whose next attempt comes first (for the run's connection line). */
export function soonestRetry(files: readonly FileProgressView[]): (FileProgressView & { retry: Retry }) | null {
  let soonest: (FileProgressView & { retry: Retry }) | null = null
  for (const file of files) if (file.retry && (!soonest || file.retry.inMs < soonest.retry.inMs)) soonest = file as FileProgressView & { retry: Retry }
  return soonest
}

export interface FileBadge {
  readonly label: string
  readonly color: string
}

/** The file's state in a word or two. */
export function fileBadge(file: FileProgressView): FileBadge {
  if (file.state === 'done' && file.alreadyDownloaded) return { label: 'Already downloaded', color: 'teal' }
  if (file.state === 'paused' && file.error?.code === 'VAULT_LOCKED') return { label: 'Waiting for key', color: 'yellow' }
  if (file.state === 'downloading' && file.retry) return { label: 'Retrying', color: 'orange' }
  return STATE_BADGES[file.state]
}

const STATE_BADGES: Readonly<Record<FileProgressView['state'], FileBadge>> = {
  queued: { label: 'Queued', color: 'gray' },
  downloading: { label: 'Downloading', color: 'bay' },
  decrypting: { label: 'Decrypting', color: 'violet' },
  paused: { label: 'Paused', color: 'yellow' },
  done: { label: 'Done', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
  cancelled: { label: 'Cancelled', color: 'gray' },
}

/** The numbers under a file's bar: "12.0 MB of 40.0 MB", or "64.0 KB on disk" for a file kept from before. */
export function fileBytesText(file: FileProgressView): string {
  if (file.state === 'done' && file.alreadyDownloaded) return `${formatBytes(file.bytesTotal ?? file.bytesDone)} on disk, checked and kept`
  if (file.state === 'done') return formatBytes(file.bytesTotal ?? file.bytesDone)
  return `${formatBytes(file.bytesDone)}${file.bytesTotal ? ` of ${formatBytes(file.bytesTotal)}` : ''}`
}
