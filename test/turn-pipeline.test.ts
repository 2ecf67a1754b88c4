import path from 'node:path';
import { LotseBot } from '../bot/lotseBot';
import { buildKnowledge, type Knowledge } from '../bot/knowledge';
import type { ActivityJson } from '../bot/core/contracts';
import { loadContent } from '../content/load';
import { MemoryStore } from '../adapters/store/document';
import { COLLECTIONS, type ConversationState } from '../bot/state';

const knowledge = buildKnowledge(loadContent(path.resolve(__dirname, '..', 'content'), 'musterstadt'));

function setup(getKnowledge: () => Knowledge = () => knowledge, logged: object[] = []) {
  const store = new MemoryStore();
  const log = (obj: object) => void logged.push(obj);
  const bot = new LotseBot({ knowledge: getKnowledge, store, logger: { info: log, warn: log, error: log }, pseudonym: (id) => id, now: () => new Date('2026-11-23T10:00:00Z') });
  const address = { channelId: 'test', conversationId: 'c1', userId: 'u1' };
  const say = async (text: string, extra: Partial<ActivityJson> = {}) => (await bot.onActivity({ type: 'message', text, from: { id: 'u1' }, ...extra }, address)).activities;
  const event = async (name: string, value: unknown) => (await bot.onActivity({ type: 'event', name, value, from: { id: 'u1' } }, address)).activities;
  const state = async () => (await store.read<ConversationState>(COLLECTIONS.conversations, bot.keys.conversation(address)))?.value;
  return { bot, store, say, event, state, address };
}

const texts = (activities: ActivityJson[]) => activities.map((a) => String(a.text ?? ''));
const buttons = (activity: ActivityJson | undefined) =>
  ((activity?.suggestedActions as { actions?: Array<{ title: string; value: { action: string } }> } | undefined)?.actions ?? []);

