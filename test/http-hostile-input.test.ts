/**
 * Malformed input on every JSON endpoint of the real server: a broken cookie, broken JSON and
 * wrong types get one JSON 400 envelope — never express's HTML page, a stack trace or a 500 —
 * and nothing of the body (a password!) reaches the logs.
 */
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MemoryStore } from '../adapters/store/document';

const PASSWORD = 'correct horse battery staple';
let running: TestLotse;
let base: string;
const clock = { now: new Date('2026-03-02T10:00:00Z') };
const stderr: string[] = [];
const stdout: string[] = [];
let restore: Array<() => void> = [];

beforeAll(async () => {
  running = await startTestLotse({ now: () => clock.now, store: new MemoryStore(), staff: [{ username: 'anna', displayName: 'Anna Schmidt', password: PASSWORD }], env: { ADMIN_TOKEN: 'admin-token-0123456789abcdef' } });
  base = running.origin;
}, 120_000);
afterAll(async () => {
  await running?.stop();
});
beforeEach(() => {
  clock.now = new Date(clock.now.getTime() + 3_600_000);
  const errWrite = process.stderr.write.bind(process.stderr);
  const outWrite = process.stdout.write.bind(process.stdout);
  process.stderr.write = ((chunk: unknown) => (stderr.push(String(chunk)), true)) as typeof process.stderr.write;
  process.stdout.write = ((chunk: unknown) => (stdout.push(String(chunk)), true)) as typeof process.stdout.write;
  restore = [() => (process.stderr.write = errWrite), () => (process.stdout.write = outWrite)];
});
afterEach(() => {
  for (const r of restore) r();
});

async function send(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; type: string; body: any }> {
  const res = await fetch(`${base}${path}`, { method, headers: init.headers, body: init.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body };
}

function expectEnvelope(res: { status: number; type: string; body: any }, status: number): void {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/application\/json/);
  expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
}

describe('a malformed staff cookie', () => {
  it('does not stop a staff member with the right password from logging in', async () => {
    const res = await send('POST', '/staff/api/login', {
      body: JSON.stringify({ username: 'anna', password: PASSWORD }),
      headers: { 'Content-Type': 'application/json', Cookie: 'lotse_staff=%E0%A4%A' },
    });
    expect(res.status).toBe(200);
    expect(res.body.staff.displayName).toBe('Anna Schmidt');
  });

  it('is answered as logged out (401 JSON), not as a server error', async () => {
    const res = await send('GET', '/staff/api/queue', { headers: { Cookie: 'lotse_staff=%E0%A4%A' } });
    expectEnvelope(res, 401);
  });
});

describe('malformed JSON', () => {
  it('at the staff login is a JSON 400 and the password never reaches a log', async () => {
    const res = await send('POST', '/staff/api/login', { body: '{"username":"anna","password":"SECRET-pw-12345', headers: { 'Content-Type': 'application/json' } });
    expectEnvelope(res, 400);
    expect(JSON.stringify(res.body)).not.toMatch(/SECRET|stack|at /);
    expect([...stderr, ...stdout].join('')).not.toContain('SECRET');
  });

  it.each(['/api/ask', '/api/messages', '/staff/api/presence'])('at %s is a JSON 400', async (path) => {
    const res = await send('POST', path, { body: '{"text": "Ich heiße Anna', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer admin-token-0123456789abcdef' } });
    expect([400, 401, 403]).toContain(res.status);
    expectEnvelope(res, res.status);
    expect([...stderr, ...stdout].join('')).not.toContain('Anna');
  });
});

describe('wrong types at /api/messages', () => {
  it.each([
    ['a number as text', { type: 'message', text: 42, from: 7, conversation: 'x', recipient: [], channelId: 'msteams', serviceUrl: 'https://example.org', deliveryMode: 'expectReplies' }],
    ['an array body', [1, 2, 3]],
    ['a string type', { type: { nested: true } }],
  ])('%s is a JSON 400, not a 500', async (_name, body) => {
    const res = await send('POST', '/api/messages', { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    expectEnvelope(res, 400);
  });
});

describe('a body that is no JSON object at /api/messages', () => {
  it.each([
    ['no content type', undefined, '{"type":"message","text":"hi"}'],
    ['text/plain', 'text/plain', '{"type":"message","text":"hi"}'],
    ['an empty body', undefined, undefined],
    ['JSON null', 'application/json', 'null'],
  ])('(%s) is refused with the JSON envelope, never a 500', async (_name, type, body) => {
    const res = await send('POST', '/api/messages', { body, headers: type ? { 'Content-Type': type } : {} });
    expect([400, 415]).toContain(res.status);
    expectEnvelope(res, res.status);
  });
});

describe('unknown routes under JSON APIs', () => {
  it('an unknown /staff/api path is answered in the JSON envelope', async () => {
    expectEnvelope(await send('GET', '/staff/api/nothing-here'), 401);
  });
});
