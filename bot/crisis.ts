/**
 * Crisis detection favours recall: a citizen who writes about ending their life, violence,
 * a child in danger, sleeping on the street tonight or having nothing to eat gets the emergency
 * numbers first — never a clarification question, never a rate limit. Two independent signals:
 * crisis words from every language's lexicon (so a wrong language guess cannot hide a crisis),
 * and the matcher scoring the crisis entries' examples.
 */
import { LANGUAGES } from '../content/model';
import type { Knowledge } from './knowledge';
import { compileLexicon, type CompiledLexicon } from './nlu/lexicon';
import { normalize, tokenize } from './nlu/normalize';
import type { Scored } from './nlu/matcher';

/** Concept → crisis entry. A concept alone is enough: false alarms cost little, misses a lot. */
const CRISIS_CONCEPTS: Record<string, string> = {
  suicide: 'crisis_suicide',
  violence: 'crisis_violence',
  homeless: 'crisis_homeless',
  no_food: 'no_money_emergency',
};

/** Crisis entries also recognised by their examples when the matcher ranks them high enough. */
const CRISIS_SCORE = 0.42;

const lexiconCache = new WeakMap<Knowledge, CompiledLexicon[]>();

function allLexicons(knowledge: Knowledge): CompiledLexicon[] {
  let list = lexiconCache.get(knowledge);
  if (!list) {
    list = LANGUAGES.filter((l) => l !== 'de-x-ls' && knowledge.snapshot.lexicons.has(l)).map((l) => compileLexicon(l, knowledge.snapshot.lexicons));
    lexiconCache.set(knowledge, list);
  }
  return list;
}

export function isCrisisEntry(knowledge: Knowledge, id: string): boolean {
  return knowledge.snapshot.entries.get(id)?.kind === 'crisis';
}

/** The crisis entry that fits the message, if any. */
export function detectCrisis(knowledge: Knowledge, text: string, scored: Scored): string | undefined {
  const tokens = tokenize(normalize(text));
  if (tokens.length === 0) return undefined;
  const found = new Set<string>();
  const concepts = new Set(allLexicons(knowledge).flatMap((l) => l.conceptsOf(tokens).flatMap((s) => [...s])));
  for (const c of concepts) {
    const entry = CRISIS_CONCEPTS[c];
    if (entry) found.add(entry);
  }
  // A child mentioned anywhere together with violence or danger.
  if (concepts.has('child') && (concepts.has('violence') || concepts.has('danger'))) found.add('crisis_child_danger');
  if (found.has('crisis_child_danger')) found.delete('crisis_violence');
  if (scored.kind === 'scored') {
    for (const s of scored.scores.slice(0, 3)) {
      if (s.score >= CRISIS_SCORE && isCrisisEntry(knowledge, s.intent)) found.add(s.intent);
    }
  }
  const order = ['crisis_suicide', 'crisis_child_danger', 'crisis_violence', 'crisis_pregnancy', 'crisis_homeless', 'no_money_emergency'];
  return order.find((id) => found.has(id)) ?? [...found][0];
}
