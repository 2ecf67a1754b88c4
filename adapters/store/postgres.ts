/**
 * The PostgreSQL store: the same port as the embedded SQLite store, for several Lotse instances
 * sharing one database (issue 10). One table `lotse_items(collection, key, value jsonb, etag,
 * expires_at)`; see docs/adr/0008-postgresql-store.md.
 *
 * `commit` is one call of the server-side function `lotse_commit` (migration 2): one round trip,
 * one transaction. Each write checks its own precondition in its statement (`UPDATE … WHERE etag
 * = $x`, `INSERT … ON CONFLICT … WHERE expired`), so two instances racing for the same item cannot
 * both win: PostgreSQL's row lock makes the second wait and then see the first one's eTag; a failed
 * precondition raises, and the whole commit rolls back. Resolves after the commit, i.e. after
 * PostgreSQL flushed its WAL (synchronous_commit on).
 */
import pg from 'pg';
import {
  newEtag,
  PreconditionFailedError,
  type Store,
  type StoredItem,
  type StoreOp,
  type WriteOptions,
} from '../../bot/core/store';
import { POSTGRES_MIGRATIONS, type Migration } from './migrations/postgres';

export interface PostgresOptions {
  connectionString: string;
  /** Schema holding the tables (created when missing); tests use a private one. Default `public`. */
  schema?: string;
  /** Most connections this instance opens. */
  poolSize?: number;
  /** Told about a lost idle connection or a retried connect (the pool replaces the connection). */
  onConnectionError?: (error: unknown, attempt: number) => void;
  /** How often a failed connect is retried, with doubling waits (50 ms … 2 s), before giving up. */
  connectAttempts?: number;
  /** Shown in pg_stat_activity, so operators see which connections are Lotse's. Default `lotse`. */
  applicationName?: string;
  /** Test hook: the clock used for expiry checks. */
  now?: () => number;
  /** Apply pending migrations at open (default true; `npm run db:migrate` does it ahead). */
  migrate?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Errors that mean "no usable connection" (server down, restarting, network), not "bad query". */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return error instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03'].includes(code) || code.startsWith('08');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/**
 * jsonb cannot hold U+0000; a NUL in a citizen's text has no meaning, so it becomes U+FFFD instead
 * of failing the whole turn. Only values that contain one pay for the second pass.
 */
function toJson(value: unknown): string {
  const json = JSON.stringify(value ?? null);
  if (json === undefined) throw new TypeError('value cannot be stored as JSON');
  if (!json.includes('\\u0000')) return json;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(/\0/g, '\uFFFD') : v));
}

/** SQLSTATE raised by lotse_commit when an ifMatch does not hold. */
const PRECONDITION_FAILED = 'LT412';

/** One op as lotse_commit reads it; the value goes in as JSON text, parsed once by PostgreSQL. */
function encodeOp(op: StoreOp, etag: string, now: number): string {
  const head = `"c":${JSON.stringify(op.collection)},"k":${JSON.stringify(op.key)}`;
  if (op.kind === 'delete') return `{${head},"d":true}`;
  const options: WriteOptions | undefined = op.options;
  // An explicit expiry wins; otherwise keepExpiry keeps a live item's expiry, else now + ttl.
  const explicit = options?.expiresAt !== undefined;
  const explicitAt = explicit ? Date.parse(options?.expiresAt as string) : NaN;
  const fresh = explicit ? (Number.isFinite(explicitAt) ? new Date(explicitAt).toISOString() : null) : options?.ttlSeconds ? new Date(now + options.ttlSeconds * 1000).toISOString() : null;
  const keep = !explicit && options?.keepExpiry === true;
  const mode = options?.ifMatch === null ? 'absent' : typeof options?.ifMatch === 'string' ? 'etag' : 'any';
  const ifMatch = mode === 'etag' ? `,"i":${JSON.stringify(options?.ifMatch)}` : '';
  return `{${head},"e":${JSON.stringify(etag)},"x":${JSON.stringify(fresh)},"keep":${keep},"m":"${mode}"${ifMatch},"v":${toJson(op.value)}}`;
}

interface Row {
  key: string;
  value: unknown;
  etag: string;
  expires_at: Date | null;
}

/**
 * Applies the migrations not yet applied to `schema`, holding a session advisory lock so that
 * instances starting together wait for each other; returns the versions this call applied.
 */
export async function migratePostgres(pool: pg.Pool, schema = 'public', migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const s = quoteSchema(schema);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('lotse_migrations'), hashtext($1))", [schema]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`)).rows.map((r) => r.version));
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql.replaceAll('{schema}', s));
          await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        applied.push(migration.version);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('lotse_migrations'), hashtext($1))", [schema]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
  return applied;
}

export class PostgresStore implements Store {
  private closed = false;
  private lastReachable = true;
  private readonly table: string;
  private readonly schema: string;
  private readonly now: () => number;
  private readonly attempts: number;

