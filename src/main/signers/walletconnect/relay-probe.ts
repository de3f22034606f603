// Whether the WalletConnect relay is reachable, asked before the SDK is: the SDK keeps retrying for 75 s and leaves
// timers that hold the process open that long.

import WebSocket from 'ws'

/**
 * Whether the relay answers at all, within `timeoutMs`: any HTTP answer to the WebSocket upgrade counts
 * (the public relay refuses a handshake without its auth token, which still proves it is reachable); only
 * network errors and silence do not.
 */
export function probeRelay(url: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs })
    const timer = setTimeout(() => finish(false), timeoutMs)
    const onAbort = () => finish(false)
    signal?.addEventListener('abort', onAbort, { once: true })
    function finish(reachable: boolean) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      socket.removeAllListeners()
      socket.on('error', () => undefined)
      socket.terminate()
      resolve(reachable)
    }
    socket.once('open', () => finish(true))
    socket.once('unexpected-response', () => finish(true))
    socket.once('error', () => finish(false))
  })
}
