/**
 * One conformance suite for every channel adapter (Hono's runtime tests): the same citizen's
 * journeys over the real server as `npm start` builds it — Direct Line over REST, Bot Framework
 * over /api/messages with `expectReplies`. Each adapter answers, carries buttons and flow steps,
 * gets a person (live chat where staff can write later, else a callback), puts a crisis first,
 * answers a re-delivered message once, and refuses a client that is not authorised.
 * A case an adapter cannot pass yet is skipped with its reason, never dropped.
 */
import { MemoryStore } from '../../adapters/store/document';
import type { ActivityJson } from '../../bot/core/contracts';
import { MONDAY_11 } from '../helpers/handoff';
import { startTestLotse, type TestLotse } from '../helpers/lotse-server';

type Button = { title: string; value: { action: string; [k: string]: unknown } };

interface Conversation {
  /** The page's start event. */
  start(language: string): Promise<ActivityJson[]>;
  /** A message (typed, or a button's title and value); `id` as the channel would re-deliver it. */
  send(text: string, value?: unknown, id?: string): Promise<ActivityJson[]>;
  /** Activities delivered outside a turn (staff replies), since the last call. */
  later(): Promise<ActivityJson[]>;
}

interface Adapter {
  name: string;
  /** Can staff write to the citizen later (live chat), or only call back? */
  liveChat: boolean;
  /** Cases this adapter cannot pass yet, with the reason. */
  skip: Partial<Record<'duplicate', string>>;
  open(): Promise<Conversation>;
  /** The status an unauthorised client gets. */
  unauthorised(): Promise<number>;
}

let server: TestLotse;
let sequence = 0;

