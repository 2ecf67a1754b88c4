/**
 * Direct Line under hostile or broken input: tokens, unknown conversations, oversize and
 * malformed bodies, invalid activities, rate limits and their exemption, a crashing core,
 * CORS, websocket refusals, what reaches the logs, and the bounds on memory.
 */
import WebSocket from 'ws';
import type { ActivityJson } from '../bot/core/contracts';
import { TokenService } from '../adapters/directline/tokens';
import { ConversationRegistry } from '../adapters/directline/registry';
import { TokenBucketLimiter } from '../adapters/directline/rate-limit';
import { call, message, post, startConversation, startHarness, stubBot, type Harness } from './helpers/directline-harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('tokens', () => {
  test('expired, forged, tampered, missing and other-conversation tokens get 403 with a JSON error', async () => {
    h = await startHarness();
    const conversation = await startConversation(h);
    const url = `${h.domain}/conversations/${conversation.id}/activities`;
    const now = Math.floor(Date.now() / 1000);
    const own = new TokenService(h.config.directLineSecret, 3600);
    const expired = own.sign({ cid: conversation.id, knd: 'conversation', iat: now - 7200, exp: now - 1 });
    const forged = new TokenService('not-the-secret', 3600).issue(conversation.id).token;
    const [header, , signature] = conversation.token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ cid: 'someoneElsesConversation', knd: 'conversation', iat: now, exp: now + 3600 })).toString('base64url');
    const tampered = `${header}.${otherPayload}.${signature}`;
    const streamKind = own.issue(conversation.id, 'stream').token;
    const other = await startConversation(h);

    const expiredRes = await call(url, { token: expired });
    expect(expiredRes.status).toBe(403);
    expect(expiredRes.body).toEqual({ error: { code: 'TokenExpired', message: expect.any(String) } });
    for (const token of [forged, tampered, streamKind, other.token, 'garbage']) {
      const res = await call(url, { token });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('BadToken');
    }
    expect((await call(url)).status).toBe(403);
    expect((await call(`${h.domain}/tokens/refresh`, { method: 'POST', token: expired })).status).toBe(403);
    expect((await call(`${h.domain}/conversations`, { method: 'POST', token: forged })).status).toBe(403);
    expect((await call(url, { token: conversation.token })).status).toBe(200);
  });

  test('a websocket with a forged or missing stream token is refused', async () => {
    h = await startHarness();
    const conversation = await startConversation(h);
    const forgedUrl = conversation.streamUrl.replace(/t=[^&]+/, `t=${new TokenService('wrong', 60).issue(conversation.id, 'stream').token}`);
    const conversationTokenUrl = conversation.streamUrl.replace(/t=[^&]+/, `t=${conversation.token}`);
    for (const url of [forgedUrl, conversationTokenUrl, conversation.streamUrl.replace(/t=[^&]+&/, '')]) {
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(url);
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => resolve(101));
        socket.on('error', () => undefined);
      });
      expect(status).toBe(403);
    }
  });
});

describe('unknown conversations', () => {
  test('a valid token for a conversation that was never started or has expired gets 404', async () => {
    h = await startHarness({ directLine: { limits: { idleMs: 100, sweepIntervalMs: 25 } } });
    const generated = await call(`${h.domain}/tokens/generate`, { method: 'POST' });
    const never = await call(`${h.domain}/conversations/${generated.body.conversationId}/activities`, { token: generated.body.token });
    expect(never.status).toBe(404);
    expect(never.body.error.code).toBe('ConversationNotFound');

    const conversation = await startConversation(h);
    expect((await post(h, conversation, message('hallo'))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await post(h, conversation, message('noch da?'))).status).toBe(404);
    expect((await call(`${h.domain}/conversations/${conversation.id}?watermark=2`, { token: conversation.token })).status).toBe(404);
    await expect(h.outbox.send({ channelId: 'directline', conversationId: conversation.id, userId: 'user-1' }, [{ type: 'message' }])).rejects.toThrow();
  });

  test('unknown Direct Line paths answer 404 JSON', async () => {
    h = await startHarness();
    const res = await call(`${h.domain}/conversations/x/upload`, { method: 'POST', body: {} });
    expect(res.status).toBe(404);
    expect(res.body.error).toBeDefined();
  });
});