  private constructor(
    readonly pool: pg.Pool,
    schema: string,
    private readonly options: PostgresOptions,
  ) {
    this.schema = quoteSchema(schema);
    this.table = `${this.schema}.lotse_items`;
    this.now = options.now ?? Date.now;
    this.attempts = Math.max(1, options.connectAttempts ?? 6);
  }

  /** Connects, applies pending migrations (under the advisory lock) and returns the store. */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const schema = options.schema ?? 'public';
    quoteSchema(schema);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      application_name: options.applicationName ?? 'lotse',
      // "Resolved means durable" must not depend on the server's default; a hung statement must not hold a turn forever.
      options: '-c synchronous_commit=on',
      statement_timeout: 30_000,
    });
    // An idle connection dropped by the server must not crash the process; the pool opens a new one.
    pool.on('error', (error) => options.onConnectionError?.(error, 0));
    const store = new PostgresStore(pool, schema, options);
    try {
      if (options.migrate !== false) await store.withRetry(() => migratePostgres(pool, schema));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  /** Retries `work` while the database is unreachable; only for work that is safe to repeat. */
  private async withRetry<R>(work: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await work();
        this.lastReachable = true;
        return result;
      } catch (error) {
        if (isConnectionError(error)) this.lastReachable = false;
        if (this.closed || attempt >= this.attempts || !isConnectionError(error)) throw error;
        this.options.onConnectionError?.(error, attempt);
        await sleep(Math.min(2000, 50 * 2 ** (attempt - 1)));
      }
    }
  }

  /** A client from the pool; connecting is retried with backoff (nothing was sent yet, so it is safe). */
  private connect(): Promise<pg.PoolClient> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return this.withRetry(() => this.pool.connect());
  }

  /** Whether the last contact with the database worked (readiness: /healthz answers 503 otherwise). */
  get reachable(): boolean {
    return this.lastReachable;
  }

  /** Asks the database once; updates {@link reachable}. */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      this.lastReachable = true;
    } catch {
      this.lastReachable = false;
    }
    return this.lastReachable;
  }

  async read<T>(collection: string, key: string): Promise<StoredItem<T> | undefined> {
    const { rows } = await this.withRetry(() =>
      this.pool.query<Row>(`SELECT key, value, etag, expires_at FROM ${this.table} WHERE collection = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3)`, [collection, key, new Date(this.now())]),
    );
    return rows[0] ? toItem<T>(rows[0]) : undefined;
  }

  async list<T>(collection: string): Promise<Array<StoredItem<T>>> {
    const { rows } = await this.withRetry(() =>
      this.pool.query<Row>(`SELECT key, value, etag, expires_at FROM ${this.table} WHERE collection = $1 AND (expires_at IS NULL OR expires_at > $2) ORDER BY key COLLATE "C"`, [collection, new Date(this.now())]),
    );
    return rows.map((row) => toItem<T>(row));
  }

  async write<T>(collection: string, key: string, value: T, options?: WriteOptions): Promise<string> {
    const [etag] = await this.commit([{ kind: 'write', collection, key, value, options }]);
    return etag as string;
  }

  async delete(collection: string, key: string): Promise<void> {
    await this.commit([{ kind: 'delete', collection, key }]);
  }

  async commit(ops: readonly StoreOp[]): Promise<string[]> {
    if (this.closed) throw new Error('store is closed');
    if (ops.length === 0) return [];
    // Serialise values now: the caller may change its objects after calling, and a value that
    // cannot be stored fails the commit before anything is sent.
    const etags = ops.map((op) => (op.kind === 'write' ? newEtag() : ''));
    const now = this.now();
    const payload = `[${ops.map((op, i) => encodeOp(op, etags[i] as string, now)).join(',')}]`;
    const client = await this.connect();
    let broken = false;
    try {
      // One statement = one round trip and one transaction (see migration 2, lotse_commit).
      await client.query(`SELECT ${this.schema}.lotse_commit($1::jsonb, $2)`, [payload, new Date(now)]);
      return etags;
    } catch (error) {
      broken = isConnectionError(error);
      const { code, detail } = error as { code?: string; detail?: string };
      const failed = code === PRECONDITION_FAILED ? ops[Number(detail)] : undefined;
      if (failed) throw new PreconditionFailedError(failed.collection, failed.key);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async sweep(now = new Date()): Promise<number> {
    const result = await this.withRetry(() => this.pool.query(`DELETE FROM ${this.table} WHERE expires_at IS NOT NULL AND expires_at <= $1`, [now]));
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

function toItem<T>(row: Row): StoredItem<T> {
  return {
    key: row.key,
    value: row.value as T,
    etag: row.etag,
    ...(row.expires_at !== null ? { expiresAt: row.expires_at.toISOString() } : {}),
  };
}
