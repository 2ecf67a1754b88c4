/**
 * Lotse's Direct Line driven by Microsoft's own client, botframework-directlinejs, over polling
 * and websocket, plus the watermark, token and outbox behaviour it depends on.
 */
import type { Activity as ClientActivity, DirectLine as DirectLineType } from 'botframework-directlinejs';
import WebSocket from 'ws';
import { call, message, post, startConversation, startHarness, stubBot, type Harness } from './helpers/directline-harness';

// botframework-directlinejs is a browser library: give it the two browser APIs it needs.
const globals = globalThis as Record<string, unknown>;
globals.XMLHttpRequest = require('xhr2');
globals.WebSocket = WebSocket;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

/** Activities as they arrive on the wire (the client's union type is too narrow for assertions). */
type Activity = { id?: string; text?: string; [key: string]: unknown };

interface Client {
  directLine: DirectLineType;
  /** The conversation id the client got from POST /conversations. */
  conversationId(): string;
  received: Activity[];
  errors: unknown[];
  waitFor(count: number, timeoutMs?: number): Promise<Activity[]>;
  post(text: string, userId?: string): Promise<string>;
  end(): void;
}

function connect(h: Harness, options: { webSocket: boolean }): Client {
  const directLine = new DirectLine({
    domain: h.domain,
    webSocket: options.webSocket,
    pollingInterval: 200,
    timeout: 5000,
    random: () => 0, // the shortest websocket retry delay (3 s)
  });
  const received: Activity[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  directLine.activity$.subscribe(
    (activity) => {
      received.push(activity as unknown as Activity);
      for (const wake of waiters.splice(0)) wake();
    },
    (error: unknown) => errors.push(error), // end() ends the stream with "conversation ended"
  );
  return {
    directLine,
    conversationId: () => (directLine as unknown as { conversationId: string }).conversationId,
    received,
    errors,
    waitFor(count, timeoutMs = 8000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} activities, got ${received.length}`)), timeoutMs);
        const check = (): void => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received.slice(0, count));
          } else waiters.push(check);
        };
        check();
      });
    },
    post(text, userId = 'user-1') {
      return new Promise((resolve, reject) => {
        directLine.postActivity({ type: 'message', text, from: { id: userId, name: 'Test' } } as ClientActivity).subscribe(resolve, reject);
      });
    },
    end() {
      try {
        directLine.end();
      } catch {
        // the library rethrows "conversation ended" in some states; the test is over anyway
      }
    },
  };
}

let h: Harness;
let clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.end();
  await h?.close();
});

function client(options: { webSocket: boolean }): Client {
  const c = connect(h, options);
  clients.push(c);
  return c;
}

describe.each([
  ['websocket', true],
  ['polling', false],
])('a conversation over %s', (_name, webSocket) => {
  test('starts, echoes the user message with server id and from.id, then delivers the bot reply', async () => {
    const bot = stubBot();
    h = await startHarness({ bot });
    const c = client({ webSocket });
    const id = await c.post('Hallo');
    const [echo, reply] = await c.waitFor(2);

    const conversationId = c.conversationId();
    expect(conversationId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(id).toBe(`${conversationId}|1`);
    expect(echo).toMatchObject({ id: `${conversationId}|1`, type: 'message', text: 'Hallo', from: { id: 'user-1', role: 'user' } });
    expect(typeof echo.timestamp).toBe('string');
    expect(reply).toMatchObject({
      id: `${conversationId}|2`,
      text: 'reply: Hallo',
      from: { id: 'lotse', name: 'Lotse', role: 'bot' },
      conversation: { id: conversationId },
      replyToId: `${conversationId}|1`,
      channelId: 'directline',
    });
    expect(bot.calls).toHaveLength(1);
    expect(bot.calls[0].address).toEqual({ channelId: 'directline', conversationId, userId: 'user-1' });
    expect(bot.calls[0].activity).toMatchObject({ id: `${conversationId}|1`, text: 'Hallo', from: { id: 'user-1' } });
  });
});

test('a dropped websocket resumes from the watermark without loss or duplicates', async () => {
  h = await startHarness();
  const c = client({ webSocket: true });
  await c.post('eins');
  await c.waitFor(2);
  const conversationId = c.conversationId();
  const address = { channelId: 'directline', conversationId, userId: 'user-1' };
  const reconnects = (): number => h.upgrades.length;
  expect(reconnects()).toBe(1);

  // The network drops; meanwhile two staff messages arrive for this conversation.
  for (const socket of h.upgrades) socket.destroy();
  await h.outbox.send(address, [{ type: 'message', text: 'staff 1' }]);
  await h.outbox.send(address, [{ type: 'message', text: 'staff 2' }]);

  await c.waitFor(4, 10_000);
  expect(reconnects()).toBe(2);
  await c.post('zwei');
  const all = await c.waitFor(6);
  await new Promise((resolve) => setTimeout(resolve, 300)); // room for any duplicate to show up

  expect(c.received.map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${conversationId}|${n}`));
  expect(all.map((a) => a.text)).toEqual(['eins', 'reply: eins', 'staff 1', 'staff 2', 'zwei', 'reply: zwei']);
});

