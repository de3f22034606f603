// Messages of the browser preview bridge (development and end-to-end tests only): the page and the preview
// server talk JSON over one loopback WebSocket. The first message must be `hello` with the random token the
// server printed in the page URL's fragment.

export const PREVIEW_BRIDGE_PATH = '/__numerbay/bridge'
export const PREVIEW_CLIENT_PATH = '/__numerbay/preview-client.js'

export type DialogKind = 'folder' | 'files' | 'save'

export type PreviewClientMessage =
  | { readonly type: 'hello'; readonly token: string }
  | { readonly type: 'invoke'; readonly id: number; readonly name: string; readonly args?: unknown }
  | { readonly type: 'dialog-answer'; readonly id: number; readonly value: string | readonly string[] | null }

export type PreviewServerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly type: 'event'; readonly name: string; readonly payload: unknown }
  /** The backend wants a path: the page asks the person (window.prompt) and answers. */
  | { readonly type: 'dialog'; readonly id: number; readonly kind: DialogKind; readonly title: string }
