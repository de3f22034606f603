// The browser preview's dialogs: a browser has no native ones, so paths come from answers queued by a test, or from
// the page.

import type { DialogKind } from '../../shared/ipc/preview-protocol'
import type { DialogPort } from '../desktop/ports'

type Answer = string | readonly string[] | null

/** Asks the page (window.prompt) when no scripted answer is queued; null when no page is connected. */
export type PageAsker = (kind: DialogKind, title: string) => Promise<Answer>

/**
 * The preview's dialog port: answers queued by the caller first (end-to-end tests:
 * `preview.dialogs.answer('folder', '/tmp/out')`), else the page's prompt.
 */
export class ScriptedDialogs implements DialogPort {
  readonly #queues: Record<DialogKind, Answer[]> = { folder: [], files: [], save: [] }
  /** Every dialog the backend asked for, in order (tests check that e.g. export asked for a save path). */
  readonly asked: Array<{ kind: DialogKind; title: string }> = []
  askPage: PageAsker = async () => null

  /** Queues the answer to the next dialog of this kind (null = the person cancels). */
  answer(kind: DialogKind, value: Answer): void {
    this.#queues[kind].push(value)
  }

  async #next(kind: DialogKind, title: string): Promise<Answer> {
    this.asked.push({ kind, title })
    const queue = this.#queues[kind]
    if (queue.length > 0) return queue.shift() ?? null
    return this.askPage(kind, title)
  }

  async chooseFolder(options: { title?: string }): Promise<string | null> {
    const answer = await this.#next('folder', options.title ?? 'Choose a folder')
    return typeof answer === 'string' ? answer : (answer?.[0] ?? null)
  }

  async chooseFiles(options: { title?: string; multiple?: boolean }): Promise<string[] | null> {
    const answer = await this.#next('files', options.title ?? 'Choose files')
    if (answer === null) return null
    const paths = typeof answer === 'string' ? [answer] : [...answer]
    return options.multiple ? paths : paths.slice(0, 1)
  }

  async chooseSavePath(options: { title?: string; defaultName: string }): Promise<string | null> {
    const answer = await this.#next('save', options.title ?? `Save ${options.defaultName}`)
    return typeof answer === 'string' ? answer : (answer?.[0] ?? null)
  }
}
