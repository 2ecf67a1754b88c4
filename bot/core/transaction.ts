/**
 * What a turn changes, collected instead of written: every store write of a turn goes into one
 * {@link Store.commit} (all or nothing, durable), and whatever announces a change — a webhook
 * delivery, a log line, a message — happens only after that commit. A turn that fails or loses
 * its compare-and-set leaves nothing behind.
 */
import type { Store, StoreOp } from './store';

export interface Transaction {
  /** A write or delete that becomes visible with the turn's commit. */
  add(op: StoreOp): void;
  /** Runs once the commit is durable (never when the turn fails). */
  afterCommit(effect: () => void | Promise<void>): void;
}

export class TurnTransaction implements Transaction {
  readonly ops: StoreOp[] = [];
  private readonly effects: Array<() => void | Promise<void>> = [];

  add(op: StoreOp): void {
    this.ops.push(op);
  }

  afterCommit(effect: () => void | Promise<void>): void {
    this.effects.push(effect);
  }

  /** Commits every op at once, then runs the effects; an effect that fails does not undo the turn. */
  async commit(store: Store, onEffectError: (error: unknown) => void): Promise<void> {
    if (this.ops.length > 0) await store.commit(this.ops);
    for (const effect of this.effects) {
      try {
        await effect();
      } catch (error) {
        onEffectError(error);
      }
    }
  }
}

/**
 * Outside a turn (staff actions, timers) there is nobody to collect for: commit at once.
 * Lets the same code serve both paths (`tx ?? immediately(store)`).
 */
export async function runNow(store: Store, build: (tx: Transaction) => void | Promise<void>, onEffectError: (error: unknown) => void = () => {}): Promise<void> {
  const tx = new TurnTransaction();
  await build(tx);
  await tx.commit(store, onEffectError);
}
