/**
 * Growing delays after failed attempts (logins, admin tokens), kept in memory per key.
 *
 * The first `freeFailures` failures cost nothing; each further one doubles the wait, from
 * `baseMs` up to `maxMs`. A key is forgotten `forgetMs` after its last failure, and a success
 * clears it. Unlike a fixed lockout, someone guessing gets slower and slower while a person who
 * mistyped twice never notices — and with keys per (account, address) nobody can lock out
 * anybody else.
 */
export interface DelayPolicy {
  freeFailures: number;
  baseMs: number;
  maxMs: number;
  forgetMs: number;
}

export interface ThrottledKey {
  key: string;
  failures: number;
  /** Milliseconds until the next attempt is accepted (0 when it already is). */
  waitMs: number;
}

interface Entry {
  failures: number;
  lastAt: number;
  until: number;
}

const MAX_KEYS = 50_000;

export class GrowingDelay {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly policy: DelayPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  waitMs(key: string): number {
    const entry = this.live(key);
    return entry ? Math.max(0, entry.until - this.now()) : 0;
  }

  /** Counts a failure; returns the wait it causes. */
  fail(key: string): number {
    const at = this.now();
    const entry = this.live(key) ?? { failures: 0, lastAt: at, until: 0 };
    entry.failures += 1;
    entry.lastAt = at;
    const excess = entry.failures - this.policy.freeFailures;
    if (excess > 0) entry.until = at + Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** Math.min(excess - 1, 30));
    this.entries.set(key, entry);
    if (this.entries.size > MAX_KEYS) this.sweep();
    return Math.max(0, entry.until - at);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  /** Keys with failures on record, most failures first (for admins). */
  list(): ThrottledKey[] {
    this.sweep();
    const at = this.now();
    return [...this.entries]
      .map(([key, e]) => ({ key, failures: e.failures, waitMs: Math.max(0, e.until - at) }))
      .sort((a, b) => b.failures - a.failures);
  }

  /** Clears every key the predicate picks; returns how many. */
  lift(pick: (key: string) => boolean): number {
    let n = 0;
    for (const key of [...this.entries.keys()]) {
      if (pick(key)) {
        this.entries.delete(key);
        n += 1;
      }
    }
    return n;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.lastAt > this.policy.forgetMs && this.now() >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    for (const key of [...this.entries.keys()]) this.live(key);
  }
}