test('an outbox delivery reaches the websocket client as a bot message', async () => {
  h = await startHarness();
  const c = client({ webSocket: true });
  await c.post('Ich brauche Hilfe');
  await c.waitFor(2);
  const conversationId = c.conversationId();
  await h.outbox.send({ channelId: 'directline', conversationId, userId: 'user-1' }, [{ type: 'message', text: 'Hier ist Frau M. vom Jobcenter.' }]);
  const [, , staff] = await c.waitFor(3);
  expect(staff).toMatchObject({
    id: `${conversationId}|3`,
    text: 'Hier ist Frau M. vom Jobcenter.',
    from: { id: 'lotse', role: 'bot' },
    recipient: { id: 'user-1' },
  });
  await expect(h.outbox.send({ channelId: 'directline', conversationId: 'unknownConversation1', userId: 'u' }, [{ type: 'message' }])).rejects.toThrow(
    /unknown or expired/,
  );
});

describe('REST semantics the client relies on', () => {
  test('polling with a watermark returns exactly the activities after it', async () => {
    h = await startHarness();
    const conversation = await startConversation(h);
    for (const text of ['a', 'b', 'c']) expect((await post(h, conversation, message(text))).status).toBe(200);
    const url = `${h.domain}/conversations/${conversation.id}/activities`;

    const all = await call(`${url}?watermark=`, { token: conversation.token });
    expect(all.status).toBe(200);
    expect(all.body.watermark).toBe('6');
    expect(all.body.activities.map((a: Activity) => a.text)).toEqual(['a', 'reply: a', 'b', 'reply: b', 'c', 'reply: c']);

    const tail = await call(`${url}?watermark=4`, { token: conversation.token });
    expect(tail.body.activities.map((a: Activity) => a.id)).toEqual([`${conversation.id}|5`, `${conversation.id}|6`]);
    expect(tail.body.watermark).toBe('6');

    const none = await call(`${url}?watermark=6`, { token: conversation.token });
    expect(none.body).toEqual({ activities: [], watermark: '6' });
    expect((await call(`${url}?watermark=abc`, { token: conversation.token })).status).toBe(400);
  });

  test('a raw websocket resumed through GET conversations/:id?watermark= gets the backlog once, then live frames', async () => {
    h = await startHarness();
    const conversation = await startConversation(h);
    await post(h, conversation, message('eins'));
    await post(h, conversation, message('zwei'));

    const reconnect = await call(`${h.domain}/conversations/${conversation.id}?watermark=2`, { token: conversation.token });
    expect(reconnect.status).toBe(200);
    expect(reconnect.body).toMatchObject({ conversationId: conversation.id, token: conversation.token });
    expect(reconnect.body.streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/.+\/stream\?t=.+&watermark=2$/);

    const frames: Array<{ activities: Activity[]; watermark: string }> = [];
    const socket = new WebSocket(reconnect.body.streamUrl);
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    await post(h, conversation, message('drei'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.close();

    expect(frames.map((f) => f.watermark)).toEqual(['4', '5', '6']);
    expect(frames.flatMap((f) => f.activities.map((a) => a.text))).toEqual(['zwei', 'reply: zwei', 'drei', 'reply: drei']);
  });

  test('tokens: generate starts nothing, refresh renews, both open only their own conversation', async () => {
    h = await startHarness();
    const generated = await call(`${h.domain}/tokens/generate`, { method: 'POST' });
    expect(generated.status).toBe(200);
    expect(generated.body).toMatchObject({ conversationId: expect.any(String), token: expect.any(String), expires_in: 3600 });

    const started = await call(`${h.domain}/conversations`, { method: 'POST', token: generated.body.token });
    expect(started.status).toBe(201);
    expect(started.body.conversationId).toBe(generated.body.conversationId);
    const again = await call(`${h.domain}/conversations`, { method: 'POST', token: generated.body.token });
    expect(again.status).toBe(200);

    const refreshed = await call(`${h.domain}/tokens/refresh`, { method: 'POST', token: generated.body.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(generated.body.conversationId);
    expect(refreshed.body.token).not.toBe(generated.body.token);
    const conversation = { id: generated.body.conversationId, token: refreshed.body.token };
    expect((await post(h, conversation, message('mit neuem Token'))).status).toBe(200);

    const other = await startConversation(h);
    expect((await post(h, { id: other.id, token: refreshed.body.token }, message('fremd'))).status).toBe(403);
  });

  test('turns of one conversation run one at a time, in the order they were posted', async () => {
    let running = 0;
    let maxRunning = 0;
    const order: string[] = [];
    h = await startHarness({
      bot: {
        async onActivity(activity) {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((resolve) => setTimeout(resolve, activity.text === 'first' ? 80 : 5));
          order.push(String(activity.text));
          running -= 1;
          return { activities: [{ type: 'message', text: `re ${String(activity.text)}` }] };
        },
      },
    });
    const conversation = await startConversation(h);
    const first = post(h, conversation, message('first'));
    // Two HTTP requests on two connections may arrive in either order: send the second only once
    // the first is being answered, so "posted" order is the order the server saw.
    while (order.length === 0 && running === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    const second = post(h, conversation, message('second'));
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(maxRunning).toBe(1);
    expect(order).toEqual(['first', 'second']);
    const all = await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token });
    expect(all.body.activities.map((a: Activity) => a.text)).toEqual(['first', 're first', 'second', 're second']);
  });
});