describe('bodies and activities', () => {
  test('a body over 32 kB gets 413, malformed JSON gets 400, both as JSON', async () => {
    h = await startHarness();
    const conversation = await startConversation(h);
    const oversize = await post(h, conversation, { ...message('x'), channelData: { padding: 'x'.repeat(33 * 1024) } });
    expect(oversize.status).toBe(413);
    expect(oversize.body.error.code).toBe('PayloadTooLarge');
    const justUnder = await post(h, conversation, { ...message('x'), channelData: { padding: 'x'.repeat(31 * 1024) } });
    expect(justUnder.status).toBe(200);

    const malformed = await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token, raw: '{"type":"message",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('BadJson');
  });

  test.each([
    ['text over 5,000 characters', { ...message('x'.repeat(5001)) }],
    ['text of the wrong type', { ...message('x'), text: 42 }],
    ['an unknown activity type', { ...message('x'), type: 'invoke' }],
    ['a missing from', { type: 'message', text: 'x' }],
    ['a user id over 128 characters', { ...message('x'), from: { id: 'u'.repeat(129) } }],
    ['a user id that is not a string', { ...message('x'), from: { id: 7 } }],
    ['an array body', [message('x')]],
    ['a non-JSON content type', 'text/plain'],
  ])('an activity with %s gets 400 and never reaches the core', async (_name, body) => {
    const bot = stubBot();
    h = await startHarness({ bot });
    const conversation = await startConversation(h);
    const res =
      body === 'text/plain'
        ? await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token, raw: 'hallo', headers: { 'Content-Type': 'text/plain' } })
        : await post(h, conversation, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadArgument');
    expect(bot.calls).toHaveLength(0);
  });

  test('exactly 5,000 characters pass; forged conversation, recipient and role are replaced', async () => {
    const bot = stubBot();
    h = await startHarness({ bot });
    const conversation = await startConversation(h);
    const res = await post(h, conversation, {
      ...message('y'.repeat(5000)),
      from: { id: 'user-1', role: 'bot' },
      conversation: { id: 'victim' },
      recipient: { id: 'someone' },
      serviceUrl: 'http://evil.example',
      channelData: { clientActivityID: 'web-chat-42' },
    });
    expect(res.status).toBe(200);
    const seen = bot.calls[0].activity;
    expect(seen).toMatchObject({ conversation: { id: conversation.id }, recipient: { id: 'lotse' }, from: { id: 'user-1', role: 'user' } });
    expect(seen.serviceUrl).toBeUndefined();
    // Web Chat recognises its own echo by channelData.clientActivityID.
    const echoed = await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token });
    expect(echoed.body.activities[0].channelData).toEqual({ clientActivityID: 'web-chat-42' });
  });
});

describe('rate limits', () => {
  test('per conversation: the burst passes, the next message gets 429 with Retry-After', async () => {
    const bot = stubBot();
    h = await startHarness({ bot, directLine: { limits: { conversationBurst: 10, conversationPerMinute: 20 } } });
    const conversation = await startConversation(h);
    for (let i = 0; i < 10; i++) expect((await post(h, conversation, message(`m${i}`))).status).toBe(200);
    const limited = await post(h, conversation, message('one too many'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    expect(bot.calls).toHaveLength(10);
    // Another conversation is not affected.
    expect((await post(h, await startConversation(h), message('hi'))).status).toBe(200);
  });

  test('per client address: requests beyond the budget get 429, other addresses do not', async () => {
    h = await startHarness({ directLine: { limits: { addressBurst: 5, addressPerMinute: 5 } } });
    const a = { 'X-Forwarded-For': '203.0.113.7' };
    const b = { 'X-Forwarded-For': '198.51.100.9' };
    const conversation = await startConversation(h, a);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token, headers: a })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const limited = await call(`${h.domain}/tokens/generate`, { method: 'POST', headers: a });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await post(h, conversation, message('x'), a)).status).toBe(429);
    expect((await call(`${h.domain}/tokens/generate`, { method: 'POST', headers: b })).status).toBe(200);
  });

  test('the exemption predicate lets its activities through both limits; a throwing predicate exempts nothing', async () => {
    const bot = stubBot();
    const seen: ActivityJson[] = [];
    h = await startHarness({
      bot,
      directLine: {
        limits: { conversationBurst: 2, addressBurst: 6, addressPerMinute: 1 },
        exemptFromRateLimit: (activity) => {
          seen.push(activity);
          if (activity.text === 'explode') throw new Error('predicate bug');
          return activity.text === 'HILFE';
        },
      },
    });
    const conversation = await startConversation(h); // address request 1
    expect((await post(h, conversation, message('a'))).status).toBe(200); // 2
    expect((await post(h, conversation, message('b'))).status).toBe(200); // 3
    expect((await post(h, conversation, message('c'))).status).toBe(429); // 4: conversation limit
    expect((await post(h, conversation, message('HILFE'))).status).toBe(200); // 5: exempt
    expect((await post(h, conversation, message('explode'))).status).toBe(429); // 6
    expect((await post(h, conversation, message('d'))).status).toBe(429); // 7: address limit too
    expect((await post(h, conversation, message('HILFE'))).status).toBe(200); // exempt from the address limit as well
    expect(bot.calls.map((c) => c.activity.text)).toEqual(['a', 'b', 'HILFE', 'HILFE']);
    expect(seen[0]).toMatchObject({ type: 'message', text: 'a', from: { id: 'user-1' }, conversation: { id: conversation.id } });
  });
});

