import { startTestLotse, type TestLotse } from './helpers/lotse-server';

let lotse: TestLotse;
beforeAll(async () => {
  lotse = await startTestLotse();
});
afterAll(async () => {
  await lotse.stop();
});

async function ask(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${lotse.origin}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/ask gives other portals the same answers as the chat', () => {
  it('answers a German question with entry, sources and validity', async () => {
    const { status, json } = await ask({ text: 'Wie hoch ist der Regelsatz 2026?', lang: 'de' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ outcome: 'answer', language: 'de', entryId: 'standard_rates' });
    expect(json.text).toContain('563');
    expect((json.sources as unknown[]).length).toBeGreaterThan(0);
    // The rates carry their year; validUntil is only for rules that really end (issue 14).
    expect(json.validUntil).toBeUndefined();
  });

  it('detects the language when none is given', async () => {
    const { json } = await ask({ text: 'نسيت كلمة السر للبوابة jobcenter.digital' });
    expect(json.language).toBe('ar');
    expect(json.outcome).toBe('answer');
  });

  it('returns crisis numbers for a crisis message', async () => {
    const { json } = await ask({ text: 'I want to kill myself', lang: 'en' });
    expect(json.outcome).toBe('crisis');
    expect(json.text).toContain('0800 111 0 111');
  });

  it('says no match honestly for something no entry covers', async () => {
    const { json } = await ask({ text: 'What is the best recipe for lasagne with spinach?', lang: 'en' });
    expect(json.outcome).toBe('nomatch');
  });

  it.each([
    ['malformed JSON', '{"text": ', 400],
    ['an array body', [], 400],
    ['text of the wrong type', { text: 42 }, 400],
    ['an unknown language', { text: 'hallo', lang: 'xx' }, 400],
    ['a conversation id that is too long', { text: 'hallo', conversationId: 'x'.repeat(500) }, 400],
    ['a text over 5,000 characters', { text: 'a'.repeat(6000) }, 413],
  ])('rejects %s with a clear error', async (_name, body, status) => {
    const res = await ask(body);
    expect(res.status).toBe(status);
    expect(res.json.error).toEqual(expect.objectContaining({ message: expect.any(String) }));
  });

  it('rejects a body over 16 kB', async () => {
    const res = await fetch(`${lotse.origin}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x', pad: 'y'.repeat(20_000) }) });
    expect(res.status).toBe(413);
  });

  it('limits requests per address with 429 and Retry-After, and keeps serving others', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${lotse.origin}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' }, body: JSON.stringify({ text: 'Öffnungszeiten', lang: 'de' }) });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const other = await fetch(`${lotse.origin}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.8' }, body: JSON.stringify({ text: 'Öffnungszeiten', lang: 'de' }) });
    expect(other.status).toBe(200);
  });
});
