/**
 * Thumbs up/down from the chat page reach the bot as `lotse/feedback` events: counted per entry
 * and language, reasons redacted into the editors' inbox, hostile or repeated votes ignored.
 */
import path from 'node:path';
import { loadContent } from '../content/load';
import { MemoryStore } from '../adapters/store/document';
import { buildKnowledge } from '../bot/knowledge';
import { LotseBot } from '../bot/lotseBot';
import { FEEDBACK_COLLECTIONS, type FeedbackCounts, type InboxItem } from '../bot/feedback';
import type { ActivityJson } from '../bot/core/contracts';

const snapshot = loadContent(path.resolve(__dirname, '..', 'content'), 'musterstadt');
const knowledge = buildKnowledge(snapshot);
const quiet = { info() {}, warn() {}, error() {} };
const NOW = new Date('2026-11-23T10:00:00Z');

function setup() {
  const store = new MemoryStore();
  const bot = new LotseBot({ knowledge: () => knowledge, store, logger: quiet, pseudonym: (id) => id, now: () => NOW });
  const send = (conversationId: string, activity: Partial<ActivityJson>) =>
    bot.onActivity({ from: { id: 'u1' }, ...activity } as ActivityJson, { channelId: 'test', conversationId, userId: 'u1' });
  const vote = (conversationId: string, value: unknown, locale = 'de') => send(conversationId, { type: 'event', name: 'lotse/feedback', value, locale });
  const counts = async (key: string) => (await store.read<FeedbackCounts>(FEEDBACK_COLLECTIONS.counts, key))?.value;
  const inbox = async () => (await store.list<InboxItem>(FEEDBACK_COLLECTIONS.inbox));
  return { store, send, vote, counts, inbox };
}

describe('feedback on answers', () => {
  it('counts thumbs per entry and language, without an answer to the citizen', async () => {
    const { send, vote, counts } = setup();
    await send('c1', { type: 'event', name: 'lotse/start', value: { language: 'uk' } });
    const result = await vote('c1', { entryId: 'payment_date', vote: 'up' });
    expect(result.activities).toEqual([]);
    await vote('c2', { entryId: 'payment_date', vote: 'down' });
    await expect(counts('payment_date|uk')).resolves.toMatchObject({ up: 1, down: 0 });
    await expect(counts('payment_date|de')).resolves.toMatchObject({ up: 0, down: 1 });
  });

  it('keeps a thumbs-down reason only redacted, in the inbox, for the profile retention period', async () => {
    const { store, vote, inbox } = setup();
    await vote('c1', { entryId: 'payment_date', vote: 'down', reason: 'Mein Geld fehlt, ruf mich an: 0171 2345678, max.mustermann@example.de' });
    const items = await inbox();
    expect(items).toHaveLength(1);
    expect(items[0].value).toMatchObject({ kind: 'feedback', entryId: 'payment_date', language: 'de' });
    expect(items[0].value.reason).toContain('Mein Geld fehlt');
    expect(items[0].value.reason).not.toContain('0171');
    expect(items[0].value.reason).not.toContain('mustermann');
    // The store counts the expiry from its own clock.
    const expected = Date.now() + snapshot.profile.retentionDays * 86400_000;
    expect(Math.abs(Date.parse(items[0].expiresAt ?? '') - expected)).toBeLessThan(60_000);
    // Thumbs up never stores text.
    await vote('c2', { entryId: 'payment_date', vote: 'up', reason: 'super' });
    expect(await inbox()).toHaveLength(1);
    expect(JSON.stringify(await store.list(FEEDBACK_COLLECTIONS.counts))).not.toContain('c1');
  });

  it('ignores a repeated vote of the same conversation and malformed or unknown feedback', async () => {
    const { vote, counts, store } = setup();
    await vote('c1', { entryId: 'payment_date', vote: 'up' });
    await vote('c1', { entryId: 'payment_date', vote: 'up' });
    await vote('c1', { entryId: 'payment_date', vote: 'down' });
    for (const value of [null, 'up', [], { entryId: 'payment_date' }, { entryId: 'payment_date', vote: 'sideways' }, { entryId: '../x', vote: 'up' }, { entryId: 'no_such_entry', vote: 'up' }, { entryId: 'payment_date', vote: 'down', reason: 42 }, { entryId: 'x'.repeat(500), vote: 'up' }]) {
      const result = await vote('c9', value);
      expect(result.activities).toEqual([]);
    }
    await expect(counts('payment_date|de')).resolves.toMatchObject({ up: 1, down: 0 });
    expect(await store.list(FEEDBACK_COLLECTIONS.counts)).toHaveLength(1);
  });
});
