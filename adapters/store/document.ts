/**
 * Stores that keep all data as one object in memory (memory, lowdb): the object is changed in
 * place and `persist` is called after each change.
 */
import { expiryFor, isExpired, newEtag, PreconditionFailedError, type Store, type StoredItem, type StoreOp, type WriteOptions } from '../../bot/core/store';

type Collections = Record<string, Record<string, Omit<StoredItem<unknown>, 'key'>>>;

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
    items[key] = { value: structuredClone(value), etag, expiresAt: expiryFor(options, current) };
    this.markDirty(collection);
    return etag;
  }

  async commit(ops: readonly StoreOp[]): Promise<string[]> {
    const now = new Date();
    // Check every precondition before changing anything: all or nothing.
    for (const op of ops) {
      if (op.kind !== 'write' || op.options?.ifMatch === undefined) continue;
      const item = this.data()[op.collection]?.[op.key];
      const current = item && !isExpired(item, now) ? item : undefined;
      if (op.options.ifMatch === null ? current : current?.etag !== op.options.ifMatch) throw new PreconditionFailedError(op.collection, op.key);
    }
    // Copy every value before changing anything, so a value that cannot be copied changes nothing.
    const values = ops.map((op) => (op.kind === 'write' ? structuredClone(op.value) : undefined));
    const etags: string[] = [];
    for (const [i, op] of ops.entries()) {
      if (op.kind === 'write') {
        const etag = newEtag();
        const items = (this.data()[op.collection] ??= {});
        const current = items[op.key] && !isExpired(items[op.key], now) ? items[op.key] : undefined;
        items[op.key] = { value: values[i], etag, expiresAt: expiryFor(op.options, current) };
        this.markDirty(op.collection);
        etags.push(etag);
      } else {
        const items = this.data()[op.collection];
        if (items && op.key in items) {
          delete items[op.key];
          this.markDirty(op.collection);
        }
        etags.push('');
      }
    }
    await this.flush();
    return etags;
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
