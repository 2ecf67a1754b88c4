/**
 * The embedded default store: one SQLite database (better-sqlite3) in DATA_DIR/store, one table
 * `items(collection, key, value, etag, expires_at)`. See docs/adr/0007-sqlite-embedded-store.md.
 *
 * Durability: WAL journal with `synchronous=FULL`, so a transaction is on disk (WAL fsynced) when
 * it commits; every write/commit/delete promise resolves only after that. Changes that arrive in
 * the same tick are written in one transaction (group commit, one fsync), each caller's changes in
 * its own SAVEPOINT, so a failed precondition undoes only that caller's changes. Write cost is one
 * row per changed item, independent of how much is stored.
 *
 * One process owns DATA_DIR (SQLite locks the file; a second writer would wait, not corrupt).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  newEtag,
  PreconditionFailedError,
  type Store,
  type StoredItem,
  type StoreOp,
  type WriteOptions,
} from '../../bot/core/store';

const DB_FILE = 'lotse.sqlite3';
const LOWDB_FILE = /^([a-zA-Z0-9_-]{1,64})\.json$/;
/** Leftovers of interrupted writes (lowdb/steno temp files, editors, our own): never kept. */
const LEFTOVER = /(^\..*\.tmp$)|(\.tmp$)|(\.tmp-\d+$)/;

export interface SqliteOptions {
  /** Told how many items were imported from old lowdb collection files (moved aside afterwards). */
  onImport?: (collection: string, items: number, movedTo: string) => void;
  /** Told about a leftover temporary file that was deleted at open. */
  onLeftover?: (file: string) => void;
  /** Test hook: the clock used for expiry checks. */
  now?: () => number;
}

interface Row {
  key: string;
  value: string;
  etag: string;
  expires_at: number | null;
}

interface Pending {
  ops: readonly StoreOp[];
  resolve(etags: string[]): void;
  reject(error: unknown): void;
}

