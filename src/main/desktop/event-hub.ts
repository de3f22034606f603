// Events from main to the window (over Electron's IPC or the preview's WebSocket), each parsed by its schema on the
// way out.

import { eventContract, type EventName, type EventPayload } from '../../shared/ipc/contract'

export type EventSink = (name: EventName, payload: unknown) => void

/**
 * Fans events out to the renderer transports. Every payload is parsed with its schema first, so only declared
 * fields ever cross: a service that adds a field (or a secret) by mistake cannot leak it. The last payload of
 * each stream is kept for late subscribers.
 */
export class EventHub {
  readonly #sinks = new Set<EventSink>()
  readonly #last = new Map<EventName, unknown>()
  readonly #onInvalid: (name: EventName, issuePaths: string) => void

  constructor(onInvalid: (name: EventName, issuePaths: string) => void = () => undefined) {
    this.#onInvalid = onInvalid
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const parsed = eventContract[name].safeParse(payload)
    if (!parsed.success) {
      this.#onInvalid(name, parsed.error.issues.map((issue) => issue.path.join('.')).join(', '))
      return
    }
    this.#last.set(name, parsed.data)
    for (const sink of this.#sinks) {
      try {
        sink(name, parsed.data)
      } catch {
        // A closed window or socket must not stop the others.
      }
    }
  }

  last<K extends EventName>(name: K): EventPayload<K> | undefined {
    return this.#last.get(name) as EventPayload<K> | undefined
  }

  subscribe(sink: EventSink): () => void {
    this.#sinks.add(sink)
    return () => this.#sinks.delete(sink)
  }
}
