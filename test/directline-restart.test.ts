/**
 * Direct Line keeps its promise across restarts and under abuse (issues 9 and 15): an open
 * conversation continues after the server restarts on the same store (tokens, watermarks,
 * history, ids never reused), a user message stored before a crash is answered afterwards,
 * hostile bodies never advance the watermark, and nobody can fill the conversation registry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { ActivityJson } from '../bot/core/contracts';
import { SqliteStore } from '../adapters/store/sqlite';
import { ConversationRegistry } from '../adapters/directline/registry';
import { ACTIVITIES, CONVERSATIONS } from '../adapters/directline/journal';
import { call, message, post, startConversation, startHarness, stubBot, type Harness } from './helpers/directline-harness';

let h: Harness | undefined;
let store: SqliteStore | undefined;
afterEach(async () => {
  await h?.close();
  await store?.close();
  h = undefined;
  store = undefined;
});

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-dl-restart-'));
}

async function start(dir: string, bot = stubBot()): Promise<Harness> {
  store = SqliteStore.open(dir);
  h = await startHarness({ bot, directLine: { store } });
  return h;
}

async function restart(dir: string, bot = stubBot()): Promise<Harness> {
  await h?.close();
  await store?.close();
  return start(dir, bot);
}

const texts = (activities: ActivityJson[]): unknown[] => activities.map((a) => a.text);

describe('an open conversation after a restart', () => {
  test('continues with the same token: history replayed, watermark kept, ids never reused', async () => {
    const dir = tempDir();
    await start(dir);
    const conversation = await startConversation(h as Harness);
    expect((await post(h as Harness, conversation, message('Hallo'))).body.id).toBe(`${conversation.id}|1`);
    expect((await post(h as Harness, conversation, message('Wann kommt das Geld?'))).body.id).toBe(`${conversation.id}|3`);

    await restart(dir);
    const history = await call(`${h!.domain}/conversations/${conversation.id}/activities`, { token: conversation.token });
    expect(history.status).toBe(200);
    expect(texts(history.body.activities)).toEqual(['Hallo', 'reply: Hallo', 'Wann kommt das Geld?', 'reply: Wann kommt das Geld?']);
    expect(history.body.watermark).toBe('4');
    const next = await post(h as Harness, conversation, message('Danke'));
    expect(next.status).toBe(200);
    expect(next.body.id).toBe(`${conversation.id}|5`);
    const after = await call(`${h!.domain}/conversations/${conversation.id}/activities?watermark=4`, { token: conversation.token });
    expect(texts(after.body.activities)).toEqual(['Danke', 'reply: Danke']);
  });

  test('a Web Chat client reconnects its websocket with its watermark and gets only what it missed', async () => {
    const dir = tempDir();
    await start(dir);
    const conversation = await startConversation(h as Harness);
    await post(h as Harness, conversation, message('eins'));
    await restart(dir);
    await post(h as Harness, conversation, message('zwei'));
    const reconnect = await call(`${h!.domain}/conversations/${conversation.id}?watermark=2`, { token: conversation.token });
    expect(reconnect.status).toBe(200);
    const frames: Array<{ activities: ActivityJson[]; watermark: string }> = [];
    const socket = new WebSocket(reconnect.body.streamUrl);
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        frames.push(JSON.parse(String(data)));
        resolve();
      });
      socket.on('error', reject);
    });
    socket.close();
    expect(texts(frames[0].activities)).toEqual(['zwei', 'reply: zwei']);
    expect(frames[0].watermark).toBe('4');
  });

  test('a user message stored before a crash is answered at start-up, once', async () => {
    const dir = tempDir();
    store = SqliteStore.open(dir);
    const id = 'crashedConversation1';
    const inbound = { ...message('Ist mein Antrag da?'), id: `${id}|1`, conversation: { id }, channelId: 'directline' };
    await store.commit([
      { kind: 'write', collection: ACTIVITIES, key: `${id}|1`, value: inbound },
      { kind: 'write', collection: CONVERSATIONS, key: id, value: { seq: 1, created: Date.now(), hasUserMessage: true, unanswered: [1] } },
    ]);
    await store.close();
    const bot = stubBot();
    await start(dir, bot);
    const token = (await import('../adapters/directline/tokens')).TokenService;
    const own = new token(h!.config.directLineSecret, 3600).issue(id).token;
    let activities: ActivityJson[] = [];
    for (let i = 0; i < 50 && activities.length < 2; i++) {
      activities = (await call(`${h!.domain}/conversations/${id}/activities`, { token: own })).body.activities;
      if (activities.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(texts(activities)).toEqual(['Ist mein Antrag da?', 'reply: Ist mein Antrag da?']);
    expect(activities[1]).toMatchObject({ id: `${id}|2`, replyToId: `${id}|1` });
    expect(bot.calls).toHaveLength(1);
    // A second restart does not run the answered turn again.
    const again = stubBot();
    await restart(dir, again);
    await call(`${h!.domain}/conversations/${id}/activities`, { token: own });
    expect(again.calls).toHaveLength(0);
  });
});

describe('hostile bodies', () => {
  test('a value nested 6,000 levels deep and wrong shapes get a JSON 400; the watermark does not move', async () => {
    h = await startHarness();
    const conversation = await startConversation(h);
    await post(h, conversation, message('hallo'));
    const deep = `${'{"v":'.repeat(6000)}"x"${'}'.repeat(6000)}`;
    const raw = JSON.stringify({ ...message('tief'), value: 0 }).replace('"value":0', `"value":${deep}`);
    const bodies: Array<{ raw?: string; body?: unknown }> = [
      { raw },
      { body: [message('array')] },
      { body: 'just a string' },
      { body: { ...message('x'), from: 'not-an-account' } },
      { body: { ...message('x'), attachments: {} } },
      { raw: '{"type":"message","from":{"id":"u"},"text":' },
    ];
    for (const b of bodies) {
      const res = await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token, ...b });
      expect([400, 413]).toContain(res.status);
      expect(res.body.error.code).toEqual(expect.any(String));
    }
    const all = await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token });
    expect(all.body.watermark).toBe('2');
    expect(texts(all.body.activities)).toEqual(['hallo', 'reply: hallo']);
    expect((await post(h, conversation, message('weiter'))).body.id).toBe(`${conversation.id}|3`);
  });
});

describe('nobody can block the chat', () => {
  test('10,000 conversation creations from 40 addresses, then a fresh citizen still gets a conversation', async () => {
    h = await startHarness();
    const statuses = new Map<number, number>();
    const perAddress = 250;
    await Promise.all(
      Array.from({ length: 40 }, async (_, a) => {
        for (let i = 0; i < perAddress; i++) {
          const res = await fetch(`${h!.domain}/conversations`, { method: 'POST', headers: { 'X-Forwarded-For': `203.0.113.${a + 1}` } });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }),
    );
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
    const citizen = await call(`${h.domain}/conversations`, { method: 'POST', headers: { 'X-Forwarded-For': '198.51.100.7' } });
    expect(citizen.status).toBe(201);
    const conversation = { id: citizen.body.conversationId, token: citizen.body.token };
    expect((await post(h, conversation, message('Hallo'), { 'X-Forwarded-For': '198.51.100.7' })).status).toBe(200);
  }, 120_000);

  test('a conversation without a user message expires within minutes; one with a message lives longer', () => {
    let now = 0;
    const registry = new ConversationRegistry(
      { maxConversations: 100, historyLength: 5, historyBytes: 1e6, idleMs: 2 * 60 * 60_000, emptyIdleMs: 5 * 60_000, maxPendingTurns: 1 },
      () => now,
    );
    registry.create('emptyConversation1');
    const talked = registry.create('talkedConversation1')!;
    registry.markUserMessage(talked);
    now += 6 * 60_000;
    expect(registry.sweep()).toBe(1);
    expect(registry.use('emptyConversation1')).toBeUndefined();
    expect(registry.use('talkedConversation1')).toBeDefined();
  });

  test('one address holds a bounded number of open conversations; at the cap its own empty ones make room', () => {
    const registry = new ConversationRegistry({ maxConversations: 100, historyLength: 5, historyBytes: 1e6, idleMs: 60_000, maxPendingTurns: 1, maxPerAddress: 3 });
    const first = registry.create('addressA-1', 'a')!;
    registry.markUserMessage(first);
    registry.create('addressA-2', 'a');
    registry.create('addressA-3', 'a');
    expect(registry.open('addressA-4', 'a').ok).toBe(true);
    expect(registry.use('addressA-1')).toBeDefined();
    expect(registry.use('addressA-2')).toBeUndefined();
    for (const id of ['addressA-3', 'addressA-4']) registry.markUserMessage(registry.use(id)!);
    expect(registry.open('addressA-5', 'a')).toEqual({ ok: false, reason: 'address-limit' });
    expect(registry.open('addressB-1', 'b').ok).toBe(true);
  });
});

describe('memory stays bounded', () => {
  test('an idle conversation leaves memory and still gets its whole history back from the store', async () => {
    const dir = tempDir();
    store = SqliteStore.open(dir);
    h = await startHarness({ directLine: { store, limits: { historyIdleMs: 50, sweepIntervalMs: 25 } } });
    const conversation = await startConversation(h);
    await post(h, conversation, message('Hallo'));
    await post(h, conversation, message('Wann kommt das Geld?'));
    // Longer than the idle limit and a few sweeps: the history is out of memory now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const history = await call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token });
    expect(texts(history.body.activities)).toEqual(['Hallo', 'reply: Hallo', 'Wann kommt das Geld?', 'reply: Wann kommt das Geld?']);
    await post(h, conversation, message('Danke'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await call(`${h.domain}/conversations/${conversation.id}/activities?watermark=2`, { token: conversation.token });
    expect(texts(again.body.activities)).toEqual(['Wann kommt das Geld?', 'reply: Wann kommt das Geld?', 'Danke', 'reply: Danke']);
    expect(again.body.watermark).toBe('6');
  });
});
