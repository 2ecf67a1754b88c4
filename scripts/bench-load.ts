/**
 * `npm run bench:load`: load on Lotse's Direct Line over plain REST, as many Web Chat users would
 * make it, next to a bare express echo server for scale.
 *
 * For N concurrent conversations (50 and 200), each sends M messages one after another and waits
 * for the bot's reply to each (POST activity, then GET activities?watermark= until a reply to it
 * is there). Reported: messages per second over the whole run, p50 and p99 reply latency, errors.
 * Rows: the real app (bootstrap + startServer, real core and content), the same app with a stub
 * echo core (the channel layer's own cost), and a bare express JSON echo server.
 *
 * Bounded: only 127.0.0.1, at most 200 conversations × 10 messages per row, 60 s per row.
 * Every simulated user sends its own X-Forwarded-For address (the app trusts loopback proxies),
 * so the per-address limit applies per user as in production; M ≤ 10 stays within the
 * per-conversation burst. Env: BENCH_MESSAGES (1–10, default 10), BENCH_SIZES (e.g. "50,200").
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import express from 'express';
import type { Bot } from '../bot/core/contracts';
import { loadConfig } from '../app/config';
import { bootstrap } from '../app/bootstrap';
import { startServer } from '../app/server';

const MAX_CONVERSATIONS = 200;
const MAX_MESSAGES = 10;
const ROW_DEADLINE_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
const QUESTIONS = [
  'Wann wird das Bürgergeld überwiesen?',
  'Ich habe einen Brief vom Jobcenter bekommen und verstehe ihn nicht.',
  'Wie beantrage ich einen Weiterbewilligungsantrag?',
  'Was muss ich tun, wenn ich umziehe?',
  'Hallo',
];

interface Row {
  name: string;
  conversations: number;
  messages: number;
  ok: number;
  errors: number;
  seconds: number;
  latencies: number[];
  /** Why conversations stopped early, counted by reason. */
  failures: Map<string, number>;
}

type Driver = (user: number, messages: number, deadline: number, record: (ms: number) => void) => Promise<void>;

function clientAddress(user: number): string {
  return `10.77.${Math.floor(user / 250)}.${(user % 250) + 1}`;
}

