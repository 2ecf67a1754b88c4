/**
 * The staff console's HTTP side on the real server: login with scrypt accounts, cookie flags,
 * CSRF, lockout, expired sessions, forged and concurrent claims, two tabs of one staff member,
 * replies to closed conversations — and the pages with their security headers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Lotse } from '../app/bootstrap';
import { StaffAccounts, verifyPassword } from '../adapters/staff/accounts';
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MemoryStore } from '../adapters/store/document';
import type { ConversationAddress } from '../bot/core/contracts';
import { MONDAY_11 } from './helpers/handoff';

const PASSWORD = 'correct horse battery staple';

let running: TestLotse;
let lotse: Lotse;
let dataDir: string;
let base: string;
const clock = { now: MONDAY_11 };

beforeAll(async () => {
  const staff = ['anna:Anna Schmidt', 'ben:Ben Yilmaz', 'carla:Carla Nowak'].map((s) => {
    const [username, displayName] = s.split(':') as [string, string];
    return { username, displayName, password: PASSWORD };
  });
  running = await startTestLotse({ now: () => clock.now, store: new MemoryStore(), staff });
  ({ lotse, dataDir, origin: base } = running);
});

afterAll(async () => {
  await running?.stop();
});

beforeEach(() => {
  clock.now = new Date(clock.now.getTime() + 60 * 60_000); // each test an hour later: no lockout carries over
});

interface Res {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape
  body: any;
}

async function request(method: string, url: string, options: { cookie?: string; csrf?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.csrf) headers['X-CSRF-Token'] = options.csrf;
  if (options.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${url}`, { method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body };
}

interface StaffSession {
  cookie: string;
  csrf: string;
  setCookie: string;
}

async function login(username: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<StaffSession> {
  const res = await request('POST', '/staff/api/login', { body: { username, password }, headers });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] as string, csrf: res.body.csrf, setCookie };
}

let conversations = 0;
/** A waiting live request in the queue, as the bot creates it. */
async function waitingCase(): Promise<{ id: string; etag: string }> {
  conversations += 1;
  const address: ConversationAddress = { channelId: 'directline', conversationId: `conv-${conversations}`, userId: 'u' };
  const opened = await lotse.handoff.open({ address, language: 'ar', kind: 'live', reason: 'request', consent: true, topics: ['payment_missing'] });
  const item = (await lotse.handoff.queue()).find((i) => i.case.id === opened.case.id);
  return { id: opened.case.id, etag: item?.etag as string };
}

