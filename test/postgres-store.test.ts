/**
 * What only the PostgreSQL store promises: several Lotse instances (each its own pool) on one
 * database see each other's writes, race safely, migrate once, and survive lost connections.
 * Runs against LOTSE_TEST_DATABASE_URL (CI starts the server; see .ci/run) — never skipped.
 */
import { migratePostgres, PostgresStore } from '../adapters/store/postgres';
import { POSTGRES_MIGRATIONS } from '../adapters/store/migrations/postgres';
import { PreconditionFailedError } from '../bot/core/store';
import { cuttableRelay, privateSchemas } from './support/postgres';

const pg = privateSchemas('pgonly');
afterAll(() => pg.dropAll());

/** Two instances of Lotse: two stores with their own pools on the same schema. */
async function twoInstances() {
  const schema = await pg.create();
  const a = pg.track(await PostgresStore.open({ connectionString: pg.url, schema, poolSize: 4 }));
  const b = pg.track(await PostgresStore.open({ connectionString: pg.url, schema, poolSize: 4 }));
  return { a, b, schema };
}

describe('PostgreSQL store shared by several instances', () => {
  it("shows each instance the other instance's writes, deletes and expiries", async () => {
    const { a, b } = await twoInstances();
    await a.write('conversations', 'c1', { language: 'uk', step: 1 });
    expect((await b.read('conversations', 'c1'))?.value).toEqual({ language: 'uk', step: 1 });
    const etag = (await b.read('conversations', 'c1'))?.etag as string;
    await b.write('conversations', 'c1', { language: 'uk', step: 2 }, { ifMatch: etag });
    expect((await a.read('conversations', 'c1'))?.value).toEqual({ language: 'uk', step: 2 });
    await b.write('transcripts', 't1', ['Hallo'], { ttlSeconds: 1 });
    expect(await a.list('transcripts')).toHaveLength(1);
    expect(await a.sweep(new Date(Date.now() + 5000))).toBe(1);
    expect(await b.read('transcripts', 't1')).toBeUndefined();
    await a.delete('conversations', 'c1');
    expect(await b.list('conversations')).toEqual([]);
  });

  it('lets exactly one of many conditional writes from two instances win', async () => {
    const { a, b } = await twoInstances();
    const etag = await a.write('handoffs', 'h1', { claimedBy: null });
    const claims = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).write('handoffs', 'h1', { claimedBy: `staff${i}` }, { ifMatch: etag }));
    const results = await Promise.allSettled(claims);
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(PreconditionFailedError);
    expect((await b.read('handoffs', 'h1'))?.value).toEqual({ claimedBy: `staff${won[0]}` });
  });

  it('lets only one of two instances create the same item', async () => {
    const { a, b } = await twoInstances();
    const results = await Promise.allSettled([
      a.write('users', 'u1', { by: 'a' }, { ifMatch: null }),
      b.write('users', 'u1', { by: 'b' }, { ifMatch: null }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
    expect((await a.read('users', 'u1'))?.value).toEqual({ by: winner });
  });

  it('keeps the losing commit of two instances with the same ifMatch from changing anything', async () => {
    const { a, b } = await twoInstances();
    const etag = await a.write('handoffs', 'h1', { state: 'open' });
    await a.write('callbacks', 'cb1', { phone: 'kept' });
    const turn = (who: string) => [
      { kind: 'write' as const, collection: 'conversations', key: `c-${who}`, value: { by: who } },
      { kind: 'delete' as const, collection: 'callbacks', key: 'cb1' },
      { kind: 'write' as const, collection: 'handoffs', key: 'h1', value: { state: 'claimed', by: who }, options: { ifMatch: etag } },
    ];
    const results = await Promise.allSettled([a.commit(turn('a')), b.commit(turn('b'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(PreconditionFailedError);
    const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
    const other = winner === 'a' ? 'b' : 'a';
    expect((await b.read('handoffs', 'h1'))?.value).toEqual({ state: 'claimed', by: winner });
    expect((await a.read('conversations', `c-${winner}`))?.value).toEqual({ by: winner });
    expect(await a.read('conversations', `c-${other}`)).toBeUndefined();
    expect(await b.read('callbacks', 'cb1')).toBeUndefined();
  });

  it('applies the migrations once when two instances start at the same time', async () => {
    const schema = await pg.create();
    const [first, second] = await Promise.all([migratePostgres(pg.pool(2), schema), migratePostgres(pg.pool(2), schema)]);
    expect([...first, ...second].sort()).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    const { rows } = await pg.admin.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    // Two stores opening together on a fresh schema both work.
    const other = await pg.create();
    const [a, b] = await Promise.all([
      PostgresStore.open({ connectionString: pg.url, schema: other }).then((s) => pg.track(s)),
      PostgresStore.open({ connectionString: pg.url, schema: other }).then((s) => pg.track(s)),
    ]);
    await a.write('x', 'k', 1);
    expect((await b.read('x', 'k'))?.value).toBe(1);
  });

  it('hides expired items from read and list before any sweep', async () => {
    const schema = await pg.create();
    let clock = Date.now();
    const store = pg.track(await PostgresStore.open({ connectionString: pg.url, schema, now: () => clock }));
    await store.write('transcripts', 't1', ['Hallo'], { ttlSeconds: 60 });
    clock += 61_000;
    expect(await store.read('transcripts', 't1')).toBeUndefined();
    expect(await store.list('transcripts')).toEqual([]);
    // An expired leftover does not block creating the item anew.
    await store.write('transcripts', 't1', ['neu'], { ifMatch: null });
    expect((await store.read('transcripts', 't1'))?.value).toEqual(['neu']);
  });

  it('stores a text with a NUL character instead of failing the turn', async () => {
    const schema = await pg.create();
    const store = pg.track(await PostgresStore.open({ connectionString: pg.url, schema }));
    await store.write('conversations', 'c1', { lastText: 'Geld\u0000 wann?', literal: '\\u0000' });
    expect((await store.read('conversations', 'c1'))?.value).toEqual({ lastText: 'Geld\uFFFD wann?', literal: '\\u0000' });
  });

  it('reconnects after the database dropped its connections', async () => {
    const schema = await pg.create();
    const errors: unknown[] = [];
    const store = pg.track(await PostgresStore.open({ connectionString: pg.url, schema, applicationName: `lotse-${schema}`, onConnectionError: (e) => errors.push(e) }));
    await store.write('conversations', 'c1', { step: 1 });
    // What a PostgreSQL restart or failover does to every open connection of this store.
    const killed = await pg.admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`lotse-${schema}`]);
    expect(killed.rowCount).toBeGreaterThan(0);
    expect((await store.read('conversations', 'c1'))?.value).toEqual({ step: 1 });
    await store.write('conversations', 'c1', { step: 2 });
    expect((await store.read('conversations', 'c1'))?.value).toEqual({ step: 2 });
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(PostgresStore.open({ connectionString: pg.url, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(/invalid PostgreSQL schema name/);
  });

  it('gives up with an error when no database answers, after retrying', async () => {
    const errors: unknown[] = [];
    await expect(PostgresStore.open({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectAttempts: 3, onConnectionError: (e) => errors.push(e) })).rejects.toThrow();
    expect(errors).toHaveLength(2);
  });
});

describe('npm run db:migrate', () => {
  it('applies the migrations to DATABASE_URL once, then reports the database up to date', async () => {
    const { dbMigrate } = await import('../scripts/db-migrate');
    const schema = await pg.create();
    const lines: string[] = [];
    expect(await dbMigrate({ NODE_ENV: 'test', DATABASE_URL: pg.url, DATABASE_SCHEMA: schema }, (l) => lines.push(l))).toBe(0);
    expect(await dbMigrate({ NODE_ENV: 'test', DATABASE_URL: pg.url, DATABASE_SCHEMA: schema }, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([`applied migrations ${POSTGRES_MIGRATIONS.map((m) => m.version).join(', ')}`, 'database is up to date']);
    const store = pg.track(await PostgresStore.open({ connectionString: pg.url, schema, migrate: false }));
    await store.write('x', 'k', { ok: true });
    expect((await store.read('x', 'k'))?.value).toEqual({ ok: true });
  });

  it('says so instead of migrating when DATABASE_URL is missing or the server is unreachable', async () => {
    const { dbMigrate } = await import('../scripts/db-migrate');
    const lines: string[] = [];
    expect(await dbMigrate({ NODE_ENV: 'test' }, (l) => lines.push(l))).toBe(2);
    expect(await dbMigrate({ NODE_ENV: 'test', DATABASE_URL: 'postgres://lotse:geheim@127.0.0.1:1/x' }, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/DATABASE_URL is not set/);
    expect(lines[1]).toMatch(/migration failed: ECONNREFUSED/);
    expect(lines.join('\n')).not.toContain('geheim');
  });
});

describe('PostgreSQL store when the database goes away', () => {
  it('fails calls with an error while the database is unreachable, and serves again once it is back', async () => {
    const relay = await cuttableRelay();
    try {
      const schema = await pg.create();
      const store = pg.track(await PostgresStore.open({ connectionString: relay.url, schema, connectAttempts: 3 }));
      await store.write('conversations', 'c1', { step: 1 });
      await relay.cut();
      await expect(store.read('conversations', 'c1')).rejects.toThrow();
      await expect(store.write('conversations', 'c2', { step: 1 })).rejects.toThrow();
      expect(await store.ping()).toBe(false);
      expect(store.reachable).toBe(false);
      await relay.restore();
      expect(await store.ping()).toBe(true);
      expect((await store.read('conversations', 'c1'))?.value).toEqual({ step: 1 });
      await store.write('conversations', 'c2', { step: 2 });
      expect((await store.read('conversations', 'c2'))?.value).toEqual({ step: 2 });
    } finally {
      await relay.close();
    }
  });
});