async function json(url: string, init: RequestInit & { headers: Record<string, string> }): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One Web Chat user over Direct Line REST (polling, no websocket). */
function directLineDriver(domain: string): Driver {
  return async (user, messages, deadline, record) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Forwarded-For': clientAddress(user) };
    const started = await json(`${domain}/conversations`, { method: 'POST', headers });
    if (started.status !== 201) throw new Error(`start ${started.status}`);
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    headers.Authorization = `Bearer ${token}`;
    let watermark = '';
    for (let i = 0; i < messages && Date.now() < deadline; i++) {
      const t0 = performance.now();
      const activity = { type: 'message', text: QUESTIONS[(user + i) % QUESTIONS.length], locale: 'de-DE', from: { id: `bench-user-${user}` } };
      const posted = await json(`${domain}/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify(activity) });
      if (posted.status !== 200) throw new Error(`post ${posted.status}`);
      const echoId = posted.body.id as string;
      for (;;) {
        const polled = await json(`${domain}/conversations/${conversationId}/activities?watermark=${watermark}`, { method: 'GET', headers });
        if (polled.status !== 200) throw new Error(`poll ${polled.status}`);
        watermark = polled.body.watermark;
        if ((polled.body.activities as Array<{ replyToId?: string }>).some((a) => a.replyToId === echoId)) break;
        if (Date.now() > deadline) throw new Error('no reply before the deadline');
        await sleep(20);
      }
      record(performance.now() - t0);
    }
  };
}

/** The same pattern against a bare express server that echoes the JSON it gets. */
function echoDriver(base: string): Driver {
  return async (user, messages, deadline, record) => {
    const headers = { 'Content-Type': 'application/json' };
    for (let i = 0; i < messages && Date.now() < deadline; i++) {
      const t0 = performance.now();
      const body = JSON.stringify({ type: 'message', text: QUESTIONS[(user + i) % QUESTIONS.length], from: { id: `bench-user-${user}` } });
      const res = await json(`${base}/echo`, { method: 'POST', headers, body });
      if (res.status !== 200 || res.body.text === undefined) throw new Error(`echo ${res.status}`);
      record(performance.now() - t0);
    }
  };
}

async function runRow(name: string, driver: Driver, conversations: number, messages: number): Promise<Row> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let errors = 0;
  const deadline = Date.now() + ROW_DEADLINE_MS;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, (_, user) =>
      driver(user, messages, deadline, (ms) => latencies.push(ms)).catch((error: unknown) => {
        errors += 1;
        const reason = error instanceof Error ? error.message : String(error);
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { name, conversations, messages, ok: latencies.length, errors, seconds, latencies, failures };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function printTable(rows: Row[]): void {
  const header = ['server', 'conv', 'msg/conv', 'replies', 'errors', 'msg/s', 'p50 ms', 'p99 ms'];
  const lines = rows.map((row) => {
    const sorted = [...row.latencies].sort((a, b) => a - b);
    return [
      row.name,
      String(row.conversations),
      String(row.messages),
      String(row.ok),
      String(row.errors),
      (row.ok / row.seconds).toFixed(0),
      percentile(sorted, 0.5).toFixed(1),
      percentile(sorted, 0.99).toFixed(1),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(format).join('\n')}\n\n`);
  for (const row of rows) {
    for (const [reason, count] of row.failures) process.stdout.write(`${row.name}, ${row.conversations} conversations: ${count} stopped early (${reason})\n`);
  }
}

async function startEchoServer(): Promise<{ base: string; close(): Promise<void> }> {
  const app = express();
  app.use(express.json({ limit: '32kb' }));
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const stubCore: Bot = {
  async onActivity(activity) {
    return { activities: activity.type === 'message' ? [{ type: 'message', text: `echo: ${String(activity.text ?? '')}` }] : [] };
  },
};

function sizes(): number[] {
  const raw = (process.env.BENCH_SIZES ?? '50,200').split(',').map((s) => Number.parseInt(s, 10));
  return raw.filter((n) => Number.isFinite(n) && n > 0).map((n) => Math.min(n, MAX_CONVERSATIONS));
}

async function main(): Promise<void> {
  const messages = Math.min(MAX_MESSAGES, Math.max(1, Number.parseInt(process.env.BENCH_MESSAGES ?? '', 10) || MAX_MESSAGES));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-'));
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir, PUBLIC_URL: '' });
  const lotse = await bootstrap(config);
  const real = await startServer(lotse);
  const stub = await startServer({ ...lotse, bot: stubCore, extraRouters: [] });
  const echo = await startEchoServer();
  const domainOf = (running: { server: http.Server }): string => `http://127.0.0.1:${(running.server.address() as { port: number }).port}/v3/directline`;
  const rows: Row[] = [];
  try {
    await runRow('warm-up', directLineDriver(domainOf(real)), 2, 2);
    await runRow('warm-up', directLineDriver(domainOf(stub)), 2, 2);
    for (const n of sizes()) {
      // Distinct address ranges per row, so that one row's budgets do not leak into the next.
      const offset = rows.length * 1000;
      const shift = (driver: Driver): Driver => (user, ...rest) => driver(user + offset, ...rest);
      rows.push(await runRow('Direct Line + Lotse core', shift(directLineDriver(domainOf(real))), n, messages));
      rows.push(await runRow('Direct Line + stub core', shift(directLineDriver(domainOf(stub))), n, messages));
      rows.push(await runRow('bare express echo', echoDriver(echo.base), n, messages));
    }
  } finally {
    await echo.close();
    await stub.close();
    await real.close();
    await lotse.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`Node ${process.version}, ${os.cpus().length} CPUs, ${messages} messages per conversation, polling REST, one process\n`);
  printTable(rows);
  if (rows.some((row) => row.errors > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
