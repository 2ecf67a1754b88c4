/**
 * Headers every response carries (nosniff; HSTS behind HTTPS), embedding limited to the
 * configured origins, and the admin token protected against guessing.
 */
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MemoryStore } from '../adapters/store/document';

const ADMIN = 'admin-token-0123456789abcdef';
let running: TestLotse;
const clock = { now: new Date('2026-03-02T10:00:00Z') };

beforeAll(async () => {
  running = await startTestLotse({ now: () => clock.now, store: new MemoryStore(), env: { ADMIN_TOKEN: ADMIN, ALLOWED_ORIGINS: 'https://www.musterstadt.example' } });
}, 120_000);
afterAll(async () => {
  await running?.stop();
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${running.origin}${path}`, { headers });

it.each(['/', '/healthz', '/staff/api/queue', '/api/ask', '/v3/directline/conversations', '/no-such-page'])('%s says nosniff', async (path) => {
  const res = await get(path);
  await res.arrayBuffer();
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});

it('sends HSTS only when the request came over HTTPS through the proxy', async () => {
  const viaHttps = await get('/healthz', { 'X-Forwarded-Proto': 'https' });
  expect(viaHttps.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  const plain = await get('/healthz');
  expect(plain.headers.get('strict-transport-security')).toBeNull();
});

it('lets only the configured origins embed the chat page', async () => {
  const res = await get('/');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/frame-ancestors 'self' https:\/\/www\.musterstadt\.example/);
  expect(csp).not.toMatch(/frame-ancestors \*/);
});

describe('the admin token', () => {
  const reload = (token: string, from: string): Promise<Response> =>
    fetch(`${running.origin}/admin/staff/lockouts`, { headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': from } });

  it('after repeated wrong tokens, an address waits longer and longer (429), even with the right token', async () => {
    for (let i = 0; i < 6; i++) expect((await reload(`wrong-${i}`, '203.0.113.77')).status).toBe(401);
    const blocked = await reload(ADMIN, '203.0.113.77');
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual({ error: { code: 'TooManyAttempts', message: expect.any(String) } });
    const first = Number(blocked.headers.get('retry-after'));
    clock.now = new Date(clock.now.getTime() + first * 1000);
    expect((await reload('wrong-again', '203.0.113.77')).status).toBe(401);
    const second = Number((await reload(ADMIN, '203.0.113.77')).headers.get('retry-after'));
    expect(second).toBeGreaterThan(first);
  });

  it('does not slow down the admin at another address', async () => {
    expect((await reload(ADMIN, '198.51.100.1')).status).toBe(200);
  });
});
