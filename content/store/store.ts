/**
 * The one storage interface every part of Lotse uses (conversation state, transcripts, handoff
 * queue, analytics). Items carry an eTag for optimistic concurrency — two staff members claiming
 * the same conversation cannot both win — and an optional expiry, so nothing personal is kept
 * longer than needed. Implementations: memory (tests), lowdb (embedded default), PostgreSQL.
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
}

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

export function isExpired(item: { expiresAt?: string }, now: Date): boolean {
  return item.expiresAt !== undefined && Date.parse(item.expiresAt) <= now.getTime();
}

type Collections = Record<string, Record<string, Omit<StoredItem<unknown>, 'key'>>>;

/**
 * Shared logic of the stores that keep all data as one object (memory, lowdb): the object
 * is changed in place and `persist` is called after each change.
 */
export class DocumentStore implements Store {
  constructor(
    protected readonly data: () => Collections,
    private readonly persist: () => Promise<void>,
  ) {}

  private queue: Promise<unknown> = Promise.resolve();

  /** Serialise changes so a read-modify-write by one caller is never interleaved with another. */
  private exclusive<R>(fn: () => Promise<R> | R): Promise<R> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async read<T>(collection: string, key: string): Promise<StoredItem<T> | undefined> {
    const item = this.data()[collection]?.[key];
    if (!item || isExpired(item, new Date())) return undefined;
    return { key, ...(structuredClone(item) as Omit<StoredItem<T>, 'key'>) };
  }

  write<T>(collection: string, key: string, value: T, options: WriteOptions = {}): Promise<string> {
    return this.exclusive(async () => {
      const items = (this.data()[collection] ??= {});
      const current = items[key] && !isExpired(items[key], new Date()) ? items[key] : undefined;
      if (options.ifMatch === null && current) throw new PreconditionFailedError(collection, key);
      if (typeof options.ifMatch === 'string' && current?.etag !== options.ifMatch) throw new PreconditionFailedError(collection, key);
      const etag = newEtag();
      items[key] = { value: structuredClone(value), etag, expiresAt: expiry(options.ttlSeconds) };
      await this.persist();
      return etag;
    });
  }

  delete(collection: string, key: string): Promise<void> {
    return this.exclusive(async () => {
      const items = this.data()[collection];
      if (!items || !(key in items)) return;
      delete items[key];
      await this.persist();
    });
  }

  async list<T>(collection: string): Promise<Array<StoredItem<T>>> {
    const now = new Date();
    return Object.entries(this.data()[collection] ?? {})
      .filter(([, item]) => !isExpired(item, now))
      .map(([key, item]) => ({ key, ...(structuredClone(item) as Omit<StoredItem<T>, 'key'>) }));
  }

  sweep(now = new Date()): Promise<number> {
    return this.exclusive(async () => {
      let removed = 0;
      for (const items of Object.values(this.data())) {
        for (const [key, item] of Object.entries(items)) {
          if (isExpired(item, now)) {
            delete items[key];
            removed++;
          }
        }
      }
      if (removed > 0) await this.persist();
      return removed;
    });
  }

  async close(): Promise<void> {
    await this.exclusive(() => undefined);
  }
}

export class MemoryStore extends DocumentStore {
  constructor() {
    const collections: Collections = {};
    super(
      () => collections,
      async () => {},
    );
  }
}
