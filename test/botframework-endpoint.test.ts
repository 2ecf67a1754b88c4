/**
 * /api/messages (Azure Bot Service channels through the Microsoft 365 Agents SDK): who may post,
 * and that turns reach the core and come back with deliveryMode 'expectReplies'.
 */
import { call, startHarness, stubBot, type Harness } from './helpers/directline-harness';

let h: Harness | undefined;
const savedNodeEnv = process.env.NODE_ENV;
afterEach(async () => {
  process.env.NODE_ENV = savedNodeEnv;
  await h?.close();
  h = undefined;
});

function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'incoming-1',
    text: 'Wann kommt mein Geld?',
    locale: 'de-DE',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { id: 'teams-user-1', name: 'Nutzerin' },
    recipient: { id: 'lotse-bot', name: 'Lotse' },
    conversation: { id: 'teams-conversation-1' },
    deliveryMode: 'expectReplies',
    ...overrides,
  };
}

test('dev mode on loopback: an anonymous expectReplies message reaches the core and its replies come back', async () => {
  const bot = stubBot();
  h = await startHarness({ bot, config: { devMode: true } });
  const res = await call(`${h.base}/api/messages`, { body: activity() });
  expect(res.status).toBe(200);
  expect(res.body.activities).toHaveLength(1);
  expect(res.body.activities[0]).toMatchObject({
    type: 'message',
    text: 'reply: Wann kommt mein Geld?',
    conversation: { id: 'teams-conversation-1' },
    recipient: { id: 'teams-user-1' },
    replyToId: 'incoming-1',
  });
  expect(bot.calls).toHaveLength(1);
  expect(bot.calls[0].address).toEqual({
    channelId: 'botframework',
    conversationId: 'teams-conversation-1',
    userId: 'teams-user-1',
    routing: { channel: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/' },
  });
  expect(bot.calls[0].activity).toMatchObject({ type: 'message', text: 'Wann kommt mein Geld?' });
});

test('only message and event activities reach the core', async () => {
  const bot = stubBot();
  h = await startHarness({ bot });
  const update = await call(`${h.base}/api/messages`, { body: activity({ type: 'conversationUpdate', membersAdded: [{ id: 'teams-user-1' }] }) });
  expect(update.status).toBe(200);
  const event = await call(`${h.base}/api/messages`, { body: activity({ type: 'event', name: 'webchat/join', text: undefined }) });
  expect(event.status).toBe(200);
  expect(bot.calls.map((c) => c.activity.type)).toEqual(['event']);
});

test('dev mode, but relayed by a local proxy for a remote client: 401, and the core sees nothing', async () => {
  const bot = stubBot();
  h = await startHarness({ bot, config: { devMode: true } });
  const res = await call(`${h.base}/api/messages`, { body: activity(), headers: { 'X-Forwarded-For': '203.0.113.50' } });
  expect(res.status).toBe(401);
  expect(bot.calls).toHaveLength(0);
});

// With NODE_ENV=production and no client id the SDK throws at construction; the server must
// neither crash at start nor stop serving Direct Line.
test.each([
  ['not in dev mode: 401 even from loopback', false, 401],
  ['dev mode on loopback, but the SDK refuses to start: 503', true, 503],
])('NODE_ENV=production without credentials, %s; the rest keeps serving', async (_name, devMode, status) => {
  process.env.NODE_ENV = 'production';
  const bot = stubBot();
  h = await startHarness({ bot, config: { devMode } });
  const res = await call(`${h.base}/api/messages`, { body: activity() });
  expect(res.status).toBe(status);
  expect(bot.calls).toHaveLength(0);
  expect((await call(`${h.domain}/conversations`, { method: 'POST' })).status).toBe(201);
});

test('with credentials configured: no token or a bogus token gets 401 from the JWT check', async () => {
  const bot = stubBot();
  h = await startHarness({ bot, config: { devMode: true, botClientId: '00000000-0000-0000-0000-000000000001' } });
  const anonymous = await call(`${h.base}/api/messages`, { body: activity() });
  expect(anonymous.status).toBe(401);
  const bogus = await call(`${h.base}/api/messages`, { body: activity(), token: 'not.a.jwt' });
  expect(bogus.status).toBe(401);
  expect(bot.calls).toHaveLength(0);
});

test('malformed JSON gets 400 and the endpoint keeps working', async () => {
  h = await startHarness();
  const bad = await call(`${h.base}/api/messages`, { raw: '{"type":' });
  expect(bad.status).toBe(400);
  expect((await call(`${h.base}/api/messages`, { body: activity() })).status).toBe(200);
});
