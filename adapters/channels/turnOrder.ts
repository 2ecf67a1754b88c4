/**
 * Per-conversation turn ordering, for every channel: turns of one conversation run one after
 * another, in the order they arrived, so a citizen's second message is answered after the first
 * (and the two do not race for the conversation's compare-and-set). Turns of different
 * conversations run side by side. A conversation with too many waiting turns is refused
 * (`undefined`), so one client cannot queue unbounded work.
 */
export class TurnOrder {
  private readonly queues = new Map<string, { tail: Promise<unknown>; pending: number }>();

  constructor(private readonly maxPending = 10) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> | undefined {
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), pending: 0 };
    if (queue.pending >= this.maxPending) return undefined;
    queue.pending += 1;
    this.queues.set(key, queue);
    const result = queue.tail.then(task);
    queue.tail = result
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        queue.pending -= 1;
        // Nothing waiting: forget the conversation (memory stays bounded by the active ones).
        if (queue.pending === 0 && this.queues.get(key) === queue) this.queues.delete(key);
      });
    return result;
  }

  /** Conversations with a turn running or waiting. */
  get size(): number {
    return this.queues.size;
  }
}
