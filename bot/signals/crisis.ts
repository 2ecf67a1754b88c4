/**
 * Crisis detection favours recall: a citizen who writes about ending their life, violence,
 * a child in danger, sleeping on the street tonight or having nothing to eat gets the emergency
 * numbers first — never a clarification question, never a rate limit. Two independent signals:
 * crisis words from every language's lexicon (so a wrong language guess cannot hide a crisis),
 * and the matcher scoring the crisis entries' examples.
 */
import { LANGUAGES } from '../../content/model';
import type { Knowledge } from '../knowledge';
import { compileLexicon, type CompiledLexicon } from '../nlu/lexicon';
import { normalize, tokenize } from '../nlu/normalize';
import type { Scored } from '../nlu/matcher';
import { scriptOfLanguage, scriptOfText } from '../nlu/script';

/** Crisis entries also recognised by their examples when the matcher ranks them high enough. */
const CRISIS_SCORE = 0.42;

const lexiconCache = new WeakMap<Knowledge, CompiledLexicon[]>();

/** Every language's compiled lexicon (built once per content version). */
export function allLexicons(knowledge: Knowledge): CompiledLexicon[] {
  let list = lexiconCache.get(knowledge);
  if (!list) {
    list = LANGUAGES.filter((l) => l !== 'de-x-ls' && knowledge.snapshot.lexicons.has(l)).map((l) => compileLexicon(l, knowledge.snapshot.lexicons));
    lexiconCache.set(knowledge, list);
  }
  return list;
}

/**
 * The lexicons that can speak for a message: those of languages written in the message's script.
 * (The normaliser writes Cyrillic in Latin letters, so without this a Ukrainian word for "eat"
 * would find itself inside Turkish "istiyorum".)
 */
export function lexiconsForText(knowledge: Knowledge, text: string): CompiledLexicon[] {
  const script = scriptOfText(text);
  return allLexicons(knowledge).filter((l) => scriptOfLanguage(l.language) === script);
}

export function isCrisisEntry(knowledge: Knowledge, id: string): boolean {
  return knowledge.snapshot.entries.get(id)?.kind === 'crisis';
}

/** Arabic proclitics (and, so, with, for, like, the) glued to a word: "لاعتداء" is "اعتداء". */
const ARABIC_PROCLITICS = ['وال', 'بال', 'فال', 'كال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل', 'ك'];

function withoutProclitic(token: string): string {
  if (!/^[\u0600-\u06FF]/u.test(token)) return token;
  const p = ARABIC_PROCLITICS.find((c) => token.startsWith(c) && token.length - c.length >= 3);
  return p ? token.slice(p.length) : token;
}

/** The message's tokens and, when it differs, the same tokens without Arabic proclitics. */
function tokenVariants(tokens: string[]): string[][] {
  const stripped = tokens.map(withoutProclitic);
  return stripped.some((t, i) => t !== tokens[i]) ? [tokens, stripped] : [tokens];
}

/** The crisis entry that fits the message, if any (`tokens`: the message already normalised and tokenised). */
export function detectCrisis(knowledge: Knowledge, text: string, scored: Scored, tokens: string[] = tokenize(normalize(text))): string | undefined {
  if (tokens.length === 0) return undefined;
  const rules = knowledge.snapshot.system.crisis;
  const variants = tokenVariants(tokens);
  const concepts = new Set(lexiconsForText(knowledge, text).flatMap((l) => variants.flatMap((v) => l.conceptsOf(v).flatMap((s) => [...s]))));
  // Concepts that mean a crisis (pack/system.json): one concept alone is enough — false alarms
  // cost little, misses a lot. Sleeping at the station means homeless, whatever the words for it.
  const byWords = new Set<string>();
  const replaced = new Set<string>();
  for (const rule of rules.byConcepts) {
    if (!rule.concepts.every((c) => concepts.has(c))) continue;
    byWords.add(rule.entry);
    for (const r of rule.replaces ?? []) replaced.add(r);
  }
  const fromWords = rules.order.find((id) => byWords.has(id) && !replaced.has(id));
  if (fromWords) return fromWords;
  // Without crisis words, only when a crisis entry is clearly what the message is about.
  const top = scored.kind === 'scored' ? scored.scores[0] : undefined;
  if (!top || top.score < CRISIS_SCORE || !isCrisisEntry(knowledge, top.intent)) return undefined;
  // "I urgently need an answer": urgency alone is not a day without money or food.
  const needs = rules.needsConcepts[top.intent];
  if (needs && !needs.some((c) => concepts.has(c))) return undefined;
  return top.intent;
}

/**
 * Quick check used before rate limiting: do any words of the message express a crisis in any
 * language? (Words only — the full detection in the turn also uses the matcher.)
 */
export function isCrisisMessage(knowledge: Knowledge, text: string): boolean {
  return detectCrisis(knowledge, text.slice(0, 2000), { kind: 'nomatch', why: 'empty' }) !== undefined;
}
