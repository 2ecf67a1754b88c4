/**
 * "I want a person", in any language and wording: "Mensch", "Sachbearbeiter", "real person",
 * "оператор", "موظف". The matcher finds longer requests through the `talk_to_person` entry;
 * a short message that names a person (concept `person_human` in any language's lexicon) is a
 * request too, even when the conversation's language guess is wrong or the matcher has nothing.
 */
import type { Knowledge } from '../knowledge';
import type { MatchOutcome } from '../nlu/matcher';
import { normalize, tokenize } from '../nlu/normalize';
import { namesPerson } from '../signals/person';

export const TALK_TO_PERSON = 'talk_to_person';

/** Does the message ask for a person rather than for what the matcher found? */
export function asksForPerson(knowledge: Knowledge, text: string, outcome: MatchOutcome): boolean {
  if (!knowledge.snapshot.entries.has(TALK_TO_PERSON)) return false;
  if (outcome.kind === 'answer' && outcome.intent === TALK_TO_PERSON) return true;
  // The message is word for word an example of another entry ("are you a human?"): that entry.
  if (outcome.kind === 'answer' && outcome.exact) return false;
  const tokens = tokenize(normalize(text));
  // A clear answer to another topic wins over a word like "person" in a longer question.
  if (outcome.kind === 'answer' && tokens.length > 3) return false;
  return namesPerson(knowledge, text, tokens);
}
