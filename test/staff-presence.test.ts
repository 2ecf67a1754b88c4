/**
 * The live-chat offer is true (issue 16): it is offered only while a staff console is open —
 * the console's heartbeat keeps it, a closed tab ends it at once, a vanished browser a minute
 * later — and outside the live-chat hours the citizen is told it is closed and when it opens.
 */
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MemoryStore } from '../adapters/store/document';
import type { ActivityJson } from '../bot/core/contracts';
import { MONDAY_11, SATURDAY_NIGHT } from './helpers/handoff';

const PASSWORD = 'correct horse battery staple';
let running: TestLotse;
const clock = { now: MONDAY_11 };
let conversations = 0;

beforeAll(async () => {
  running = await startTestLotse({ now: () => clock.now, store: new MemoryStore(), staff: [{ username: 'anna', displayName: 'Anna Schmidt', password: PASSWORD }] });
});
afterAll(async () => {
  await running?.stop();
});

async function post(path: string, s: { cookie: string; csrf: string }, body: unknown) {
  const res = await fetch(`${running.origin}${path}`, { method: 'POST', headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function login() {
  const res = await fetch(`${running.origin}/staff/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'anna', password: PASSWORD }) });
  const body = await res.json();
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string, csrf: body.csrf as string };
}

const PERSON: Record<string, string> = { uk: 'Я хочу поговорити з людиною', en: 'I want to talk to a person' };

/** A citizen in a new conversation asks for a person; the offer's text and button actions. */
async function offer(language = 'de'): Promise<{ text: string; actions: unknown[] }> {
  conversations += 1;
  const address = { channelId: 'directline', conversationId: `presence-${conversations}`, userId: 'u' };
  const send = (a: ActivityJson) => running.lotse.bot.onActivity({ from: { id: 'u' }, ...a }, address);
  await send({ type: 'event', name: 'lotse/start', value: { language } });
  const result = await send({ type: 'message', text: PERSON[language] ?? 'Ich möchte mit einem Menschen sprechen' });
  const last = result.activities[result.activities.length - 1];
  return { text: result.activities.map((a) => String(a.text ?? '')).join('\n'), actions: ((last?.suggestedActions as { actions?: Array<{ value: { action: string } }> })?.actions ?? []).map((a) => a.value.action) };
}

describe('staff presence', () => {
  it('offers live chat while the console beats, and not a minute after the browser vanished', async () => {
    clock.now = MONDAY_11;
    const s = await login();
    expect((await post('/staff/api/heartbeat', s, {})).body.staffOnline).toBe(1);
    const open = await offer();
    expect(open.actions).toContain('handoff.live');
    expect(open.text).toMatch(/Mitarbeitende sind gerade online/);

    clock.now = new Date(MONDAY_11.getTime() + 30_000);
    expect((await post('/staff/api/heartbeat', s, {})).status).toBe(200);
    clock.now = new Date(MONDAY_11.getTime() + 30_000 + 60_000); // no heartbeat for a minute
    const later = await offer();
    expect(later.actions).not.toContain('handoff.live');
    expect(later.text).not.toMatch(/gerade online/);
    expect(later.text).toMatch(/Gerade ist leider niemand frei/);
  });

  it('ends live chat at once when the last console tab closes, and a new tab brings it back', async () => {
    clock.now = new Date(MONDAY_11.getTime() + 10 * 60_000);
    const s = await login();
    await post('/staff/api/heartbeat', s, {});
    expect((await offer()).actions).toContain('handoff.live');
    expect((await post('/staff/api/heartbeat', s, { leaving: true })).body.staffOnline).toBe(0);
    expect((await offer()).actions).not.toContain('handoff.live');
    await post('/staff/api/heartbeat', s, {});
    expect((await offer()).actions).toContain('handoff.live');
  });

  it('keeps "not available" across a closed and a reopened tab', async () => {
    clock.now = new Date(MONDAY_11.getTime() + 20 * 60_000);
    const s = await login();
    await post('/staff/api/presence', s, { available: false });
    await post('/staff/api/heartbeat', s, { leaving: true });
    const back = await post('/staff/api/heartbeat', s, {});
    expect(back.body).toEqual({ staffOnline: 0, available: false });
    await post('/staff/api/presence', s, { available: true });
  });

  it('refuses a heartbeat without a session or CSRF token', async () => {
    const s = await login();
    expect((await post('/staff/api/heartbeat', { cookie: '', csrf: '' }, {})).status).toBe(401);
    expect((await post('/staff/api/heartbeat', { cookie: s.cookie, csrf: 'forged' }, {})).status).toBe(403);
  });
});

describe('outside the live-chat hours', () => {
  it('says the live chat is closed now and when it opens, in German and in Ukrainian', async () => {
    clock.now = SATURDAY_NIGHT; // Saturday 22:00 in Berlin; live chat Mon–Fri from 09:00
    const s = await login();
    await post('/staff/api/heartbeat', s, {});
    const de = await offer('de');
    expect(de.actions).not.toContain('handoff.live');
    expect(de.text).toMatch(/Live-Chat \(.*\): gerade geschlossen\. Er ist wieder offen am Montag um 09:00 Uhr\./);
    const uk = await offer('uk');
    expect(uk.text).toMatch(/зараз закритий\. Знову відкриється понеділок, о 09:00/);
  });

  it('says "tomorrow" on the evening before and "today" in the morning before opening', async () => {
    clock.now = new Date('2026-11-23T19:00:00Z'); // Monday 20:00 in Berlin
    expect((await offer('en')).text).toMatch(/closed right now\. It opens again tomorrow at 09:00\./);
    clock.now = new Date('2026-11-24T06:00:00Z'); // Tuesday 07:00
    expect((await offer('en')).text).toMatch(/It opens again today at 09:00\./);
  });
});
