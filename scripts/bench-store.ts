/**
 * `npm run bench:store`: the cost of one turn's durable commit in each store. A typical turn is
 * 4 operations — the conversation state (conditional on its eTag, retention kept from the first
 * write), one transcript line and the two Direct Line activities (citizen's message, reply).
 * 2,000 such commits from 20 concurrent conversations (100 turns each) per store; printed:
 * commits/s, p50/p99 commit latency, and the database round trips per commit (PostgreSQL only;
 * memory and SQLite are in process).
 *
 * PostgreSQL: LOTSE_BENCH_DATABASE_URL, else DATABASE_URL, else the local test server; the run
 * uses a private schema it drops afterwards. Without a reachable server the row says so.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { MemoryStore } from '../adapters/store/document';
import { PostgresStore } from '../adapters/store/postgres';
import { SqliteStore } from '../adapters/store/sqlite';
import type { Store, StoreOp } from '../bot/core/store';

const CONVERSATIONS = 20;
const TURNS = 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function turn(conversation: string, n: number, etag: string | null): StoreOp[] {
  const text = 'Wann kommt mein Geld diesen Monat? Ich habe noch nichts auf dem Konto.';
  return [
    { kind: 'write', collection: 'conversations', key: conversation, value: { language: 'de', step: n, topics: ['payment_date', 'account'], flow: { id: 'payment', step: n % 4 } }, options: { ifMatch: etag, ttlSeconds: 86_400, keepExpiry: true } },
    { kind: 'write', collection: 'transcripts', key: `${conversation}|${n}`, value: { from: 'user', intent: 'payment_date', at: new Date().toISOString() }, options: { ttlSeconds: 86_400 } },
    { kind: 'write', collection: 'dl_activities', key: `${conversation}|${2 * n + 1}`, value: { type: 'message', from: { id: 'u' }, text, locale: 'de' }, options: { ttlSeconds: 3600 } },
    { kind: 'write', collection: 'dl_activities', key: `${conversation}|${2 * n + 2}`, value: { type: 'message', from: { id: 'lotse' }, text: `${text} ${text}`, attachments: [] }, options: { ttlSeconds: 3600 } },
  ];
}

async function run(store: Store): Promise<{ commits: number; seconds: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      const conversation = `bench-${c}`;
      let etag: string | null = null;
      for (let n = 0; n < TURNS; n++) {
        const t0 = performance.now();
        const etags = await store.commit(turn(conversation, n, etag));
        latencies.push(performance.now() - t0);
        etag = etags[0] as string;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { commits: latencies.length, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function row(name: string, r: { commits: number; seconds: number; p50: number; p99: number }, roundTrips: string): string {
  return `| ${name} | ${r.commits} | ${Math.round(r.commits / r.seconds)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${roundTrips} |`;
}

async function main(): Promise<void> {
  console.log(`${CONVERSATIONS} conversations × ${TURNS} turns, 4 operations per commit (node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`);
  console.log('| store | commits | commits/s | p50 ms | p99 ms | DB round trips/commit |');
  console.log('|---|---|---|---|---|---|');

  const memory = new MemoryStore();
  console.log(row('memory', await run(memory), '0 (in process)'));
  await memory.close();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-store-'));
  const sqlite = SqliteStore.open(dir);
  console.log(row('sqlite (embedded, fsync per group commit)', await run(sqlite), '0 (in process)'));
  await sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const url = process.env.LOTSE_BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `lotse_bench_${crypto.randomBytes(4).toString('hex')}`;
  let postgres: PostgresStore | undefined;
  try {
    postgres = await PostgresStore.open({ connectionString: url, schema, connectAttempts: 1 });
  } catch (error) {
    console.log(`| postgres | — | — | — | — | not reachable (${(error as { code?: string }).code ?? (error as Error).name}) |`);
    return;
  }
  // Count the statements sent: every client.query is one round trip to the server.
  let queries = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    queries++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    const result = await run(postgres);
    console.log(row('postgres (pool of 10, synchronous_commit on)', result, (queries / result.commits).toFixed(1)));
  } finally {
    pg.Client.prototype.query = original;
    await postgres.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
