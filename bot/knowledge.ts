/**
 * Knowledge = a content snapshot plus the matcher index built from it. Built once per content
 * version (about a second for a large pack), then only read: every turn sees one consistent
 * version, even while editors publish a new one.
 */
import type { ContentSnapshot, Language } from '../content/model';
import { LANGUAGES } from '../content/model';
import { buildMatcher, NOT_PREFIX, type MatcherIndex } from './nlu/matcher';
import type { TrainingIntent } from './nlu/model';

export interface Knowledge {
  snapshot: ContentSnapshot;
  index: MatcherIndex;
}

/** Training intents of one language: every entry with its examples and keywords. */
export function trainingFor(snapshot: ContentSnapshot, language: Language): TrainingIntent[] {
  const intents: TrainingIntent[] = [];
  for (const entry of snapshot.entries.values()) {
    const own = entry.texts[language];
    // Leichte Sprache readers write plain German: learn from both variants.
    const extra = language === 'de-x-ls' ? entry.texts.de : undefined;
    const examples = [...(own?.examples ?? []), ...(extra?.examples ?? [])];
    if (examples.length === 0) continue;
    intents.push({ id: entry.id, examples, keywords: [...(own?.keywords ?? []), ...(extra?.keywords ?? [])] });
  }
  return [...intents, ...negativeIntents(snapshot, language)];
}

/**
 * An entry's negative examples and excluded terms become a pseudo-intent "¬id" of their own: it is
 * never answered, it only takes the entry out of the running when it explains a message better.
 */
export function negativeIntents(snapshot: ContentSnapshot, language: Language): TrainingIntent[] {
  const out: TrainingIntent[] = [];
  for (const [id, negative] of Object.entries(snapshot.negatives ?? {})) {
    if (!snapshot.entries.has(id)) continue;
    const examples = [...(negative.examples?.[language] ?? []), ...(language === 'de-x-ls' ? (negative.examples?.de ?? []) : [])];
    const terms = negative.terms ?? [];
    // Terms alone are examples too: "BAföG?" is a whole question.
    const all = [...examples, ...terms];
    if (all.length > 0) out.push({ id: `${NOT_PREFIX}${id}`, examples: all, keywords: terms });
  }
  return out;
}

export function buildKnowledge(snapshot: ContentSnapshot): Knowledge {
  const training = new Map<string, TrainingIntent[]>();
  for (const language of LANGUAGES) {
    const intents = trainingFor(snapshot, language);
    if (intents.length > 0) training.set(language, intents);
  }
  return { snapshot, index: buildMatcher(training, snapshot.lexicons, { background: snapshot.background }) };
}
