/**
 * The outbound webhook against a real HTTP server on 127.0.0.1: HMAC-signed, one idempotency
 * key per event across retries, backoff after failures, and an endpoint that stays down ends
 * as a visible failure that can be sent again — nothing is lost.
 */
import http from 'node:http';
import { MemoryStore } from '../adapters/store/document';
import { signWebhook, verifyWebhook, WebhookNotifier, type WebhookRow } from '../bot/handoff/webhook';
import { COLLECTIONS } from '../bot/state';
import { knowledge, setupHandoff, silent } from './helpers/handoff';
import { HandoffDesk } from '../bot/handoff/desk';
import { loadConfig } from '../app/config';

const SECRET = 'test-webhook-secret-0123456789';

interface Received {
  at: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A receiver that answers with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; setStatuses(s: number[]): void; close(): Promise<void> }> {
  const received: Received[] = [];
  let plan = [...statuses];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ at: Date.now(), body, headers: req.headers });
      const status = plan.length > 1 ? (plan.shift() as number) : (plan[0] as number);
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(String(status));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    setStatuses: (s) => {
      plan = [...s];
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the handoff webhook', () => {
  it('signs every request, retries with backoff after failures and keeps one idempotency key', async () => {
    const hook = await receiver([500, 503, 200]);
    const store = new MemoryStore();
    const webhook = new WebhookNotifier(store, { url: hook.url, secret: SECRET, baseDelayMs: 100, maxAttempts: 5 }, silent);
    try {
      const event = await webhook.emit('handoff.created', { caseId: 'abc', language: 'ar' });
      await until(async () => (await store.read<WebhookRow>(COLLECTIONS.webhookDeliveries, event.id))?.value.status === 'delivered');
      expect(hook.received).toHaveLength(3);
      expect(new Set(hook.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([event.id]));
      for (const r of hook.received) {
        expect(r.headers['x-lotse-event']).toBe('handoff.created');
        expect(verifyWebhook(SECRET, r.body, String(r.headers['x-lotse-signature']), Math.floor(Date.now() / 1000))).toBe(true);
        expect(verifyWebhook('another-secret-abcdefghijkl', r.body, String(r.headers['x-lotse-signature']), Math.floor(Date.now() / 1000))).toBe(false);
        expect(JSON.parse(r.body)).toMatchObject({ id: event.id, type: 'handoff.created', data: { caseId: 'abc' } });
      }
      // Backoff: the gaps grow (100 ms, then 200 ms).
      const gaps = hook.received.slice(1).map((r, i) => r.at - (hook.received[i] as Received).at);
      expect(gaps[0]).toBeGreaterThanOrEqual(90);
      expect(gaps[1]).toBeGreaterThanOrEqual(190);
      const stored = await store.read<WebhookRow>(COLLECTIONS.webhookDeliveries, event.id);
      expect(stored?.value).toMatchObject({ status: 'delivered', attempts: 3 });
    } finally {
      webhook.close();
      await hook.close();
    }
  });

  it('marks a delivery failed after the last attempt, keeps it, and delivers it on a manual retry', async () => {
    const hook = await receiver([500]);
    const store = new MemoryStore();
    const webhook = new WebhookNotifier(store, { url: hook.url, secret: SECRET, baseDelayMs: 20, maxAttempts: 3 }, silent);
    try {
      const event = await webhook.emit('handoff.failed', { caseId: 'x' });
      await until(async () => (await webhook.undelivered()).some((d) => d.status === 'failed'));
      const [failed] = await webhook.undelivered();
      expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 500', event: { id: event.id } });
      expect(hook.received).toHaveLength(3);
      hook.setStatuses([204]);
      expect(await webhook.retry(event.id)).toBe(true);
      await until(async () => (await webhook.undelivered()).length === 0);
      expect(hook.received).toHaveLength(4);
      expect(hook.received[3]?.headers['idempotency-key']).toBe(event.id);
      expect(await webhook.retry(event.id)).toBe(false); // delivered: nothing to retry
    } finally {
      webhook.close();
      await hook.close();
    }
  });

  it('treats an endpoint that is down (connection refused) like any failure', async () => {
    const hook = await receiver([200]);
    const url = hook.url;
    await hook.close(); // nobody listens there now
    const store = new MemoryStore();
    const webhook = new WebhookNotifier(store, { url, secret: SECRET, baseDelayMs: 20, maxAttempts: 2 }, silent);
    try {
      await webhook.emit('handoff.created', { caseId: 'y' });
      await until(async () => (await webhook.undelivered()).some((d) => d.status === 'failed'));
      expect((await webhook.undelivered())[0]?.lastError).toMatch(/no connection/);
    } finally {
      webhook.close();
    }
  });

  it('is called by the desk for every step of a case, without transcript or phone number', async () => {
    const hook = await receiver([200]);
    const s = setupHandoff();
    const webhook = new WebhookNotifier(s.store, { url: hook.url, secret: SECRET, baseDelayMs: 20 }, silent);
    const desk = new HandoffDesk({ store: s.store, outbox: s.outbox, knowledge: () => knowledge, logger: silent, pseudonym: (id) => id, now: () => s.clock.now, webhook });
    try {
      const opened = await desk.open({ address: s.address, language: 'fa', kind: 'callback', reason: 'request', consent: true, topics: ['payment_missing'], callback: { phone: '01701234567', preferredTime: 'slot:any' } });
      await desk.claim(opened.case.id, { id: 'anna', displayName: 'Anna Schmidt' });
      await desk.close(opened.case.id, { id: 'anna', displayName: 'Anna Schmidt' }, 'callback_done');
      await until(() => hook.received.length === 3);
      const types = hook.received.map((r) => r.headers['x-lotse-event']);
      expect(types).toEqual(['handoff.created', 'handoff.accepted', 'handoff.completed']);
      const first = JSON.parse(hook.received[0]?.body ?? '{}');
      expect(first.data).toMatchObject({ caseId: opened.case.id, kind: 'callback', language: 'fa', topics: [{ id: 'payment_missing', title: expect.any(String) }] });
      expect(hook.received.map((r) => r.body).join()).not.toContain('01701234567');
    } finally {
      webhook.close();
      await hook.close();
    }
  });

  it('produces the documented signature format', () => {
    expect(signWebhook('k', '{}', 1700000000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('k', '{}', signWebhook('k', '{}', 1700000000), 1700000000 + 600)).toBe(false); // too old
  });
});

describe('webhook configuration', () => {
  it('is off without a URL and refuses a URL without a strong secret', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).handoffWebhook).toBeUndefined();
    expect(() => loadConfig({ NODE_ENV: 'test', HANDOFF_WEBHOOK_URL: 'https://tickets.example/hook' })).toThrow(/HANDOFF_WEBHOOK_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'test', HANDOFF_WEBHOOK_URL: 'ftp://x', HANDOFF_WEBHOOK_SECRET: SECRET })).toThrow(/http/);
    expect(loadConfig({ NODE_ENV: 'test', HANDOFF_WEBHOOK_URL: 'https://tickets.example/hook', HANDOFF_WEBHOOK_SECRET: SECRET }).handoffWebhook).toEqual({ url: 'https://tickets.example/hook', secret: SECRET });
  });
});
