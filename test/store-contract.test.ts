import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../adapters/store/lowdb';
import { MemoryStore } from '../adapters/store/document';
import { SqliteStore } from '../adapters/store/sqlite';
import { PostgresStore } from '../adapters/store/postgres';
import { privateSchemas } from './support/postgres';
import { PreconditionFailedError, type Store } from '../bot/core/store';

/** One contract, run by every store implementation. */
const implementations: Array<[string, () => Promise<{ store: Store; reopen?: () => Promise<Store> }>]> = [
  ['memory', async () => ({ store: new MemoryStore() })],
  [
    'lowdb',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-store-'));
      return { store: await LowdbStore.open(dir), reopen: () => LowdbStore.open(dir) };
    },
  ],
  [
    'sqlite',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-store-'));
      return { store: SqliteStore.open(dir), reopen: async () => SqliteStore.open(dir) };
    },
  ],
  [
    'postgres',
    async () => {
      const schema = await pgSchemas.create();
      const store = pgSchemas.track(await PostgresStore.open({ connectionString: pgSchemas.url, schema, poolSize: 4 }));
      return { store, reopen: async () => pgSchemas.track(await PostgresStore.open({ connectionString: pgSchemas.url, schema, poolSize: 4 })) };
    },
  ],
];

// Each PostgreSQL run gets its own schema, dropped after the file.
const pgSchemas = privateSchemas('contract');
afterAll(() => pgSchemas.dropAll());

