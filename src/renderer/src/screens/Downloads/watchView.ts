// The words of "Keep this folder in sync": why it cannot start yet and where to go, why the manual sync buttons
// wait while it runs, and the state of the watch (next and last check, the round, waiting and missed orders) as
// text. Pure, so the wording is tested without a window.

import type { KeyState, WatchStateView } from '../../../../shared/ipc'
import type { ScreenId } from '../../app/screens'
import { SIGN_IN_CODES } from '../../components/problem'

/** Why watching cannot start now, and the one step that fixes it. */
export type WatchBlocker =
  | { readonly reason: string; readonly fix: 'choose-folder'; readonly label: string }
  | { readonly reason: string; readonly fix: 'navigate'; readonly screen: ScreenId; readonly label: string }
  /** Nothing to do but wait (a sync by hand is writing into the folder). */
  | { readonly reason: string; readonly fix: 'wait' }

export interface WatchStartInput {
  readonly signedIn: boolean
  readonly downloadDir: string | null
  readonly key: KeyState | undefined
  /** A sync by hand is running (it holds the folder until it ends). */
  readonly syncRunning?: boolean
}

/** The first thing missing before watching can start (the order the person fixes them in), or null. */
export function watchBlocker({ signedIn, downloadDir, key, syncRunning = false }: WatchStartInput): WatchBlocker | null {
  if (!signedIn) return { reason: 'Sign in to NumerBay first: watching checks your orders.', fix: 'navigate', screen: 'sign-in', label: 'Go to sign in' }
  if (key?.state !== 'unlocked') return { reason: 'Unlock your key first: watching decrypts each new file as it arrives.', fix: 'navigate', screen: 'key', label: 'Go to the Key screen' }
  if (!downloadDir) return { reason: 'Choose a download folder first: watching keeps that folder in sync.', fix: 'choose-folder', label: 'Choose a folder' }
  if (syncRunning) return { reason: 'A sync is writing into the folder now: keep it in sync once that sync has ended (or cancel it).', fix: 'wait' }
  return null
}

/** Said beside every manual sync button while watching runs (they would write into the folder it holds). */
export const WATCHING_REASON = 'Watching keeps this folder in sync. Stop watching to sync by hand or change the folder.'

/** Why the manual sync buttons are disabled: a running watch, or null. */
export function manualSyncBlocked(watch: WatchStateView | undefined): string | null {
  return watch && watch.state !== 'off' ? WATCHING_REASON : null
}

/** A span of time in words a person reads at a glance: "12 s", "3 min", "1 h 05 min". */
export function spanText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

/** When the next check runs, relative to `now`. */
export function nextCheckText(watch: WatchStateView, now: number): string {
  if (watch.state === 'stopping') return 'Stopping…'
  if (watch.state === 'off') return 'Not watching'
  if (watch.checking) return 'Checking now…'
  if (watch.nextCheckAt === null) return '—'
  const left = watch.nextCheckAt - now
  return left < 1000 ? 'In a moment' : `In ${spanText(left)}`
}

/** When the last check ended, relative to `now`. */
export function lastCheckText(watch: WatchStateView, now: number): string {
  if (watch.lastCheckAt === null) return watch.checking ? 'The first check is running' : 'Not yet'
  const ago = now - watch.lastCheckAt
  return ago < 1000 ? 'Just now' : `${spanText(ago)} ago`
}

/** "Round 520: 3 files received", or what is known before the first check. */
export function roundText(watch: WatchStateView): string {
  if (watch.round === null) return 'Known after the first check'
  const files = watch.filesThisRound === 1 ? '1 file received' : `${watch.filesThisRound} files received`
  return `Round ${watch.round}: ${files}`
}

export function waitingText(order: WatchStateView['waiting'][number]): string {
  const since = order.sinceMs >= 1000 ? `, for ${spanText(order.sinceMs)}` : ''
  return `${order.productName} (order ${order.orderId}): no file from the seller yet${since}`
}

export function missedText(order: WatchStateView['missed'][number]): string {
  return `${order.productName} (order ${order.orderId}): no file arrived in round ${order.round}`
}

/** The time of a report line, as the CLI stamps its lines (local time, to the second). */
export function lineTime(at: number): string {
  const date = new Date(at)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

/** How often it checks, for the card's description ("every 2 min"). */
export function intervalText(intervalMs: number): string {
  return intervalMs > 0 ? `every ${spanText(intervalMs)}` : 'every couple of minutes'
}

/** The one step that fixes the last check's problem, when it is not just waiting for the next check. */
export function problemFix(problem: { readonly code: string }): { readonly screen: ScreenId; readonly label: string } | null {
  if (SIGN_IN_CODES.has(problem.code)) return { screen: 'sign-in', label: 'Sign in again' }
  switch (problem.code) {
    case 'VAULT_LOCKED':
    case 'SYNC_NO_KEY':
      return { screen: 'key', label: 'Go to the Key screen' }
    case 'DOWNLOAD_NOT_SEALED_TO_KEY':
      return { screen: 'key', label: 'Import that key file' }
    default:
      return null
  }
}
