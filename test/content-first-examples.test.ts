import path from 'node:path';
import { LotseBot } from '../bot/lotseBot';
import { buildKnowledge } from '../bot/knowledge';
import { loadContent } from '../content/load';
import { LANGUAGES } from '../content/model';
import { MemoryStore } from '../adapters/store/document';

/**
 * Every entry's first example, in every language, asked through the real turn pipeline, must
 * come back as that entry: if an editor's own first example is not understood, a citizen's
 * question will not be either.
 */
describe('every entry answers its own first example in every language', () => {
  const knowledge = buildKnowledge(loadContent(path.resolve(__dirname, '..', 'content'), 'musterstadt'));
  const bot = new LotseBot({
    knowledge: () => knowledge,
    store: new MemoryStore(),
    logger: { info() {}, warn() {}, error() {} },
    pseudonym: (id) => id,
    now: () => new Date('2026-11-21T10:00:00Z'),
  });

  const cases = LANGUAGES.flatMap((language) =>
    [...knowledge.snapshot.entries.values()].filter((e) => e.texts[language]).map((e) => [language, e.id, e.texts[language]?.examples[0] as string] as const),
  );

  it('has content in all 12 languages', () => {
    expect(new Set(cases.map(([language]) => language)).size).toBe(LANGUAGES.length);
  });

  it.each(cases)('%s: %s', async (language, id, example) => {
    const address = { channelId: 'test', conversationId: `${language}-${id}`, userId: 'u' };
    await bot.onActivity({ type: 'event', name: 'lotse/language', value: { language } }, address);
    const { activities } = await bot.onActivity({ type: 'message', text: example, from: { id: 'u' } }, address);
    const understood = activities.map((a) => (a.channelData as { lotse?: { entryId?: string } } | undefined)?.lotse?.entryId).filter(Boolean);
    expect({ example, understood: understood[0] }).toEqual({ example, understood: id });
  });
});