describe.each(implementations)('%s store', (_name, open) => {
  it('reads back what was written, as a copy', async () => {
    const { store } = await open();
    const value = { language: 'ar', topics: ['payment_date'] };
    await store.write('conversations', 'c1', value);
    value.topics.push('changed after writing');
    expect((await store.read('conversations', 'c1'))?.value).toEqual({ language: 'ar', topics: ['payment_date'] });
    expect(await store.read('conversations', 'unknown')).toBeUndefined();
  });

  it('lets only one of two writers with the same eTag win (two staff claiming one chat)', async () => {
    const { store } = await open();
    const etag = await store.write('queue', 'h1', { claimedBy: null });
    const results = await Promise.allSettled([
      store.write('queue', 'h1', { claimedBy: 'anna' }, { ifMatch: etag }),
      store.write('queue', 'h1', { claimedBy: 'ben' }, { ifMatch: etag }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(PreconditionFailedError);
  });

  it('creates only if absent when ifMatch is null', async () => {
    const { store } = await open();
    await store.write('users', 'u1', { n: 1 }, { ifMatch: null });
    await expect(store.write('users', 'u1', { n: 2 }, { ifMatch: null })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('forgets expired items and sweeps them away', async () => {
    const { store } = await open();
    await store.write('transcripts', 'old', ['hello'], { ttlSeconds: 1 });
    await store.write('transcripts', 'new', ['hello'], { ttlSeconds: 3600 });
    const later = new Date(Date.now() + 5000);
    expect(await store.sweep(later)).toBe(1);
    expect((await store.list('transcripts')).map((i) => i.key)).toEqual(['new']);
  });

  it('keeps every one of many concurrent updates of different keys', async () => {
    const { store, reopen } = await open();
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.write('conversations', `c${i}`, { i })));
    await store.close();
    const again = reopen ? await reopen() : store;
    expect((await again.read('conversations', 'c199'))?.value).toEqual({ i: 199 });
    expect(await again.list('conversations')).toHaveLength(200);
  });
});

describe.each(implementations)('%s store: commit and retention', (_name, open) => {
  it('applies all changes of a commit or, when one precondition fails, none of them', async () => {
    const { store } = await open();
    const etag = await store.write('handoffs', 'h1', { state: 'open' });
    await store.write('callbacks', 'cb0', { phone: 'old' });
    await expect(
      store.commit([
        { kind: 'write', collection: 'conversations', key: 'c1', value: { step: 2 } },
        { kind: 'delete', collection: 'callbacks', key: 'cb0' },
        { kind: 'write', collection: 'handoffs', key: 'h1', value: { state: 'claimed' }, options: { ifMatch: 'stale-etag' } },
      ]),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await store.read('conversations', 'c1')).toBeUndefined();
    expect((await store.read('callbacks', 'cb0'))?.value).toEqual({ phone: 'old' });
    expect((await store.read('handoffs', 'h1'))?.value).toEqual({ state: 'open' });

    const etags = await store.commit([
      { kind: 'write', collection: 'conversations', key: 'c1', value: { step: 2 } },
      { kind: 'delete', collection: 'callbacks', key: 'cb0' },
      { kind: 'write', collection: 'handoffs', key: 'h1', value: { state: 'claimed' }, options: { ifMatch: etag } },
    ]);
    expect(etags).toHaveLength(3);
    expect(etags[1]).toBe('');
    expect((await store.read('handoffs', 'h1'))?.etag).toBe(etags[2]);
    expect((await store.read('conversations', 'c1'))?.value).toEqual({ step: 2 });
    expect(await store.read('callbacks', 'cb0')).toBeUndefined();
  });

  it('lets only one of two commits creating the same key win', async () => {
    const { store } = await open();
    const results = await Promise.allSettled([
      store.commit([{ kind: 'write', collection: 'handoffs', key: 'h9', value: { by: 'a' }, options: { ifMatch: null } }]),
      store.commit([{ kind: 'write', collection: 'handoffs', key: 'h9', value: { by: 'b' }, options: { ifMatch: null } }]),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await store.read('handoffs', 'h9'))?.value).toEqual({ by: 'a' });
  });

  it('keeps what a commit stored after the store is closed and opened again', async () => {
    const { store, reopen } = await open();
    await store.commit([
      { kind: 'write', collection: 'dl_activities', key: 'conv|1', value: { text: 'Hallo' } },
      { kind: 'write', collection: 'dl_conversations', key: 'conv', value: { seq: 1 } },
    ]);
    await store.close();
    if (!reopen) return;
    const again = await reopen();
    expect((await again.read('dl_activities', 'conv|1'))?.value).toEqual({ text: 'Hallo' });
    expect((await again.read('dl_conversations', 'conv'))?.value).toEqual({ seq: 1 });
    await again.close();
  });

  it('counts retention from the first write when keepExpiry is set, not from each turn', async () => {
    const { store } = await open();
    await store.write('conversations', 'c1', { turn: 1 }, { ttlSeconds: 3600 });
    const first = (await store.read('conversations', 'c1'))?.expiresAt as string;
    await new Promise((resolve) => setTimeout(resolve, 15));
    await store.write('conversations', 'c1', { turn: 2 }, { ttlSeconds: 3600, keepExpiry: true });
    expect((await store.read('conversations', 'c1'))?.expiresAt).toBe(first);
    await store.write('conversations', 'c1', { turn: 3 }, { ttlSeconds: 3600 });
    expect(Date.parse((await store.read('conversations', 'c1'))?.expiresAt as string)).toBeGreaterThan(Date.parse(first));
    await store.write('conversations', 'c2', { turn: 1 }, { ttlSeconds: 60, keepExpiry: true });
    expect((await store.read('conversations', 'c2'))?.expiresAt).toBeDefined();
    await store.write('conversations', 'c3', { turn: 1 }, { expiresAt: '2030-01-01T00:00:00.000Z', ttlSeconds: 5 });
    expect((await store.read('conversations', 'c3'))?.expiresAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it('refuses a value it cannot store and changes nothing', async () => {
    const { store } = await open();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const fn = (): void => undefined;
    await expect(
      store.commit([
        { kind: 'write', collection: 'a', key: 'k1', value: { ok: true } },
        { kind: 'write', collection: 'a', key: 'k2', value: _name === 'sqlite' || _name === 'postgres' ? cyclic : { fn } },
      ]),
    ).rejects.toThrow();
    expect(await store.read('a', 'k1')).toBeUndefined();
  });
});

describe('sqlite store files', () => {
  it('keeps its folder 0700 and its files 0600, and deletes temporary leftovers at open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-store-'));
    fs.mkdirSync(path.join(dir, 'store'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'store', '.callbacks.json.tmp'), '{"cb1":{"value":{"phone":"0151 1234567"}}}');
    const store = SqliteStore.open(dir);
    await store.write('callbacks', 'cb2', { phone: 'x' });
    expect(fs.statSync(path.join(dir, 'store')).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(path.join(dir, 'store'));
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    for (const f of files) expect(fs.statSync(path.join(dir, 'store', f)).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('imports old lowdb collection files once and moves them aside', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-store-'));
    const old = await LowdbStore.open(dir);
    await old.write('conversations', 'c1', { language: 'uk' }, { ttlSeconds: 3600 });
    await old.write('handoffs', 'h1', { state: 'open' });
    await old.close();
    const store = SqliteStore.open(dir);
    expect((await store.read('conversations', 'c1'))?.value).toEqual({ language: 'uk' });
    expect((await store.read('conversations', 'c1'))?.expiresAt).toBeDefined();
    expect((await store.read('handoffs', 'h1'))?.value).toEqual({ state: 'open' });
    await store.write('handoffs', 'h1', { state: 'claimed' });
    await store.close();
    expect(fs.readdirSync(path.join(dir, 'store')).filter((f) => f.endsWith('.json'))).toEqual([]);
    const again = SqliteStore.open(dir);
    expect((await again.read('handoffs', 'h1'))?.value).toEqual({ state: 'claimed' });
    await again.close();
  });
});

describe('lowdb store file safety', () => {
  it('moves a corrupt store file aside instead of overwriting it, and starts empty', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-store-'));
    fs.mkdirSync(path.join(dir, 'store'));
    fs.writeFileSync(path.join(dir, 'store', 'conversations.json'), '{"c0": {"value": ');
    let movedTo = '';
    const store = await LowdbStore.open(dir, (m) => (movedTo = m));
    expect(fs.readFileSync(movedTo, 'utf8')).toContain('"c0"');
    expect(await store.list('conversations')).toEqual([]);
    await store.write('conversations', 'c1', { ok: true });
    expect((await store.read('conversations', 'c1'))?.value).toEqual({ ok: true });
  });
});