describe('the turn pipeline', () => {
  it('welcomes in the page language with topic buttons and a way to a person', async () => {
    const { event } = setup();
    const [welcome] = await event('lotse/start', { language: 'ar' });
    expect(welcome?.locale).toBe('ar');
    expect(welcome?.text).toMatch(/[\u0600-\u06FF]/);
    expect(buttons(welcome).some((b) => b.value.action === 'handoff')).toBe(true);
    expect(buttons(welcome).filter((b) => b.value.action === 'entry').length).toBeGreaterThanOrEqual(3);
  });

  it('answers with sources, the checked-on date and the local phone number filled in', async () => {
    const { event, say } = setup();
    await event('lotse/language', { language: 'de' });
    const [answer] = await say('Wie erreiche ich das Jobcenter?');
    expect(answer?.text).toContain('01234 5678-0');
    expect(answer?.text).toMatch(/Quelle: \[.+\]\(https:\/\/.+\)/);
    expect(answer?.text).not.toContain('{{');
  });

  it('switches to the language a citizen writes in, and says so', async () => {
    const { event, say, state } = setup();
    await event('lotse/start', { language: 'de' });
    const replies = await say('коли прийдуть гроші на рахунок цього місяця');
    expect(replies[0]?.locale).toBe('uk');
    expect(texts(replies).join(' ')).toMatch(/[іїє]/);
    expect((await state())?.language).toBe('uk');
  });

  it('keeps the language the citizen chose, even when a message looks like another one', async () => {
    const { event, say } = setup();
    await event('lotse/language', { language: 'en' });
    const replies = await say('Wann kommt das Geld auf mein Konto?');
    expect(replies[0]?.locale).toBe('en');
  });

  it('gives crisis numbers first and then offers a person', async () => {
    const { event, say } = setup();
    await event('lotse/language', { language: 'de' });
    const replies = await say('Ich will nicht mehr leben');
    expect(replies[0]?.text).toMatch(/112/);
    expect(replies[0]?.text).toMatch(/0800 111 0 111/);
    expect(replies.length).toBeGreaterThanOrEqual(2);
  });

  it('offers a person after two misunderstandings in a row', async () => {
    const { event, say } = setup();
    await event('lotse/language', { language: 'de' });
    const first = await say('Wie backe ich einen Apfelkuchen mit Zimt?');
    expect(first).toHaveLength(1);
    const second = await say('Welche Farbe hat der Himmel über dem Meer?');
    expect(texts(second).join('\n')).toContain('01234 5678-0');
  });

  it('answers a button press for an entry, and politely handles a forged or outdated one', async () => {
    const { event, say } = setup();
    await event('lotse/language', { language: 'en' });
    const [answer] = await say('When is the money paid?', { value: { action: 'entry', id: 'payment_date' } });
    expect((answer?.channelData as { lotse: { entryId: string } }).lotse.entryId).toBe('payment_date');
    const [unknown] = await say('x', { value: { action: 'entry', id: '../../etc/passwd' } });
    expect((unknown?.channelData as { lotse: { outcome: string } }).lotse.outcome).toBe('nomatch');
  });

  it('asks for words when a message has none', async () => {
    const { event, say } = setup();
    await event('lotse/language', { language: 'tr' });
    const [reply] = await say('🙂🙂🙂');
    expect(reply?.locale).toBe('tr');
    expect(reply?.text).not.toBe('');
  });

  it('apologises in the citizen language when a turn fails, and leaves the stored state as it was', async () => {
    let broken = false;
    const { event, say, state } = setup(() => {
      if (broken) throw new Error('index unavailable');
      return knowledge;
    });
    await event('lotse/language', { language: 'ar' });
    const before = await state();
    broken = true;
    const replies = await say('متى يصل المال');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.locale).toBe('ar');
    expect(replies[0]?.text).toMatch(/[\u0600-\u06FF]/);
    expect(await state()).toEqual(before);
    broken = false;
    expect((await say('متى يصل المال')).length).toBeGreaterThan(0);
  });

  it('never logs the message of an error in a failed turn, which may quote what the citizen wrote', async () => {
    const logged: object[] = [];
    let broken = false;
    const { say } = setup(() => {
      if (broken) throw new Error('could not match "Ich heiße Erika Mustermann"');
      return knowledge;
    }, logged);
    await say('Hallo');
    broken = true;
    await say('Ich heiße Erika Mustermann');
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain('Mustermann');
    expect(JSON.stringify(logged)).toContain('turn.failed');
  });

  it('stores a transcript with phone numbers and IBANs masked', async () => {
    const { event, say, store, bot, address } = setup();
    await event('lotse/language', { language: 'de' });
    await say('Meine Nummer ist 0171 2345678 und IBAN DE89 3704 0044 0532 0130 00');
    const transcript = await store.read<Array<{ text: string }>>(COLLECTIONS.transcripts, bot.keys.conversation(address));
    const all = JSON.stringify(transcript?.value);
    expect(all).not.toContain('2345678');
    expect(all).not.toContain('3704');
    expect(all).toContain('[TELEFON]');
    expect(all).toContain('[IBAN]');
  });
});

describe('retention', () => {
  it('counts from the conversation start: a later turn does not keep the conversation longer', async () => {
    const store = new MemoryStore();
    let now = new Date('2026-11-23T10:00:00Z');
    const log = () => undefined;
    const bot = new LotseBot({ knowledge: () => knowledge, store, logger: { info: log, warn: log, error: log }, pseudonym: (id) => id, now: () => now });
    const address = { channelId: 'test', conversationId: 'c-retention', userId: 'u1' };
    await bot.onActivity({ type: 'message', text: 'Wann kommt das Geld?', from: { id: 'u1' } }, address);
    const key = bot.keys.conversation(address);
    const first = await store.read(COLLECTIONS.conversations, key);
    const firstTranscript = await store.read(COLLECTIONS.transcripts, key);
    now = new Date('2026-11-30T10:00:00Z');
    await bot.onActivity({ type: 'message', text: 'Und was ist mit der Miete?', from: { id: 'u1' } }, address);
    expect((await store.read(COLLECTIONS.conversations, key))?.expiresAt).toBe(first?.expiresAt);
    expect((await store.read(COLLECTIONS.transcripts, key))?.expiresAt).toBe(firstTranscript?.expiresAt);
    expect(first?.expiresAt).toBeDefined();
  });
});
