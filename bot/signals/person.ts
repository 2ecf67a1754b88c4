/**
 * "I want a person" by its words alone: a short message that names a person (concept
 * `person_human` in any language's lexicon written in the message's script) — "Mensch",
 * "Sachbearbeiter", "оператор", "موظف". The matcher's view (the person-request entry, an exact
 * example of another entry) is added by `bot/handoff/request.ts` once the message is matched.
 */
import type { Knowledge } from '../knowledge';
import { lexiconsForText } from './crisis';

/** Longer messages are left to the matcher ("Mein Sachbearbeiter hat mir einen Brief geschickt …"). */
export const MAX_PERSON_REQUEST_TOKENS = 6;

export function namesPerson(knowledge: Knowledge, text: string, tokens: string[]): boolean {
  if (tokens.length === 0 || tokens.length > MAX_PERSON_REQUEST_TOKENS) return false;
  return lexiconsForText(knowledge, text).some((lexicon) => lexicon.conceptsOf(tokens).some((concepts) => concepts.has('person_human')));
}
