// One exchange at a time (the limit on how long one may take is src/shared/time-limit.ts withTimeout).

/**
 * Runs tasks one after another. A Ledger answers one APDU exchange at a time: a second exchange started
 * while one is pending fails with TransportRaceCondition / TransportLocked, so every exchange goes through one
 * queue per device. A failed task does not stop the ones behind it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    this.tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }
}