/** Resolves the expiry of a write: explicit time, kept from the current item, or now + ttl. */
function expiryOf(options: WriteOptions | undefined, current: Row | undefined, now: number): number | null {
  if (options?.expiresAt !== undefined) {
    const at = Date.parse(options.expiresAt);
    return Number.isFinite(at) ? at : null;
  }
  if (options?.keepExpiry && current && current.expires_at !== null) return current.expires_at;
  return options?.ttlSeconds ? now + options.ttlSeconds * 1000 : null;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private readonly stmt: {
    get: Database.Statement<[string, string, number]>;
    getAny: Database.Statement<[string, string]>;
    put: Database.Statement<[string, string, string, string, number | null]>;
    del: Database.Statement<[string, string]>;
    list: Database.Statement<[string, number]>;
    sweep: Database.Statement<[number]>;
  };

  private constructor(db: Database.Database, now: () => number) {
    this.db = db;
    this.now = now;
    this.stmt = {
      get: db.prepare('SELECT key, value, etag, expires_at FROM items WHERE collection = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)'),
      getAny: db.prepare('SELECT key, value, etag, expires_at FROM items WHERE collection = ? AND key = ?'),
      put: db.prepare(
        'INSERT INTO items (collection, key, value, etag, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at',
      ),
      del: db.prepare('DELETE FROM items WHERE collection = ? AND key = ?'),
      list: db.prepare('SELECT key, value, etag, expires_at FROM items WHERE collection = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key'),
      sweep: db.prepare('DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    };
  }

  /** Opens (or creates) DATA_DIR/store/lotse.sqlite3; imports old lowdb files once. */
  static open(dataDir: string, options: SqliteOptions = {}): SqliteStore {
    const dir = path.join(dataDir, 'store');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    for (const name of fs.readdirSync(dir)) {
      if (!LEFTOVER.test(name)) continue;
      fs.rmSync(path.join(dir, name), { force: true });
      options.onLeftover?.(name);
    }
    const file = path.join(dir, DB_FILE);
    // Files SQLite creates (database, -wal, -shm) get 0600 from this umask; existing ones are chmodded.
    const oldUmask = process.umask(0o077);
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      // Deleted rows are overwritten, not just unlinked: erased personal data must not linger in free pages.
      db.pragma('secure_delete = ON');
      db.exec(`CREATE TABLE IF NOT EXISTS items (
        collection TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        etag TEXT NOT NULL,
        expires_at INTEGER,
        PRIMARY KEY (collection, key)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS items_expiry ON items (expires_at) WHERE expires_at IS NOT NULL;`);
    } finally {
      process.umask(oldUmask);
    }
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
    }
    const store = new SqliteStore(db, options.now ?? Date.now);
    store.importLowdb(dir, options);
    return store;
  }

  /** Old lowdb collection files (`<collection>.json`) are imported once, then renamed aside. */
  private importLowdb(dir: string, options: SqliteOptions): void {
    for (const name of fs.readdirSync(dir).sort()) {
      const match = LOWDB_FILE.exec(name);
      if (!match) continue;
      const collection = match[1] as string;
      const file = path.join(dir, name);
      let items: Record<string, { value?: unknown; etag?: string; expiresAt?: string }>;
      try {
        items = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof items;
      } catch {
        items = {};
      }
      let count = 0;
      this.db.transaction(() => {
        if (!items || typeof items !== 'object' || Array.isArray(items)) return;
        for (const [key, item] of Object.entries(items)) {
          if (!item || typeof item !== 'object' || !('value' in item)) continue;
          const at = item.expiresAt ? Date.parse(item.expiresAt) : NaN;
          this.stmt.put.run(collection, key, JSON.stringify(item.value ?? null), typeof item.etag === 'string' ? item.etag : newEtag(), Number.isFinite(at) ? at : null);
          count++;
        }
      })();
      const movedTo = `${file}.imported`;
      fs.renameSync(file, movedTo);
      fs.chmodSync(movedTo, 0o600);
      options.onImport?.(collection, count, movedTo);
    }
  }

  async read<T>(collection: string, key: string): Promise<StoredItem<T> | undefined> {
    const row = this.stmt.get.get(collection, key, this.now()) as Row | undefined;
    return row ? toItem<T>(row) : undefined;
  }

  async list<T>(collection: string): Promise<Array<StoredItem<T>>> {
    return (this.stmt.list.all(collection, this.now()) as Row[]).map((row) => toItem<T>(row));
  }

  async write<T>(collection: string, key: string, value: T, options?: WriteOptions): Promise<string> {
    const [etag] = await this.commit([{ kind: 'write', collection, key, value, options }]);
    return etag as string;
  }

  async delete(collection: string, key: string): Promise<void> {
    await this.commit([{ kind: 'delete', collection, key }]);
  }

  commit(ops: readonly StoreOp[]): Promise<string[]> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    // Serialise values now: the caller may change its objects after calling.
    let frozen: StoreOp[];
    try {
      frozen = ops.map((op) => (op.kind === 'write' ? { ...op, value: JSON.stringify(op.value ?? null) } : op));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<string[]>((resolve, reject) => {
      this.queue.push({ ops: frozen, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    });
  }

  /** Group commit: every queued commit in one transaction, each in its own savepoint. */
  private drain(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; etags: string[] } | { ok: false; error: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const now = this.now();
      for (const pending of batch) {
        this.db.exec('SAVEPOINT op');
        try {
          const etags = this.apply(pending.ops, now);
          this.db.exec('RELEASE op');
          outcomes.push({ ok: true, etags });
        } catch (error) {
          this.db.exec('ROLLBACK TO op');
          this.db.exec('RELEASE op');
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.etags);
      else pending.reject(outcome.error);
    });
  }

  private apply(ops: readonly StoreOp[], now: number): string[] {
    const etags: string[] = [];
    for (const op of ops) {
      if (op.kind === 'delete') {
        this.stmt.del.run(op.collection, op.key);
        etags.push('');
        continue;
      }
      const raw = this.stmt.getAny.get(op.collection, op.key) as Row | undefined;
      const current = raw && (raw.expires_at === null || raw.expires_at > now) ? raw : undefined;
      const ifMatch = op.options?.ifMatch;
      if (ifMatch === null && current) throw new PreconditionFailedError(op.collection, op.key);
      if (typeof ifMatch === 'string' && current?.etag !== ifMatch) throw new PreconditionFailedError(op.collection, op.key);
      const etag = newEtag();
      this.stmt.put.run(op.collection, op.key, op.value as string, etag, expiryOf(op.options, current, now));
      etags.push(etag);
    }
    return etags;
  }

  async sweep(now = new Date()): Promise<number> {
    await this.settled();
    return this.stmt.sweep.run(now.getTime()).changes;
  }

  /** Resolves after every commit queued so far has been written. */
  private async settled(): Promise<void> {
    if (this.queue.length === 0) return;
    await this.commit([]).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled();
    this.closed = true;
    this.db.close();
  }
}

function toItem<T>(row: Row): StoredItem<T> {
  return {
    key: row.key,
    value: JSON.parse(row.value) as T,
    etag: row.etag,
    ...(row.expires_at !== null ? { expiresAt: new Date(row.expires_at).toISOString() } : {}),
  };
}
