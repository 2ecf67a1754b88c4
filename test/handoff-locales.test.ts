/**
 * Every bot language has every handoff string (the offer, consent, callback form, staff notices,
 * quick texts) with the same placeholders as English — a citizen never gets an English fallback
 * or a raw {{placeholder}} on the way to a person.
 */
import { botI18n, botLanguages } from '../bot/i18n';

function flat(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v && typeof v === 'object') Object.assign(out, flat(v, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = String(v);
  }
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string).sort();
const english = flat(botI18n().getResource('en', 'translation', 'handoff'));

describe('handoff strings', () => {
  it.each(botLanguages().filter((l) => l !== 'en'))('%s has every handoff string with the same placeholders', (language) => {
    const own = flat(botI18n().getResource(language, 'translation', 'handoff') ?? {});
    // Word lists (handoff.words.*) are each language's own, of any length.
    for (const [key, text] of Object.entries(english).filter(([k]) => !k.startsWith('words.'))) {
      expect({ key, present: key in own }).toEqual({ key, present: true });
      expect({ key, placeholders: placeholders(own[key] ?? '') }).toEqual({ key, placeholders: placeholders(text) });
    }
  });
});
