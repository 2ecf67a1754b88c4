import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../adapters/store/lowdb';
import { MemoryStore } from '../adapters/store/document';
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
];

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
