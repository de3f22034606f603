import type { FileProgressView } from '../../../../shared/ipc'

type FileState = FileProgressView['state']

export const fileStateText: Record<FileState, { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'gray' },
  downloading: { label: 'Downloading', color: 'bay' },
  decrypting: { label: 'Decrypting', color: 'violet' },
  paused: { label: 'Paused', color: 'yellow' },
  done: { label: 'Done', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
  cancelled: { label: 'Cancelled', color: 'gray' },
}

export function isRunning(state: FileState): boolean {
  return state === 'queued' || state === 'downloading' || state === 'decrypting'
}
