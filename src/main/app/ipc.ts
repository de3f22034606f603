// The IPC contract on Electron's IPC: which sender is trusted, one handler per invoke channel in front of the
// dispatcher, and the backend's events pushed to the window.

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { eventChannel, invokeChannel, invokeNameList } from '../../shared/ipc/names'
import { AppError, type Result } from '../../shared/errors'
import type { Dispatch } from '../desktop/dispatcher'
import type { EventHub } from '../desktop/event-hub'
import { isRendererUrl, type RendererLocation } from './renderer-location'

/**
 * A request is trusted only from the main frame of our renderer (its URL on our origin): never from a
 * subframe, a navigated-away page or another WebContents.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, location: RendererLocation, allowed: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame
  if (!frame) return false
  if (!allowed(event.sender)) return false
  if (frame !== event.sender.mainFrame) return false
  return isRendererUrl(frame.url, location)
}

/** Registers one handler per contract channel; each checks the sender, then the dispatcher checks the arguments. */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  location: RendererLocation,
  allowed: (contents: WebContents) => boolean,
): () => void {
  for (const name of invokeNameList) {
    ipcMain.handle(invokeChannel(name), async (event, ...args: unknown[]): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, location, allowed)) return { ok: false, error: new AppError('IPC_FORBIDDEN').toInfo() }
      // The preload sends one argument; extra ones mean a caller that is not our preload.
      if (args.length > 1) return { ok: false, error: new AppError('INVALID_ARGUMENT').toInfo() }
      return dispatch(name, args[0])
    })
  }
  return () => {
    for (const name of invokeNameList) ipcMain.removeHandler(invokeChannel(name))
  }
}

/** Pushes every backend event to the window (payloads already parsed by their schemas in the hub). */
export function forwardEvents(events: EventHub, target: () => WebContents | null): () => void {
  return events.subscribe((name, payload) => {
    const contents = target()
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload)
  })
}
