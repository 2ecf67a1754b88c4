/**
 * A turn is a transaction: everything it writes is committed at once, and nothing announces a
 * change (a webhook event, a reply) that was not stored.
 */
import { MemoryStore } from '../adapters/store/document';
import type { StoreOp } from '../bot/core/store';
import { WebhookNotifier } from '../bot/handoff/webhook';
import type { HandoffCase } from '../bot/handoff/model';
import { COLLECTIONS } from '../bot/state';
import { buttonsOf, events, SATURDAY_NIGHT, setupHandoff, silent, texts, type Setup } from './helpers/handoff';

/** A store whose next commits fail, as a full disk would. */
function failingStore(): MemoryStore & { failNext(n?: number): void } {
  const store = new MemoryStore() as MemoryStore & { failNext(n?: number): void };
  let failures = 0;
  const commit = store.commit.bind(store);
  store.commit = async (ops: readonly StoreOp[]) => {
    if (failures > 0) {
      failures--;
      throw new Error('disk full');
    }
    return commit(ops);
  };
  store.failNext = (n = 1) => void (failures = n);
  return store;
}

async function untilPhone(s: Setup) {
  const offer = await s.say('Ich möchte mit einem Menschen sprechen');
  const consent = await s.press(offer, 'handoff.callback');
  const phoneConsent = await s.press(consent, 'handoff.consent', { share: true });
  const time = await s.press(phoneConsent, 'handoff.callbackConsent', { agree: true });
  return s.press(time, 'handoff.time', { slot: 'morning' });
}

const webhookTo = (url: string) => (store: MemoryStore) => new WebhookNotifier(store, { url, secret: 'x'.repeat(32), baseDelayMs: 60_000 }, silent, () => SATURDAY_NIGHT);

describe('a turn is a transaction', () => {
  it('promises no callback and sends no webhook event when the turn could not be stored', async () => {
    const store = failingStore();
    const s = setupHandoff({ now: SATURDAY_NIGHT, store, webhook: webhookTo('http://127.0.0.1:9/hook') });
    await untilPhone(s);
    const before = await s.state();
    store.failNext();
    const replies = await s.say('0170 1234567');
    expect(texts(replies)).not.toMatch(/ruft Sie .*zurück|zurückgerufen/i);
    expect(events(replies, 'handoff.initiate')).toHaveLength(0);
    expect(await store.list(COLLECTIONS.handoffs)).toHaveLength(0);
    expect(await store.list(COLLECTIONS.callbacks)).toHaveLength(0);
    expect(await store.list(COLLECTIONS.webhookDeliveries)).toHaveLength(0);
    expect(await s.state()).toEqual(before);

    // The citizen sends the number again: now everything is stored together.
    const done = await s.say('0170 1234567');
    expect(events(done, 'handoff.initiate')).toHaveLength(1);
    const [item] = await store.list<HandoffCase>(COLLECTIONS.handoffs);
    expect(item?.value.kind).toBe('callback');
    expect(await store.read(COLLECTIONS.callbacks, item!.value.id)).toBeDefined();
    const deliveries = await store.list<{ type: string }>(COLLECTIONS.webhookDeliveries);
    expect(deliveries.map((d) => d.value.type)).toEqual(['handoff.created']);
    expect((await s.state())?.handoff?.status).toBe('callback');
  });

  it('answers a re-delivered message with the replies of the first time, without running the turn again', async () => {
    const s = setupHandoff();
    const message = { type: 'message', id: 'conv-1|7', text: 'Wann kommt das Geld?', from: { id: 'u1' } };
    const first = await s.bot.onActivity(message, s.address);
    const again = await s.bot.onActivity(message, s.address);
    expect(first.duplicate).toBeFalsy();
    expect(again.duplicate).toBe(true);
    expect(again.activities).toEqual(first.activities);
    expect((await s.state())?.turns).toBe(1);
    const transcript = await s.store.read<unknown[]>(COLLECTIONS.transcripts, s.bot.keys.conversation(s.address));
    expect(transcript?.value.filter((l) => (l as { from: string }).from === 'user')).toHaveLength(1);
  });

  it('runs a failed turn again when its message is delivered again', async () => {
    const store = failingStore();
    const s = setupHandoff({ store });
    const message = { type: 'message', id: 'conv-1|3', text: 'Wann kommt das Geld?', from: { id: 'u1' } };
    store.failNext();
    const apology = await s.bot.onActivity(message, s.address);
    expect(apology.duplicate).toBeFalsy();
    const answer = await s.bot.onActivity(message, s.address);
    expect(answer.duplicate).toBeFalsy();
    expect(texts(answer.activities)).not.toEqual(texts(apology.activities));
    expect((await s.state())?.turns).toBe(1);
  });

  it('answers two messages of one conversation that arrive together, both stored', async () => {
    const s = setupHandoff();
    const [a, b] = await Promise.all([
      s.bot.onActivity({ type: 'message', id: 'x|1', text: 'Wann kommt das Geld?', from: { id: 'u1' } }, s.address),
      s.bot.onActivity({ type: 'message', id: 'x|2', text: 'Wie erreiche ich das Jobcenter?', from: { id: 'u1' } }, s.address),
    ]);
    expect(texts(a!.activities)).not.toMatch(/Entschuldigung|leider ist etwas schiefgegangen/i);
    expect(texts(b!.activities)).not.toMatch(/Entschuldigung|leider ist etwas schiefgegangen/i);
    expect((await s.state())?.turns).toBe(2);
    expect((await s.state())?.processed).toEqual(expect.arrayContaining(['x|1', 'x|2']));
  });

  it('keeps a staff line and the turn that raced it, in the transcript', async () => {
    const s = setupHandoff();
    await s.say('Hallo');
    const store = s.store;
    const read = store.read.bind(store);
    let raced = false;
    // A staff reply lands between the turn's reading of the transcript and its commit.
    store.read = (async (collection: string, key: string) => {
      const item = await read(collection, key);
      if (collection === COLLECTIONS.transcripts && !raced) {
        raced = true;
        await store.write(COLLECTIONS.transcripts, key, [...((item?.value as unknown[]) ?? []), { from: 'staff', text: 'Guten Tag', at: new Date().toISOString() }], { ifMatch: item?.etag ?? null });
      }
      return item;
    }) as typeof store.read;
    const replies = await s.say('Wann kommt das Geld?');
    expect(buttonsOf(replies).length + texts(replies).length).toBeGreaterThan(0);
    const lines = (await read<Array<{ from: string; text: string }>>(COLLECTIONS.transcripts, s.bot.keys.conversation(s.address)))?.value ?? [];
    expect(lines.some((l) => l.from === 'staff')).toBe(true);
    expect(lines.filter((l) => l.from === 'user')).toHaveLength(2);
  });
});
