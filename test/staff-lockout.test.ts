/**
 * Nobody can lock a staff member out by guessing her password: failures slow down only the
 * (account, address) they come from, with growing waits; from her usual browser the right
 * password always gets in; admins see the throttled logins and lift them.
 */
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MemoryStore } from '../adapters/store/document';

// Every login spends one scrypt (~0.1–0.5 s on a busy machine); some tests make 40 of them.
jest.setTimeout(90_000);

const PASSWORD = 'correct horse battery staple';
const ADMIN = 'admin-token-0123456789abcdef';
let running: TestLotse;
const clock = { now: new Date('2026-03-02T10:00:00Z') };

beforeAll(async () => {
  const staff = ['anna', 'ben', 'carla', 'dora'].map((username) => ({ username, displayName: username.toUpperCase(), password: PASSWORD }));
  running = await startTestLotse({ now: () => clock.now, store: new MemoryStore(), staff, env: { ADMIN_TOKEN: ADMIN } });
}, 120_000);
afterAll(async () => {
  await running?.stop();
});
beforeEach(() => {
  clock.now = new Date(clock.now.getTime() + 2 * 3_600_000);
});

async function login(username: string, password: string, from: string, cookie?: string): Promise<{ status: number; retryAfter: number; cookies: string[] }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Forwarded-For': from };
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(`${running.origin}/staff/api/login`, { method: 'POST', headers, body: JSON.stringify({ username, password }) });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0), cookies: res.headers.getSetCookie() };
}

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${running.origin}${path}`, { method, headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const later = (ms: number): void => {
  clock.now = new Date(clock.now.getTime() + ms);
};

it('guessing from another address does not keep the staff member out', async () => {
  for (let i = 0; i < 25; i++) await login('anna', `guess-${i}-wrong-password`, '203.0.113.9');
  expect((await login('anna', PASSWORD, '203.0.113.9')).status).toBe(429);
  expect((await login('anna', PASSWORD, '198.51.100.7')).status).toBe(200);
});

it('makes the wait grow with every further failure', async () => {
  for (let i = 0; i < 5; i++) expect((await login('ben', 'wrong password here', '203.0.113.20')).status).toBe(401);
  const first = await login('ben', 'wrong password here', '203.0.113.20');
  expect(first.status).toBe(429);
  later(first.retryAfter * 1000);
  expect((await login('ben', 'wrong password here', '203.0.113.20')).status).toBe(401);
  const second = await login('ben', 'wrong password here', '203.0.113.20');
  expect(second.status).toBe(429);
  expect(second.retryAfter).toBeGreaterThan(first.retryAfter);
});

it('twenty failures from one address do not lock the other accounts there', async () => {
  for (let i = 0; i < 20; i++) await login(i % 2 ? 'ben' : 'mallory', `wrong-${i}-password!`, '10.1.1.1');
  expect((await login('carla', PASSWORD, '10.1.1.1')).status).toBe(200);
});

it("lets the right password in from the staff member's usual browser even at the attacked address", async () => {
  const first = await login('dora', PASSWORD, '10.2.2.2');
  const device = first.cookies.find((c) => c.startsWith('lotse_staff_device='))?.split(';')[0];
  expect(device).toBeDefined();
  for (let i = 0; i < 40; i++) await login(i % 4 ? 'dora' : `user${i}`, `wrong-${i}-password!`, '10.2.2.2');
  expect((await login('dora', PASSWORD, '10.2.2.2')).status).toBe(429);
  expect((await login('dora', PASSWORD, '10.2.2.2', device)).status).toBe(200);
  // The cookie is dora's: it does not help anyone guessing another account.
  for (let i = 0; i < 5; i++) await login('carla', `wrong-${i}-password!`, '10.2.2.2', device);
  expect((await login('carla', PASSWORD, '10.2.2.2', device)).status).toBe(429);
});

it('shows admins the throttled logins and lets them lift them', async () => {
  for (let i = 0; i < 8; i++) await login('anna', `guess-${i}-wrong-password`, '192.0.2.50');
  expect((await login('anna', PASSWORD, '192.0.2.50')).status).toBe(429);
  const list = await admin('GET', '/admin/staff/lockouts');
  expect(list.status).toBe(200);
  expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ account: 'anna', from: '192.0.2.50', failures: 5, waitSeconds: expect.any(Number) })]));
  expect((await admin('POST', '/admin/staff/unlock', { username: 'anna' })).body.lifted).toBeGreaterThanOrEqual(1);
  expect((await login('anna', PASSWORD, '192.0.2.50')).status).toBe(200);
});