describe('staff login', () => {
  it('sets an httpOnly, SameSite=Strict session cookie limited to /staff, Secure behind HTTPS', async () => {
    const plain = await login('anna');
    expect(plain.setCookie).toMatch(/^lotse_staff=[A-Za-z0-9_-]{40,};/);
    expect(plain.setCookie).toMatch(/; HttpOnly/);
    expect(plain.setCookie).toMatch(/; SameSite=Strict/);
    expect(plain.setCookie).toMatch(/; Path=\/staff/);
    expect(plain.setCookie).not.toMatch(/Secure/); // plain http on 127.0.0.1
    const proxied = await login('anna', PASSWORD, { 'X-Forwarded-Proto': 'https' });
    expect(proxied.setCookie).toMatch(/; Secure/);
    const me = await request('GET', '/staff/api/session', { cookie: plain.cookie });
    expect(me.body.staff).toEqual({ id: 'anna', displayName: 'Anna Schmidt' });
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await request('POST', '/staff/api/login', { body: { username: 'mallory', password: PASSWORD } });
    const wrong = await request('POST', '/staff/api/login', { body: { username: 'ben', password: 'wrong password!!' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('locks a user name after five failures — even the right password — until the lock expires', async () => {
    for (let i = 0; i < 5; i++) expect((await request('POST', '/staff/api/login', { body: { username: 'carla', password: `wrong-${i}-password` } })).status).toBe(401);
    const locked = await request('POST', '/staff/api/login', { body: { username: 'carla', password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.headers.get('set-cookie')).toBeNull();
    clock.now = new Date(clock.now.getTime() + 16 * 60_000);
    await expect(login('carla')).resolves.toMatchObject({ csrf: expect.any(String) });
  });

  it('ends a session after the idle time', async () => {
    const s = await login('anna');
    expect((await request('GET', '/staff/api/queue', { cookie: s.cookie })).status).toBe(200);
    clock.now = new Date(clock.now.getTime() + 31 * 60_000);
    const expired = await request('GET', '/staff/api/queue', { cookie: s.cookie });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('session_expired');
    expect((await request('POST', `/staff/api/cases/${(await waitingCase()).id}/claim`, { cookie: s.cookie, csrf: s.csrf, body: {} })).status).toBe(401);
  });

  it('stores only scrypt hashes, in a file only the service can read', async () => {
    const file = path.join(dataDir, 'staff.json');
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw).not.toContain(PASSWORD);
    const account = JSON.parse(raw).accounts[0];
    expect(account.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(verifyPassword(PASSWORD, account.passwordHash)).resolves.toBe(true);
    await expect(verifyPassword('not it', account.passwordHash)).resolves.toBe(false);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    await expect(new StaffAccounts(file).add('xaver', 'Xaver Y', 'short')).rejects.toThrow(/at least 12/);
  });
});

describe('CSRF and forged requests', () => {
  it('refuses state changes without the session CSRF token, from another origin, or not as JSON', async () => {
    const s = await login('anna');
    const { id, etag } = await waitingCase();
    const claim = (init: Parameters<typeof request>[2]) => request('POST', `/staff/api/cases/${id}/claim`, init);
    expect((await claim({ cookie: s.cookie, body: { etag } })).status).toBe(403);
    expect((await claim({ cookie: s.cookie, csrf: 'forged-token', body: { etag } })).status).toBe(403);
    expect((await claim({ cookie: s.cookie, csrf: s.csrf, body: { etag }, headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await claim({ cookie: s.cookie, csrf: s.csrf, body: `etag=${etag}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await claim({ body: { etag } })).status).toBe(401);
    expect((await lotse.handoff.read(id))?.value.status).toBe('waiting'); // none of it claimed the case
    const ok = await claim({ cookie: s.cookie, csrf: s.csrf, body: { etag }, headers: { Origin: base } });
    expect(ok.status).toBe(200);
  });

  it('acts as the session user whatever the body claims, and refuses unknown or malformed case ids', async () => {
    const s = await login('anna');
    const { id, etag } = await waitingCase();
    const res = await request('POST', `/staff/api/cases/${id}/claim`, { cookie: s.cookie, csrf: s.csrf, body: { etag, staff: { id: 'ben', displayName: 'Ben' } } });
    expect(res.body.case.claimedBy).toEqual({ id: 'anna', displayName: 'Anna Schmidt' });
    expect((await request('POST', '/staff/api/cases/unknown-case-id-1234/claim', { cookie: s.cookie, csrf: s.csrf, body: {} })).status).toBe(404);
    expect((await request('POST', '/staff/api/cases/..%2F..%2Fetc/claim', { cookie: s.cookie, csrf: s.csrf, body: {} })).status).toBe(404);
    expect((await request('POST', `/staff/api/cases/${id}/close`, { cookie: s.cookie, csrf: s.csrf, body: { outcome: 'handed_back' } })).status).toBe(400);
  });

  it('never shows the citizen channel address to staff', async () => {
    const s = await login('anna');
    await waitingCase();
    const queue = await request('GET', '/staff/api/queue', { cookie: s.cookie });
    expect(JSON.stringify(queue.body)).not.toContain('conv-');
    expect(queue.body.items[0].case.channel).toBe('directline');
  });
});

describe('claims and replies over HTTP', () => {
  it('lets only one of two staff members claim a conversation at the same time', async () => {
    const [anna, ben] = await Promise.all([login('anna'), login('ben')]);
    const { id, etag } = await waitingCase();
    const results = await Promise.all([anna, ben].map((s) => request('POST', `/staff/api/cases/${id}/claim`, { cookie: s.cookie, csrf: s.csrf, body: { etag } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409);
    expect(loser?.body.error.message).toMatch(/Bereits übernommen von (Anna Schmidt|Ben Yilmaz)/);
  });

  it('treats two tabs of one staff member as one: claiming again from the second tab is fine; logging out ends both', async () => {
    const tab = await login('anna');
    const tab2 = { ...tab }; // a second tab shares the browser's cookie
    const { id, etag } = await waitingCase();
    expect((await request('POST', `/staff/api/cases/${id}/claim`, { cookie: tab.cookie, csrf: tab.csrf, body: { etag } })).status).toBe(200);
    expect((await request('POST', `/staff/api/cases/${id}/claim`, { cookie: tab2.cookie, csrf: tab2.csrf, body: { etag } })).status).toBe(200);
    expect((await request('POST', '/staff/api/logout', { cookie: tab.cookie, csrf: tab.csrf, body: {} })).status).toBe(204);
    expect((await request('GET', '/staff/api/queue', { cookie: tab2.cookie })).status).toBe(401);
  });

  it('refuses a reply to a closed conversation with a clear message', async () => {
    const s = await login('anna');
    const { id, etag } = await waitingCase();
    await request('POST', `/staff/api/cases/${id}/claim`, { cookie: s.cookie, csrf: s.csrf, body: { etag } });
    const closed = await request('POST', `/staff/api/cases/${id}/close`, { cookie: s.cookie, csrf: s.csrf, body: { outcome: 'resolved' } });
    expect(closed.status).toBe(200);
    const reply = await request('POST', `/staff/api/cases/${id}/reply`, { cookie: s.cookie, csrf: s.csrf, body: { text: 'Noch eine Frage?' } });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('closed');
  });

  it('reports a citizen who left: the reply is refused as gone, nothing pretends to be delivered', async () => {
    const s = await login('anna');
    const { id, etag } = await waitingCase(); // its Direct Line conversation does not exist: delivery fails
    const claim = await request('POST', `/staff/api/cases/${id}/claim`, { cookie: s.cookie, csrf: s.csrf, body: { etag } });
    expect(claim.status).toBe(200);
    const reply = await request('POST', `/staff/api/cases/${id}/reply`, { cookie: s.cookie, csrf: s.csrf, body: { text: 'Hallo?' } });
    expect(reply.status).toBe(410);
    const view = await request('GET', `/staff/api/cases/${id}`, { cookie: s.cookie });
    expect(view.body.case.citizenGone).toBe(true);
  });

  it('lists quick texts in German for staff', async () => {
    const s = await login('anna');
    const res = await request('GET', '/staff/api/quick-texts', { cookie: s.cookie });
    expect(res.body.items.map((q: { key: string }) => q.key)).toEqual(['moment', 'documents', 'appointment', 'phone', 'goodbye']);
    expect(res.body.items[0].text).toMatch(/Moment/);
  });
});

describe('the console pages', () => {
  it('serves the console with a strict content security policy and no caching', async () => {
    const page = await request('GET', '/staff');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const strings = await request('GET', '/staff/locales/de.json');
    expect(strings.body.queue.subject).toBe('Was Lotse verstanden hat');
    expect((await request('GET', '/staff/api/nothing-here')).status).toBe(401);
  });
});
