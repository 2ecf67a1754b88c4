/**
 * The staff console API (issue 16), over real HTTP: "What Lotse understood" tells the subject in
 * German (topics, flow and step, outcome per message, the citizen's language); a request whose
 * citizen left shows `left` and cannot be claimed; a handed-back case stops its clock; quick
 * texts come from the job centre's library with the citizen's language version.
 */
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MemoryStore } from '../adapters/store/document';
import type { ActivityJson, ConversationAddress } from '../bot/core/contracts';
import { quickTextLibrary } from '../bot/handoff/quickTexts';
import { MONDAY_11, withProfile } from './helpers/handoff';

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
let week = 0;
beforeEach(() => {
  week += 1; // each test on a later Monday, 11:00: within live-chat hours, no session carried over
  clock.now = new Date(MONDAY_11.getTime() + week * 7 * 86_400_000);
});

type Session = { cookie: string; csrf: string };

async function call(method: string, path: string, s?: Session, body?: unknown) {
  const headers: Record<string, string> = {};
  if (s) Object.assign(headers, { Cookie: s.cookie, 'X-CSRF-Token': s.csrf });
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${running.origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function login(): Promise<Session> {
  const res = await fetch(`${running.origin}/staff/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'anna', password: PASSWORD }) });
  const body = await res.json();
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string, csrf: body.csrf };
}

/** A citizen who asks a question in `language`, then asks for a person and agrees to live chat with consent. */
async function citizenWaiting(language: string, question: string, person: string): Promise<string> {
  conversations += 1;
  const address: ConversationAddress = { channelId: 'directline', conversationId: `understood-${conversations}`, userId: 'u' };
  const send = async (a: ActivityJson) => (await running.lotse.bot.onActivity({ from: { id: 'u' }, ...a }, address)).activities;
  await send({ type: 'event', name: 'lotse/start', value: { language } });
  await send({ type: 'message', text: question });
  await send({ type: 'message', text: person });
  await send({ type: 'message', text: 'x', value: { action: 'handoff.live' } });
  const waiting = await send({ type: 'message', text: 'x', value: { action: 'handoff.consent', share: true } });
  const initiate = waiting.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
  return (initiate?.value as { caseId: string }).caseId;
}

describe('what Lotse understood, in German', () => {
  it('names the subject, not just "talk to a person": topic titles, outcome per message, the language', async () => {
    const s = await login();
    await call('POST', '/staff/api/heartbeat', s, {});
    const id = await citizenWaiting('uk', 'Коли приходять гроші Bürgergeld?', 'Я хочу поговорити з людиною');
    const queue = await call('GET', '/staff/api/queue', s);
    const item = queue.body.items.find((i: { case: { id: string } }) => i.case.id === id);
    expect(item.summary.topics.map((t: { title: string }) => t.title)).not.toContain('Mit einem Menschen sprechen');
    expect(item.summary.topics.length).toBeGreaterThan(0);
    expect(item.summary.headline).toMatch(/^Thema: .+ · Sprache: Ukrainisch$/);
    expect(item.summary.language).toEqual({ code: 'uk', name: 'Ukrainisch', rtl: false });
    const view = await call('GET', `/staff/api/cases/${id}`, s);
    const outcomes = view.body.summary.outcomes as Array<{ label: string; topic?: string }>;
    expect(outcomes[0]).toMatchObject({ label: 'beantwortet', topic: item.summary.topics[0].title });
    expect(outcomes[1]).toMatchObject({ label: 'Mensch angeboten' });
  });

  it('names the flow and its step when the citizen asked from inside a guided flow', async () => {
    const s = await login();
    await call('POST', '/staff/api/heartbeat', s, {});
    conversations += 1;
    const address: ConversationAddress = { channelId: 'directline', conversationId: `understood-${conversations}`, userId: 'u' };
    const send = async (a: ActivityJson) => (await running.lotse.bot.onActivity({ from: { id: 'u' }, ...a }, address)).activities;
    await send({ type: 'event', name: 'lotse/start', value: { language: 'ar', flow: 'portal_registration' } });
    await send({ type: 'message', text: 'x', value: { action: 'flow', flow: 'portal_registration', cmd: 'go', at: 'open_portal', to: 'choose_login' } });
    await send({ type: 'message', text: 'x', value: { action: 'flow', flow: 'portal_registration', cmd: 'person', at: 'choose_login' } });
    await send({ type: 'message', text: 'x', value: { action: 'handoff.live' } });
    const waiting = await send({ type: 'message', text: 'x', value: { action: 'handoff.consent', share: false } });
    const id = (waiting.find((a) => a.name === 'handoff.initiate')?.value as { caseId: string }).caseId;
    const queue = await call('GET', '/staff/api/queue', s);
    const item = queue.body.items.find((i: { case: { id: string } }) => i.case.id === id);
    expect(item.summary.headline).toMatch(/Anleitung „Anmeldung bei Jobcenter\.digital“, Schritt 2 von 8/);
    expect(item.summary.language).toEqual({ code: 'ar', name: 'Arabisch', rtl: true });
  });
});

describe('a citizen who left', () => {
  it('shows `left`, stops the clock and refuses the claim with a clear 409', async () => {
    const s = await login();
    await call('POST', '/staff/api/heartbeat', s, {});
    const id = await citizenWaiting('de', 'Wann kommt das Geld?', 'Ich möchte mit einem Menschen sprechen');
    const fresh = (await call('GET', '/staff/api/queue', s)).body.items.find((i: { case: { id: string } }) => i.case.id === id);
    expect(fresh).toMatchObject({ left: false, clockRunning: true });
    clock.now = new Date(clock.now.getTime() + 31 * 60_000);
    Object.assign(s, await login()); // the console session would have been kept alive by its heartbeat
    const queue = await call('GET', '/staff/api/queue', s);
    const item = queue.body.items.find((i: { case: { id: string } }) => i.case.id === id);
    expect(item).toMatchObject({ left: true, clockRunning: false });
    const claim = await call('POST', `/staff/api/cases/${id}/claim`, s, { etag: item.etag });
    expect(claim.status).toBe(409);
    expect(claim.body.error).toEqual({ code: 'left', message: 'Die Person hat den Chat verlassen. Diese Anfrage kann nicht mehr übernommen werden.' });
    clock.now = new Date(clock.now.getTime() + 10 * 60_000);
    const later = (await call('GET', '/staff/api/queue', s)).body.items.find((i: { case: { id: string } }) => i.case.id === id);
    expect(later.waitingSeconds).toBe(item.waitingSeconds);
    expect(item.waitingSeconds).toBe(30 * 60); // stopped when the citizen's live window ran out
  });
});

describe('a handed-back case', () => {
  it('stops its waiting clock', async () => {
    const s = await login();
    await call('POST', '/staff/api/heartbeat', s, {});
    const id = await citizenWaiting('de', 'Wann kommt das Geld?', 'Ich möchte mit einem Menschen sprechen');
    const item = (await call('GET', '/staff/api/queue', s)).body.items.find((i: { case: { id: string } }) => i.case.id === id);
    expect((await call('POST', `/staff/api/cases/${id}/claim`, s, { etag: item.etag })).status).toBe(200);
    clock.now = new Date(clock.now.getTime() + 90_000);
    expect((await call('POST', `/staff/api/cases/${id}/handback`, s, {})).status).toBe(200);
    const closed = (await call('GET', '/staff/api/queue', s)).body.items.find((i: { case: { id: string } }) => i.case.id === id);
    expect(closed).toMatchObject({ clockRunning: false, waitingSeconds: 90 });
    clock.now = new Date(clock.now.getTime() + 20 * 60_000);
    Object.assign(s, await login());
    const later = (await call('GET', '/staff/api/queue', s)).body.items.find((i: { case: { id: string } }) => i.case.id === id);
    expect(later.waitingSeconds).toBe(90);
  });
});

describe('quick texts', () => {
  it('lists the library in German with the citizen\'s language version, and sends that version', async () => {
    const s = await login();
    await call('POST', '/staff/api/heartbeat', s, {});
    const id = await citizenWaiting('ar', 'متى يصل المال؟', 'أريد التحدث مع موظف');
    const list = await call('GET', `/staff/api/quick-texts?case=${id}`, s);
    expect(list.body.language).toBe('ar');
    const moment = list.body.items.find((q: { key: string }) => q.key === 'moment');
    expect(moment.text).toMatch(/Einen Moment/);
    expect(moment.translation).toMatchObject({ language: 'ar', translated: true });
    expect(moment.translation.text).toMatch(/[\u0600-\u06FF]/);
    const item = (await call('GET', '/staff/api/queue', s)).body.items.find((i: { case: { id: string } }) => i.case.id === id);
    await call('POST', `/staff/api/cases/${id}/claim`, s, { etag: item.etag });
    const sent = await call('POST', `/staff/api/cases/${id}/reply`, s, { quickText: 'moment' });
    expect([204, 410]).toContain(sent.status); // 410 when the test's Direct Line conversation cannot receive
    expect((await call('POST', `/staff/api/cases/${id}/reply`, s, { quickText: 'no_such_text' })).status).toBe(400);
  });

  it('refuses an unknown language or case', async () => {
    const s = await login();
    expect((await call('GET', '/staff/api/quick-texts?language=xx', s)).status).toBe(400);
    expect((await call('GET', '/staff/api/quick-texts?case=unknown-case-id-1234', s)).status).toBe(404);
    expect((await call('GET', '/staff/api/quick-texts?language=uk', s)).body.items[0].translation.language).toBe('uk');
  });

  it('uses the job centre\'s own library from its profile, marking texts without a translation', () => {
    const profile = withProfile((p) => ({
      ...p,
      quickTexts: [
        { key: 'documents_post', texts: { de: 'Sie können die Unterlagen auch an {{address}} schicken.', uk: 'Ви також можете надіслати документи на адресу {{address}}.' } },
        { key: 'interpreter', texts: { de: 'Wir können einen Dolmetscher organisieren.' } },
      ],
    })).snapshot.profile;
    const uk = quickTextLibrary(profile, 'uk');
    expect(uk.map((q) => q.key)).toEqual(['documents_post', 'interpreter']);
    expect(uk[0]?.translation).toEqual({ language: 'uk', text: 'Ви також можете надіслати документи на адресу Beispielstraße 1, 12345 Musterstadt.', translated: true });
    expect(uk[1]?.translation).toMatchObject({ text: 'Wir können einen Dolmetscher organisieren.', translated: false });
  });
});
