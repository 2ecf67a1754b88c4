/**
 * Webhook deliveries under a misbehaving receiver: a case's events arrive in order, a receiver
 * that hangs on one case delays no other case, an outage is retried for hours (with growing,
 * jittered waits) before an event goes to the dead letters, which admins see in the console.
 */
import http from 'node:http';
import { MemoryStore } from '../adapters/store/document';
import { WebhookNotifier, webhookEventRow } from '../bot/handoff/webhook';
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { silent } from './helpers/handoff';

const SECRET = 'test-webhook-secret-0123456789';

interface Hit {
  at: number;
  caseId: string;
  type: string;
  status: number;
}

/** `decide` returns [status, delay ms] for each request. */
async function receiver(decide: (body: { type: string; data: { caseId: string } }, hits: Hit[]) => [number, number]) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { type: string; data: { caseId: string } };
      const [status, delay] = decide(body, hits);
      const hit = { at: Date.now(), caseId: body.data.caseId, type: body.type, status };
      hits.push(hit);
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(status).end();
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('a receiver hanging on one case does not hold back the events of other cases', async () => {
  const hook = await receiver((body) => (body.data.caseId === 'slow' ? [200, 3000] : [200, 0]));
  const webhook = new WebhookNotifier(new MemoryStore(), { url: hook.url, secret: SECRET, timeoutMs: 2000 }, silent);
  try {
    const started = Date.now();
    await webhook.emit('handoff.created', { caseId: 'slow' });
    await until(() => hook.hits.length === 1);
    await webhook.emit('handoff.created', { caseId: 'fast' });
    await until(() => hook.hits.some((h) => h.caseId === 'fast'));
    expect(Date.now() - started).toBeLessThan(1500);
  } finally {
    webhook.close();
    await hook.close();
  }
});

it("delivers a case's events in order: accepted and completed wait until created is through", async () => {
  let createdFailures = 0;
  const hook = await receiver((body) => {
    if (body.type === 'handoff.created' && createdFailures < 2) {
      createdFailures += 1;
      return [503, 0];
    }
    return [200, 0];
  });
  const webhook = new WebhookNotifier(new MemoryStore(), { url: hook.url, secret: SECRET, baseDelayMs: 50 }, silent);
  try {
    await webhook.emit('handoff.created', { caseId: 'c1' });
    await webhook.emit('handoff.accepted', { caseId: 'c1' });
    await webhook.emit('handoff.completed', { caseId: 'c1' });
    await until(() => hook.hits.filter((h) => h.status === 200).length === 3);
    expect(hook.hits.map((h) => `${h.type}:${h.status}`)).toEqual(['handoff.created:503', 'handoff.created:503', 'handoff.created:200', 'handoff.accepted:200', 'handoff.completed:200']);
  } finally {
    webhook.close();
    await hook.close();
  }
});

it('keeps retrying an outage for hours with growing, jittered waits before dead-lettering', async () => {
  const hook = await receiver(() => [503, 0]);
  const clock = { now: new Date('2026-03-02T10:00:00Z') };
  const store = new MemoryStore();
  const webhook = new WebhookNotifier(store, { url: hook.url, secret: SECRET }, silent, () => clock.now);
  try {
    const event = await webhook.emit('handoff.created', { caseId: 'outage' });
    await webhook.deliverDue();
    const waits: number[] = [];
    for (let i = 0; i < 200; i++) {
      const [row] = (await webhook.undelivered()).filter((d) => d.event.id === event.id);
      if (!row || row.status === 'failed') break;
      const wait = Date.parse(row.nextAttemptAt ?? '') - clock.now.getTime();
      waits.push(wait);
      clock.now = new Date(clock.now.getTime() + wait);
      await webhook.deliverDue();
    }
    const outage = waits.reduce((a, b) => a + b, 0);
    expect(outage).toBeGreaterThan(24 * 3600_000);
    expect(waits[1]).toBeGreaterThan(waits[0] as number);
    expect(new Set(waits.slice(0, 8).map((w, i) => w / 2 ** i)).size).toBeGreaterThan(1); // jitter, not exact doubling
    expect((await webhook.deadLetters()).map((d) => d.event.id)).toEqual([event.id]);
  } finally {
    webhook.close();
    await hook.close();
  }
});

it('builds a plain event row that a turn can commit, ordered within its case', () => {
  const a = webhookEventRow('handoff.created', { caseId: 'k' }, new Date('2026-03-02T10:00:00Z'));
  const b = webhookEventRow('handoff.accepted', { caseId: 'k' }, new Date('2026-03-02T10:00:00Z'));
  expect(a).toMatchObject({ id: expect.any(String), caseId: 'k', type: 'handoff.created', attempts: 0, nextAt: '2026-03-02T10:00:00.000Z', payload: { id: a.id, type: 'handoff.created', data: { caseId: 'k' } } });
  expect(b.seq).toBeGreaterThan(a.seq);
});

describe('the dead letters in the console', () => {
  const PASSWORD = 'correct horse battery staple';
  let running: TestLotse;
  // Starting the whole server (content, matcher) is slow on a busy machine.
  beforeAll(async () => {
    running = await startTestLotse({
      store: new MemoryStore(),
      staff: [
        { username: 'anna', displayName: 'Anna', password: PASSWORD },
        { username: 'olga', displayName: 'Olga', password: PASSWORD, admin: true },
      ],
      env: { HANDOFF_WEBHOOK_URL: 'http://127.0.0.1:9/never', HANDOFF_WEBHOOK_SECRET: SECRET },
    });
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });

  it('are shown to admin accounts only', async () => {
    const get = async (username: string): Promise<{ status: number; body: any }> => {
      const login = await fetch(`${running.origin}/staff/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
      const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
      const res = await fetch(`${running.origin}/staff/api/webhook/dead-letters`, { headers: { Cookie: cookie } });
      return { status: res.status, body: await res.json() };
    };
    expect((await get('anna')).status).toBe(403);
    const admin = await get('olga');
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({ configured: true, items: [] });
  });
});

it('still delivers events stored in the earlier format', async () => {
  const hook = await receiver(() => [200, 0]);
  const store = new MemoryStore();
  const event = { id: 'old-1', type: 'handoff.created', occurredAt: '2026-03-01T10:00:00.000Z', data: { caseId: 'old' } };
  await store.write('webhookDeliveries', 'old-1', { event, status: 'pending', attempts: 2, nextAttemptAt: '2026-03-01T10:00:00.000Z' });
  const webhook = new WebhookNotifier(store, { url: hook.url, secret: SECRET }, silent);
  try {
    await webhook.deliverDue();
    await until(() => hook.hits.length === 1);
    expect(hook.hits[0]).toMatchObject({ caseId: 'old', type: 'handoff.created' });
  } finally {
    webhook.close();
    await hook.close();
  }
});
