/**
 * Erasure on request: a citizen says "delete my data" in their language, confirms, and nothing
 * about the conversation or the user remains in any collection of the store (memory and lowdb,
 * on disk too) — transcript, state, flow record, callback phone number, open cases (staff see
 * "erased by the citizen"). An admin erases by conversation id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MemoryStore } from '../adapters/store/document';
import { COLLECTIONS } from '../bot/state';
import { asksForErasure, PRIVACY_COLLECTION } from '../bot/privacy/erasure';
import type { ActivityJson, ConversationAddress } from '../bot/core/contracts';
import type { Store } from '../bot/core/store';
import type { LotseBot } from '../bot/lotseBot';
import { buttonsOf, MONDAY_11 } from './helpers/handoff';

const ADMIN = 'admin-token-0123456789abcdef';
const PHONE = '0170 9876543';
const clock = { now: MONDAY_11 };
const ALL = [...Object.values(COLLECTIONS), PRIVACY_COLLECTION];

async function everything(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const c of ALL) for (const item of await store.list(c)) parts.push(`${c}/${item.key} ${JSON.stringify(item.value)}`);
  return parts.join('\n');
}

function msg(text: string, value?: unknown, locale = 'de'): ActivityJson {
  return { type: 'message', text, locale, ...(value ? { value } : {}), from: { id: 'citizen-7' } } as ActivityJson;
}

/** A conversation with something of every kind stored about it. */
async function richConversation(running: TestLotse, conversationId: string): Promise<ConversationAddress> {
  const address: ConversationAddress = { channelId: 'directline', conversationId, userId: `user-of-${conversationId}` };
  const { bot, store, handoff } = running.lotse;
  await bot.onActivity(msg('Ich heiße Anna Schmidt und habe eine Frage zum Bürgergeld'), address);
  await bot.onActivity(msg('Wann kommt mein Geld?'), address);
  await store.write(COLLECTIONS.users, `${address.channelId}:${address.userId}`, { flows: {} });
  await handoff.open({ address, language: 'de', kind: 'callback', reason: 'request', consent: true, topics: [], callback: { phone: PHONE, preferredTime: 'morning' } });
  await handoff.open({ address, language: 'de', kind: 'live', reason: 'request', consent: true, topics: [] });
  const before = await everything(store);
  expect(before).toContain(conversationId);
  expect(before).toContain(PHONE);
  return address;
}

describe.each([
  ['memory store', () => new MemoryStore()],
  ['embedded store', () => undefined],
])('with the %s', (_name, makeStore) => {
  let running: TestLotse;
  beforeAll(async () => {
    running = await startTestLotse({ now: () => clock.now, store: makeStore(), env: { ADMIN_TOKEN: ADMIN } });
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });

  it('erases everything about the conversation after the citizen confirms, and staff see it was erased', async () => {
    const address = await richConversation(running, 'conv-erase-1');
    const other = await richConversation(running, 'conv-keep-1');
    const { bot, store } = running.lotse;

    const ask = await bot.onActivity(msg('Bitte löschen Sie meine Daten'), address);
    const buttons = buttonsOf(ask.activities);
    expect(buttons.map((b) => b.title)).toEqual(['Ja, alles löschen', 'Nein, behalten']);
    expect(await everything(store)).toContain('conv-erase-1'); // nothing erased before the yes

    const done = await bot.onActivity(msg('ja'), address);
    expect(String(done.activities[0]?.text)).toMatch(/gelöscht/);

    const after = await everything(store);
    expect(after).not.toContain('conv-erase-1');
    expect(after).not.toContain('user-of-conv-erase-1');
    expect(after.split('\n').filter((l) => l.includes(PHONE))).toHaveLength(1); // only the other conversation's callback
    expect(after).toContain('conv-keep-1');
    expect(await store.read(COLLECTIONS.users, `directline:${other.userId}`)).toBeDefined();

    const queue = await running.lotse.handoff.queue();
    const erased = queue.filter((i) => i.case.outcome === 'citizen_erased');
    expect(erased).toHaveLength(2);
    expect(erased.every((i) => i.case.status === 'closed')).toBe(true);

    // The answer itself left no trace: a later message starts afresh.
    expect(await store.read(COLLECTIONS.conversations, (bot as LotseBot).keys.conversation(address))).toBeUndefined();
    expect(await store.read(COLLECTIONS.transcripts, (bot as LotseBot).keys.conversation(address))).toBeUndefined();
  });

  it('keeps everything when the citizen says no', async () => {
    const address = await richConversation(running, 'conv-no-1');
    const { bot, store } = running.lotse;
    await bot.onActivity(msg('delete my data', undefined, 'en'), address);
    const kept = await bot.onActivity(msg('', { action: 'privacy.erase', confirm: false }), address);
    expect(String(kept.activities[0]?.text)).toMatch(/nichts gelöscht|nothing/);
    expect(await everything(store)).toContain('conv-no-1');
    expect(await store.read(COLLECTIONS.transcripts, (bot as LotseBot).keys.conversation(address))).toBeDefined();
  });

  it('an admin erases by conversation id', async () => {
    await richConversation(running, 'conv-admin-1');
    const res = await fetch(`${running.origin}/admin/erase`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ conversationId: 'conv-admin-1' }) });
    expect(res.status).toBe(200);
    const after = await everything(running.lotse.store);
    expect(after).not.toContain('conv-admin-1');
    expect(after).not.toContain('user-of-conv-admin-1');
  });

  if (_name === 'embedded store') {
    it('leaves nothing of an erased conversation in the files on disk', async () => {
      await richConversation(running, 'conv-disk-1');
      await running.lotse.bot.onActivity(msg('/delete'), { channelId: 'directline', conversationId: 'conv-disk-1', userId: 'user-of-conv-disk-1' });
      await running.lotse.bot.onActivity(msg('', { action: 'privacy.erase', confirm: true }), { channelId: 'directline', conversationId: 'conv-disk-1', userId: 'user-of-conv-disk-1' });
      await running.lotse.store.close();
      const dir = path.join(running.dataDir, 'store');
      const onDisk = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
      expect(onDisk).not.toContain('conv-disk-1');
      expect(onDisk).not.toContain('user-of-conv-disk-1');
    });
  }
});

describe('"delete my data" is understood in every language', () => {
  it.each([
    ['de', 'Löschen Sie bitte meine Daten!'],
    ['de-x-ls', 'Alles löschen bitte'],
    ['en', 'Please delete my data'],
    ['uk', 'Видаліть мої дані, будь ласка'],
    ['ru', 'Удалите мои данные'],
    ['ar', 'من فضلك احذف بياناتي'],
    ['tr', 'Lütfen verilerimi silin'],
    ['fa', 'لطفا اطلاعاتم را پاک کن'],
    ['ro', 'Vă rog ștergeți datele mele'],
    ['bg', 'Моля, изтрийте данните ми'],
    ['pl', 'Proszę usunąć moje dane'],
    ['fr', 'Supprimez mes données svp'],
    ['command', '/delete'],
  ])('%s: %s', (_lang, text) => {
    expect(asksForErasure(text)).toBe(true);
  });

  it('an ordinary question is not a request to erase', () => {
    expect(asksForErasure('Wann kommt mein Geld?')).toBe(false);
    expect(asksForErasure('Muss ich Daten zu meinem Einkommen angeben?')).toBe(false);
  });
});