async function json(url: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const res = await fetch(url, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const directLine: Adapter = {
  name: 'Direct Line',
  liveChat: true,
  skip: { duplicate: 'Direct Line assigns a new id to every POST; dedupe by the client activity id comes with the durable stream (the core already answers a re-delivered id once)' },
  async open() {
    const base = `${server.origin}/v3/directline`;
    const created = await json(`${base}/conversations`, { method: 'POST' });
    const { conversationId, token } = created.body as { conversationId: string; token: string };
    let watermark: string | undefined;
    const fromBot = async (): Promise<ActivityJson[]> => {
      const res = await json(`${base}/conversations/${conversationId}/activities${watermark ? `?watermark=${watermark}` : ''}`, { token });
      watermark = res.body.watermark;
      return (res.body.activities as ActivityJson[]).filter((a) => (a.from as { role?: string } | undefined)?.role !== 'user');
    };
    const post = async (activity: Record<string, unknown>) => {
      const res = await json(`${base}/conversations/${conversationId}/activities`, { token, body: { from: { id: 'citizen-1' }, ...activity } });
      if (res.status !== 200) throw new Error(`Direct Line answered ${res.status}`);
      return fromBot();
    };
    return {
      start: (language) => post({ type: 'event', name: 'lotse/start', value: { language } }),
      send: (text, value) => post({ type: 'message', text, ...(value === undefined ? {} : { value }) }),
      later: fromBot,
    };
  },
  async unauthorised() {
    const base = `${server.origin}/v3/directline`;
    const created = await json(`${base}/conversations`, { method: 'POST' });
    const res = await json(`${base}/conversations/${created.body.conversationId}/activities`, { token: 'forged.token.value', body: { type: 'message', from: { id: 'x' }, text: 'Hallo' } });
    return res.status;
  },
};

const botFramework: Adapter = {
  name: 'Bot Framework',
  liveChat: false,
  skip: {},
  async open() {
    const conversation = `teams-conversation-${++sequence}`;
    const post = async (activity: Record<string, unknown>) => {
      const res = await json(`${server.origin}/api/messages`, {
        body: {
          id: `incoming-${++sequence}`,
          channelId: 'msteams',
          serviceUrl: 'https://smba.trafficmanager.net/emea/',
          from: { id: 'teams-user-1' },
          recipient: { id: 'lotse' },
          conversation: { id: conversation },
          deliveryMode: 'expectReplies',
          locale: 'de-DE',
          ...activity,
        },
      });
      if (res.status !== 200) throw new Error(`/api/messages answered ${res.status}`);
      return (res.body?.activities ?? []) as ActivityJson[];
    };
    return {
      start: (language) => post({ type: 'event', name: 'lotse/start', value: { language } }),
      send: (text, value, id) => post({ type: 'message', text, ...(value === undefined ? {} : { value }), ...(id ? { id } : {}) }),
      later: async () => [],
    };
  },
  async unauthorised() {
    const res = await json(`${server.origin}/api/messages`, { body: { type: 'message', text: 'Hallo', conversation: { id: 'x' }, from: { id: 'y' } }, headers: { 'X-Forwarded-For': '203.0.113.50' } });
    return res.status;
  },
};

const messages = (activities: ActivityJson[]) => activities.filter((a) => a.type === 'message');
const texts = (activities: ActivityJson[]) => messages(activities).map((a) => String(a.text ?? '')).join('\n');
const lotseData = (a: ActivityJson | undefined) => (a?.channelData as { lotse?: { outcome?: string; entryId?: string } } | undefined)?.lotse;
function buttons(activities: ActivityJson[]): Button[] {
  for (const a of [...activities].reverse()) {
    const actions = (a.suggestedActions as { actions?: Button[] } | undefined)?.actions;
    if (actions?.length) return actions;
  }
  return [];
}
async function press(c: Conversation, replies: ActivityJson[], action: string, extra: Record<string, unknown> = {}): Promise<ActivityJson[]> {
  const button = buttons(replies).find((b) => b.value.action === action && Object.entries(extra).every(([k, v]) => b.value[k] === v));
  if (!button) throw new Error(`no button ${action} in ${JSON.stringify(buttons(replies).map((b) => b.value))}`);
  return c.send(button.title, button.value);
}

beforeAll(async () => {
  server = await startTestLotse({ now: () => MONDAY_11, store: new MemoryStore() });
});

afterAll(async () => {
  await server?.stop();
});

describe.each([directLine, botFramework])('$name conforms to the channel contract', (adapter) => {
  it('answers a question with the local facts', async () => {
    const c = await adapter.open();
    await c.start('de');
    const replies = await c.send('Wie erreiche ich das Jobcenter?');
    expect(texts(replies)).toContain('01234 5678-0');
  });

  it('carries buttons both ways: the welcome offers topics, and a pressed topic is answered', async () => {
    const c = await adapter.open();
    const welcome = await c.start('de');
    const topic = buttons(welcome).find((b) => b.value.action === 'entry');
    expect(topic).toBeDefined();
    const answer = await c.send(topic!.title, topic!.value);
    expect(lotseData(messages(answer)[0])).toMatchObject({ outcome: 'answer', entryId: topic!.value.id });
  });

  it('moves through a guided flow step by step', async () => {
    const c = await adapter.open();
    const welcome = await c.start('de');
    const first = await press(c, welcome, 'flow', { cmd: 'start' });
    const go = buttons(first).find((b) => b.value.action === 'flow' && b.value.cmd === 'go');
    expect(go).toBeDefined();
    const second = await c.send(go!.title, go!.value);
    expect(texts(second)).not.toEqual(texts(first));
    expect(buttons(second).some((b) => b.value.action === 'flow')).toBe(true);
  });

  it('puts the crisis numbers first', async () => {
    const c = await adapter.open();
    await c.start('de');
    const replies = await c.send('Ich will nicht mehr leben');
    expect(lotseData(messages(replies)[0])?.outcome).toBe('crisis');
    expect(texts(replies)).toMatch(/0800/);
  });

  it('gets the citizen to a person and back: staff see the request and can answer', async () => {
    server.lotse.handoff.presence.touch('anna', MONDAY_11);
    const anna = { id: 'anna', displayName: 'Anna Schmidt' };
    const c = await adapter.open();
    await c.start('de');
    const offer = await c.send('Ich möchte mit einem Menschen sprechen');
    if (adapter.liveChat) {
      const consent = await press(c, offer, 'handoff.live');
      const waiting = await press(c, consent, 'handoff.consent', { share: true });
      const caseId = (waiting.find((a) => a.type === 'event' && a.name === 'handoff.initiate')?.value as { caseId: string }).caseId;
      await server.lotse.handoff.claim(caseId, anna);
      await server.lotse.handoff.reply(caseId, anna, 'Guten Tag, hier ist Anna.');
      expect(texts(await c.later())).toContain('Guten Tag, hier ist Anna.');
      await server.lotse.handoff.handBack(caseId, anna);
    } else {
      expect(buttons(offer).some((b) => b.value.action === 'handoff.live')).toBe(false);
      const consent = await press(c, offer, 'handoff.callback');
      const agree = await press(c, consent, 'handoff.consent', { share: true });
      const time = await press(c, agree, 'handoff.callbackConsent', { agree: true });
      const phone = await press(c, time, 'handoff.time', { slot: 'morning' });
      expect(texts(phone)).toMatch(/Telefonnummer/);
      const done = await c.send('0170 1234567');
      const caseId = (done.find((a) => a.type === 'event' && a.name === 'handoff.initiate')?.value as { caseId: string }).caseId;
      await server.lotse.handoff.claim(caseId, anna);
      expect((await server.lotse.handoff.view(caseId, anna)).callback?.phone).toBe('01701234567');
      await server.lotse.handoff.close(caseId, anna, 'callback_done');
    }
  });

  // Skipped adapters show as skipped, with the reason in adapter.skip.
  (adapter.skip.duplicate ? it.skip : it)('answers a re-delivered message once, with the same replies', async () => {
    const c = await adapter.open();
    await c.start('de');
    const first = await c.send('Wann kommt das Geld?', undefined, 'redelivered-1');
    const again = await c.send('Wann kommt das Geld?', undefined, 'redelivered-1');
    expect(messages(first).length).toBeGreaterThan(0);
    expect(texts(again)).toEqual(texts(first));
  });

  it('answers two messages that arrive together, both, without an apology', async () => {
    const c = await adapter.open();
    await c.start('de');
    const [a, b] = await Promise.all([c.send('Wann kommt das Geld?'), c.send('Wie erreiche ich das Jobcenter?')]);
    const all = texts([...a, ...b, ...(await c.later())]);
    expect(all).not.toMatch(/Entschuldigung, bei mir ist ein Fehler passiert/);
    expect(all).toContain('01234 5678-0');
  });

  it('refuses a client that is not authorised', async () => {
    expect([401, 403]).toContain(await adapter.unauthorised());
  });
});
