/**
 * PostgreSQL for tests: LOTSE_TEST_DATABASE_URL (set by .ci/run), else the local server of the
 * development machine. Every test file works in private schemas it drops afterwards, so runs in
 * parallel and leftovers of earlier runs never meet.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import type { Store } from '../../bot/core/store';

export const TEST_DATABASE_URL = process.env.LOTSE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export function privateSchemas(label: string) {
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  const schemas: string[] = [];
  const stores: Store[] = [];
  const pools: pg.Pool[] = [];
  return {
    url: TEST_DATABASE_URL,
    admin,
    /** A fresh, unique schema name (the store creates the schema itself when migrating). */
    async create(): Promise<string> {
      const schema = `lotse_t_${label}_${crypto.randomBytes(5).toString('hex')}`;
      schemas.push(schema);
      return schema;
    },
    track<S extends Store>(store: S): S {
      stores.push(store);
      return store;
    },
    pool(max = 4): pg.Pool {
      const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max });
      pools.push(pool);
      return pool;
    },
    async dropAll(): Promise<void> {
      await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

/**
 * A TCP relay in front of PostgreSQL that a test can cut (every connection dropped, new ones
 * refused) and restore on the same port — what a database restart or network split looks like.
 */
export async function cuttableRelay(target = new URL(TEST_DATABASE_URL)) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const url = new URL(target.href);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.href,
    async cut(): Promise<void> {
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    restore: listen,
    close(): Promise<void> {
      return this.cut();
    },
  };
}