describe('a failing core', () => {
  test('a throwing or rejecting bot gets 500 for that post; the service keeps serving', async () => {
    h = await startHarness();
    const conversation = await startConversation(h);
    const boom = await post(h, conversation, message('boom'));
    expect(boom.status).toBe(500);
    expect(boom.body.error.code).toBe('BotError');
    expect((await post(h, conversation, message('reject'))).status).toBe(500);
    const next = await post(h, conversation, message('weiter'));
    expect(next.status).toBe(200);
    const all = await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token });
    expect(all.body.activities.map((a: ActivityJson) => a.text)).toEqual(['boom', 'reject', 'weiter', 'reply: weiter']);
    expect((await startConversation(h)).id).toBeTruthy();
  });
});

describe('logs', () => {
  test('carry pseudonymised conversation ids and never message text', async () => {
    h = await startHarness();
    const conversation = await startConversation(h);
    await post(h, conversation, message('Mein Geheimnis 4711'));
    await post(h, conversation, message('boom'));
    const joined = h.logs.join('\n');
    expect(h.logs.length).toBeGreaterThan(2);
    expect(joined).not.toContain('Geheimnis');
    expect(joined).not.toContain('boom');
    expect(joined).not.toContain(conversation.id);
    expect(joined).toContain('turn failed');
  });
});

describe('CORS', () => {
  test('preflight from an allowed origin gets 204 with methods and headers; others get 403', async () => {
    h = await startHarness({ config: { allowedOrigins: ['https://jobcenter.example'] } });
    const preflight = (origin: string): Promise<Response> =>
      fetch(`${h.domain}/conversations`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-requested-with' },
      });
    const ok = await preflight('https://jobcenter.example');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://jobcenter.example');
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(ok.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, x-requested-with, x-ms-bot-agent');
    const bad = await preflight('https://evil.example');
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    const started = await fetch(`${h.domain}/conversations`, { method: 'POST', headers: { Origin: 'https://jobcenter.example' } });
    expect(started.headers.get('access-control-allow-origin')).toBe('https://jobcenter.example');
    expect(started.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  test("'*' allows any origin", async () => {
    h = await startHarness();
    const res = await fetch(`${h.domain}/conversations`, { method: 'OPTIONS', headers: { Origin: 'https://anywhere.example' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('bounded memory', () => {
  test('a conversation keeps at most historyLength activities and watermarks stay correct', () => {
    const registry = new ConversationRegistry({ maxConversations: 2, historyLength: 5, historyBytes: 1e6, idleMs: 1000, maxPendingTurns: 1 });
    const conversation = registry.create('conversation-1')!;
    for (let i = 1; i <= 12; i++) registry.append(conversation, [{ type: 'message', text: String(i) }]);
    expect(conversation.history).toHaveLength(5);
    expect(registry.after(conversation, 0).activities.map((a) => a.text)).toEqual(['8', '9', '10', '11', '12']);
    expect(registry.after(conversation, 10)).toEqual({ activities: expect.any(Array), watermark: '12' });
    expect(registry.after(conversation, 10).activities.map((a) => a.id)).toEqual(['conversation-1|11', 'conversation-1|12']);
    registry.markUserMessage(conversation);
    registry.create('conversation-2');
    // Full: the oldest conversation without a user message makes room; a new citizen is never locked out.
    expect(registry.create('conversation-3')).toBeDefined();
    expect(registry.use('conversation-1')).toBeDefined();
    expect(registry.use('conversation-2')).toBeUndefined();
  });

  test('the rate limiter forgets the least recently used keys beyond maxKeys and refills over time', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ perMinute: 60, burst: 1, maxKeys: 100, now: () => now });
    for (let i = 0; i < 1000; i++) limiter.take(`address-${i}`);
    expect(limiter.size).toBe(100);
    expect(limiter.take('address-999')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.take('address-999')).toEqual({ allowed: true });
    now += 60_000;
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });

  test('a conversation refuses new turns when too many are already waiting', async () => {
    const registry = new ConversationRegistry({ maxConversations: 1, historyLength: 5, historyBytes: 1e6, idleMs: 1000, maxPendingTurns: 2 });
    const conversation = registry.create('conversation-1')!;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = registry.runInOrder(conversation, () => gate);
    const second = registry.runInOrder(conversation, async () => 'second');
    expect(registry.runInOrder(conversation, async () => 'third')).toBeUndefined();
    release();
    await first;
    expect(await second).toBe('second');
  });
});
