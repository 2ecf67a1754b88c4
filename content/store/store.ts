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
  /**
   * @param persist writes the named collections to disk.
   * @param flushDelayMs how long changes may wait in memory before they are written together.
   */
  constructor(
    protected readonly data: () => Collections,
    private readonly persist: (collections: ReadonlySet<string>) => Promise<void>,
    private readonly flushDelayMs = 0,
    private readonly onFlushError: (error: unknown) => void = () => {},
  ) {}

  private flushing?: Promise<void>;
  private readonly dirty = new Set<string>();

  /**
   * Write-behind with group commit: a change is applied in memory at once (JavaScript runs one at
   * a time, so a check-and-set cannot interleave) and written to disk with every other change of
   * the next few milliseconds, one file per changed collection. A turn never waits for the disk;
   * close() waits for the last write.
   */
  private markDirty(collection: string): void {
    this.dirty.add(collection);
    if (this.flushing) return;
    this.flushing = new Promise<void>((resolve) => (this.flushDelayMs > 0 ? setTimeout(resolve, this.flushDelayMs).unref() : setImmediate(resolve)))
      .then(async () => {
        while (this.dirty.size > 0) {
          const batch = new Set(this.dirty);
          this.dirty.clear();
          await this.persist(batch);
        }
      })
      .catch(this.onFlushError)
      .finally(() => {
        this.flushing = undefined;
      });
  }

  async read<T>(collection: string, key: string): Promise<StoredItem<T> | undefined> {
    const item = this.data()[collection]?.[key];
    if (!item || isExpired(item, new Date())) return undefined;
    return { key, ...(structuredClone(item) as Omit<StoredItem<T>, 'key'>) };
  }

  async write<T>(collection: string, key: string, value: T, options: WriteOptions = {}): Promise<string> {
    const items = (this.data()[collection] ??= {});
    const current = items[key] && !isExpired(items[key], new Date()) ? items[key] : undefined;
    if (options.ifMatch === null && current) throw new PreconditionFailedError(collection, key);
    if (typeof options.ifMatch === 'string' && current?.etag !== options.ifMatch) throw new PreconditionFailedError(collection, key);
    const etag = newEtag();
    items[key] = { value: structuredClone(value), etag, expiresAt: expiry(options.ttlSeconds) };
    this.markDirty(collection);
    return etag;
  }

  async delete(collection: string, key: string): Promise<void> {
    const items = this.data()[collection];
    if (!items || !(key in items)) return;
    delete items[key];
    this.markDirty(collection);
  }

  async list<T>(collection: string): Promise<Array<StoredItem<T>>> {
    const now = new Date();
    return Object.entries(this.data()[collection] ?? {})
      .filter(([, item]) => !isExpired(item, now))
      .map(([key, item]) => ({ key, ...(structuredClone(item) as Omit<StoredItem<T>, 'key'>) }));
  }

  async sweep(now = new Date()): Promise<number> {
    let removed = 0;
    for (const [collection, items] of Object.entries(this.data())) {
      for (const [key, item] of Object.entries(items)) {
        if (isExpired(item, now)) {
          delete items[key];
          removed++;
          this.markDirty(collection);
        }
      }
    }
    return removed;
  }

  /** Wait until everything written so far is on disk. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
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
