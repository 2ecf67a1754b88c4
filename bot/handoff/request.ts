/**
 * "I want a person", in any language and wording: "Mensch", "Sachbearbeiter", "real person",
 * "оператор", "موظف". The matcher finds longer requests through the person-request entry (`personRequest` in pack/system.json);
 * a short message that names a person (concept `person_human` in any language's lexicon) is a
 * request too, even when the conversation's language guess is wrong or the matcher has nothing.
 */
import type { Knowledge } from '../knowledge';
import type { MatchOutcome } from '../nlu/matcher';
import { normalize, tokenize } from '../nlu/normalize';
import { namesPerson } from '../signals/person';

/** The entry that answers a request for a person (pack/system.json), if the content has it. */
export function personRequestEntry(knowledge: Knowledge) {
  return knowledge.snapshot.entries.get(knowledge.snapshot.system.personRequest);
}

/** Does the message ask for a person rather than for what the matcher found? */
export function asksForPerson(knowledge: Knowledge, text: string, outcome: MatchOutcome): boolean {
  const person = personRequestEntry(knowledge);
  if (!person) return false;
  if (outcome.kind === 'answer' && outcome.intent === person.id) return true;
  // The message is word for word an example of another entry ("are you a human?"): that entry.
  if (outcome.kind === 'answer' && outcome.exact) return false;
  const tokens = tokenize(normalize(text));
  // A clear answer to another topic wins over a word like "person" in a longer question.
  if (outcome.kind === 'answer' && tokens.length > 3) return false;
  return namesPerson(knowledge, text, tokens);
}
