/**
 * Store keys are scoped by channel and pseudonymised: a messenger's user id may be a phone
 * number, and two channels may use the same conversation id.
 */
import { MemoryStore } from '../adapters/store/document';
import { StateKeys } from '../bot/core/keys';
import { LotseBot } from '../bot/lotseBot';
import { COLLECTIONS, type ConversationState } from '../bot/state';
import { knowledge, silent } from './helpers/handoff';

function bot(store: MemoryStore, secret = 's'.repeat(16)) {
  return new LotseBot({ knowledge: () => knowledge, store, logger: silent, pseudonym: (id) => id, now: () => new Date('2026-11-23T10:00:00Z'), keys: new StateKeys(secret) });
}

describe('store keys', () => {
  it('never contain a channel’s ids, which may be phone numbers', async () => {
    const store = new MemoryStore();
    const address = { channelId: 'whatsapp', conversationId: '4917012345678', userId: '4917012345678' };
    const b = bot(store);
    await b.onActivity({ type: 'event', name: 'lotse/start', value: { language: 'de', flow: 'portal_registration' } }, address);
    await b.onActivity({ type: 'message', id: 'wamid.1', text: 'Wann kommt das Geld?' }, address);
    const keys = (await Promise.all([COLLECTIONS.conversations, COLLECTIONS.transcripts, COLLECTIONS.users, COLLECTIONS.turnReplies].map((c) => store.list(c)))).flat().map((i) => i.key);
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const key of keys) {
      expect(key).not.toContain('12345678');
      expect(key.startsWith('whatsapp/')).toBe(true);
    }
  });

  it('keep two channels with the same conversation id apart', async () => {
    const store = new MemoryStore();
    const b = bot(store);
    await b.onActivity({ type: 'event', name: 'lotse/language', value: { language: 'en' } }, { channelId: 'telegram', conversationId: '42', userId: '42' });
    await b.onActivity({ type: 'event', name: 'lotse/language', value: { language: 'ar' } }, { channelId: 'botframework', conversationId: '42', userId: '42' });
    const telegram = await store.read<ConversationState>(COLLECTIONS.conversations, b.keys.conversation({ channelId: 'telegram', conversationId: '42' }));
    const azure = await store.read<ConversationState>(COLLECTIONS.conversations, b.keys.conversation({ channelId: 'botframework', conversationId: '42' }));
    expect(telegram?.value.language).toBe('en');
    expect(azure?.value.language).toBe('ar');
  });

  it('depend on the secret, so they cannot be recomputed from a phone number without it', () => {
    const address = { channelId: 'whatsapp', conversationId: '4917012345678', userId: '4917012345678' };
    expect(new StateKeys('a'.repeat(16)).conversation(address)).not.toBe(new StateKeys('b'.repeat(16)).conversation(address));
    expect(new StateKeys('a'.repeat(16)).user(address)).toBe(new StateKeys('a'.repeat(16)).user(address));
  });
});
