/**
 * The storage port every part of Lotse uses (conversation state, transcripts, handoff queue,
 * analytics). Items carry an eTag for optimistic concurrency — two staff members claiming the
 * same conversation cannot both win — and an optional expiry, so nothing personal is kept longer
 * than needed. Implementations live in adapters/store/ (memory, embedded, PostgreSQL) and all
 * pass one contract suite.
 */

export interface StoredItem<T> {
  key: string;
  value: T;
  etag: string;
  /** ISO time after which the item is deleted by sweep(). */
  expiresAt?: string;
}

export interface WriteOptions {
  /** Write only if the stored eTag still equals this; `null`: only if the key does not exist yet. */
  ifMatch?: string | null;
  /** Delete the item automatically after this many seconds. */
  ttlSeconds?: number;
  /**
   * Keep the expiry the stored item already has (retention counted from the first write, e.g.
   * the conversation's start, not extended by each turn); `ttlSeconds` applies only when the
   * item is new or has no expiry.
   */
  keepExpiry?: boolean;
  /** An explicit expiry (ISO time); wins over `ttlSeconds` and `keepExpiry`. */
  expiresAt?: string;
}

/** One change inside {@link Store.commit}. */
export type StoreOp =
  | { kind: 'write'; collection: string; key: string; value: unknown; options?: WriteOptions }
  | { kind: 'delete'; collection: string; key: string };

export class PreconditionFailedError extends Error {
  constructor(collection: string, key: string) {
    super(`Item ${collection}/${key} was changed by someone else`);
    this.name = 'PreconditionFailedError';
  }
}

export interface Store {
  read<T>(collection: string, key: string): Promise<StoredItem<T> | undefined>;
  /** Returns the new eTag. Throws PreconditionFailedError when `ifMatch` does not hold. */
  write<T>(collection: string, key: string, value: T, options?: WriteOptions): Promise<string>;
  delete(collection: string, key: string): Promise<void>;
  list<T>(collection: string): Promise<Array<StoredItem<T>>>;
  /**
   * Apply several writes and deletes as one unit: either all of them or none (a failed `ifMatch`
   * anywhere throws PreconditionFailedError and changes nothing). Resolves only once the change
   * is durable, so a caller may acknowledge what it committed. Returns the new eTag of each
   * write, in order (deletes give '').
   */
  commit(ops: readonly StoreOp[]): Promise<string[]>;
  /** Delete expired items; returns how many. */
  sweep(now?: Date): Promise<number>;
  close(): Promise<void>;
}

export function newEtag(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function expiry(ttlSeconds: number | undefined, now = Date.now()): string | undefined {
  return ttlSeconds ? new Date(now + ttlSeconds * 1000).toISOString() : undefined;
}

/** The expiry a write gives its item, by the rules of {@link WriteOptions}. */
export function expiryFor(options: WriteOptions | undefined, current: { expiresAt?: string } | undefined, now = Date.now()): string | undefined {
  if (options?.expiresAt !== undefined) return Number.isFinite(Date.parse(options.expiresAt)) ? new Date(options.expiresAt).toISOString() : undefined;
  if (options?.keepExpiry && current?.expiresAt) return current.expiresAt;
  return expiry(options?.ttlSeconds, now);
}

export function isExpired(item: { expiresAt?: string }, now: Date): boolean {
  return item.expiresAt !== undefined && Date.parse(item.expiresAt) <= now.getTime();
}
