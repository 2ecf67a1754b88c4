/**
 * `npm run fuzz:http [-- --requests N --seed S]`: hostile input against the real server on
 * 127.0.0.1 (Direct Line, /api/ask, /api/messages, the staff and admin APIs): malformed and deeply
 * nested JSON, wrong types, oversize and odd Unicode text, broken cookies and tokens, unknown ids.
 * Prints the status codes per endpoint and what must never happen — a 5xx, an HTML error page, a
 * request without an answer, a server that stops serving, a store that no longer opens. Bounded
 * in count and time; loopback only. A figure, not a test: the tests cover each defect.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../app/config';
import { bootstrap } from '../app/bootstrap';
import { startServer } from '../app/server';
import { SqliteStore } from '../adapters/store/sqlite';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

/** A small deterministic generator, so a run can be repeated with its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const ODD_TEXT = ['', ' ', '\u0000\u0001', 'ï»¿', '\ud800', 'ا'.repeat(3000), '🙂'.repeat(500), '<script>alert(1)</script>', '%E0%A4%A', '{"a":', 'null', '0'.repeat(10_000), 'Ich will nicht mehr leben', 'Wann kommt das Geld?'];

/** JSON nested `depth` levels deep, written as text (JSON.stringify itself would overflow). */
function deepJson(depth: number): string {
  return `${'{"v":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

interface Target {
  name: string;
  method: string;
  path: (ids: Ids) => string;
}

interface Ids {
  conversationId: string;
  token: string;
}

const TARGETS: Target[] = [
  { name: 'dl create', method: 'POST', path: () => '/v3/directline/conversations' },
  { name: 'dl post', method: 'POST', path: (ids) => `/v3/directline/conversations/${ids.conversationId}/activities` },
  { name: 'dl get', method: 'GET', path: (ids) => `/v3/directline/conversations/${ids.conversationId}/activities?watermark=abc` },
  { name: 'dl refresh', method: 'POST', path: () => '/v3/directline/tokens/refresh' },
  { name: 'api ask', method: 'POST', path: () => '/api/ask' },
  { name: 'api messages', method: 'POST', path: () => '/api/messages' },
  { name: 'staff login', method: 'POST', path: () => '/staff/api/login' },
  { name: 'staff queue', method: 'GET', path: () => '/staff/api/queue' },
  { name: 'admin reload', method: 'POST', path: () => '/admin/content/reload' },
  { name: 'admin erase', method: 'POST', path: () => '/admin/erase' },
];

function body(rnd: () => number): string | undefined {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  switch (Math.floor(rnd() * 9)) {
    case 0:
      return undefined;
    case 1:
      return pick(['{', '{"type":', '[]', 'null', '"text"', '{"type":"message","text":}', '\u0000']);
    case 2:
      return JSON.stringify({ type: 'message', text: pick(ODD_TEXT), from: { id: pick(['u', 1, null, {}]) } });
    case 3:
      return `{"type":${JSON.stringify(pick(['message', 'event', 'typing', 7, null]))},"value":${deepJson(Math.floor(rnd() * 6000))}}`;
    case 4:
      return JSON.stringify({ type: 'message', text: 'x', value: { action: pick(['entry', 'flow', 'handoff', 'none', '__proto__']), id: pick(['payment_date', '../../etc', 42, '']) } });
    case 5:
      return JSON.stringify({ username: pick(['anna', '', 5, null, 'a'.repeat(5000)]), password: pick(['x', 7, null, 'p'.repeat(2000)]) });
    case 6:
      return JSON.stringify({ text: pick(ODD_TEXT), lang: pick(['de', 'ar', 'xx', 5, null]) });
    case 7:
      return JSON.stringify(Object.fromEntries(Array.from({ length: Math.floor(rnd() * 8000) }, (_, i) => [`k${i}`, i])));
    default:
      return JSON.stringify({ conversationId: pick(['nope', '', 5]), type: 'message', text: 'a'.repeat(Math.floor(rnd() * 300_000)) });
  }
}

function headers(rnd: () => number, ids: Ids): Record<string, string> {
  const h: Record<string, string> = {};
  const r = rnd();
  if (r < 0.6) h['Content-Type'] = 'application/json';
  else if (r < 0.7) h['Content-Type'] = 'text/plain';
  const a = rnd();
  if (a < 0.4) h.Authorization = `Bearer ${ids.token}`;
  else if (a < 0.6) h.Authorization = 'Bearer invalid.token.value';
  else if (a < 0.7) h.Authorization = 'Basic Zm9vOmJhcg==';
  if (rnd() < 0.2) h.Cookie = rnd() < 0.5 ? 'lotse_staff=%E0%A4%A' : 'lotse_staff=x; lotse_csrf=%';
  if (rnd() < 0.1) h['X-Forwarded-For'] = `10.${Math.floor(rnd() * 255)}.0.1`;
  return h;
}

async function main(): Promise<void> {
  const total = arg('--requests', 5000);
  const rnd = random(arg('--seed', 20261205));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-fuzz-'));
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir, PUBLIC_URL: '', LOG_LEVEL: 'silent', ADMIN_TOKEN: 'fuzz-admin-token-0123456789' });
  const lotse = await bootstrap(config);
  const running = await startServer(lotse);
  const origin = running.url.replace(/\/$/, '');
  const created = (await (await fetch(`${origin}/v3/directline/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
  const ids: Ids = { conversationId: created.conversationId, token: created.token };

  const codes = new Map<string, Map<number, number>>();
  const never: string[] = [];
  const started = Date.now();
  for (let i = 0; i < total && Date.now() - started < 10 * 60_000; i++) {
    const target = TARGETS[Math.floor(rnd() * TARGETS.length)] as Target;
    const useIds = rnd() < 0.8 ? ids : { conversationId: rnd() < 0.5 ? 'unknown-conv' : '%2e%2e', token: 'x' };
    const payload = target.method === 'POST' ? body(rnd) : undefined;
    const sent = headers(rnd, useIds);
    let status = 0;
    let html = false;
    try {
      const res = await fetch(origin + target.path(useIds), { method: target.method, headers: sent, body: payload, signal: AbortSignal.timeout(15_000) });
      status = res.status;
      html = (res.headers.get('content-type') ?? '').includes('text/html');
      await res.arrayBuffer();
    } catch (error) {
      never.push(`${target.name}: no answer (${(error as Error).name})`);
    }
    const perTarget = codes.get(target.name) ?? new Map<number, number>();
    perTarget.set(status, (perTarget.get(status) ?? 0) + 1);
    codes.set(target.name, perTarget);
    if (status >= 500 && status !== 503) never.push(`${target.name}: ${status} (${JSON.stringify(sent)} ${String(payload).slice(0, 80)})`);
    if (html && status >= 400) never.push(`${target.name}: HTML error page (${status})`);
  }
  const health = await fetch(`${origin}/healthz`).then((r) => r.status, () => 0);
  const seconds = (Date.now() - started) / 1000;
  await running.close();
  await lotse.shutdown();
  let reopened = 'yes';
  try {
    const store = SqliteStore.open(dataDir);
    await store.list('conversations');
    await store.close();
  } catch (error) {
    reopened = `no: ${(error as Error).message}`;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });

  process.stdout.write(`fuzz: ${total} hostile requests in ${seconds.toFixed(1)} s on ${origin}\n`);
  for (const [name, perTarget] of codes) {
    process.stdout.write(`  ${name.padEnd(14)} ${[...perTarget].sort(([a], [b]) => a - b).map(([code, n]) => `${code || 'none'}×${n}`).join('  ')}\n`);
  }
  process.stdout.write(`healthz after the run: ${health}; store reopens: ${reopened}\n`);
  process.stdout.write(`must never happen (5xx other than 503, HTML error pages, no answer): ${never.length}\n`);
  for (const line of [...new Set(never)].slice(0, 20)) process.stdout.write(`  ${line}\n`);
  process.exitCode = never.length > 0 || health !== 200 || reopened !== 'yes' ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`fuzz failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
