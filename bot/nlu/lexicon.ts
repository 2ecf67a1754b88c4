/**
 * The compiled lexicon of one language: stop words, and the words that express a concept
 * ("kohle", "knete", "geld" → money). Concepts let a message match an entry whose examples use
 * other words for the same thing, and let German official terms count inside any language.
 */
import type { LexiconFile } from '../../content/model';
import { normalize, tokenize } from './normalize';

/** Terms shorter than this must match a whole word; longer ones match as a word's beginning. */
const MIN_PREFIX = 4;
/** Minimum length for a term to be found inside a German compound word. */
const MIN_INFIX = 5;

export interface CompiledLexicon {
  language: string;
  stopwords: ReadonlySet<string>;
  /** Look up the concepts of each token, phrases included. */
  conceptsOf(tokens: readonly string[]): Array<ReadonlySet<string>>;
}

interface Phrase {
  words: string[];
  concepts: string[];
}

interface TermTable {
  whole: Map<string, string[]>;
  prefix: Map<string, string[]>;
  phrases: Map<string, Phrase[]>;
}

function add(map: Map<string, string[]>, key: string, concept: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [concept]);
  else if (!list.includes(concept)) list.push(concept);
}

function compileTerms(file: LexiconFile, filter: (term: string) => boolean): TermTable {
  const table: TermTable = { whole: new Map(), prefix: new Map(), phrases: new Map() };
  for (const [concept, terms] of Object.entries(file.concepts)) {
    for (const raw of terms) {
      const words = tokenize(normalize(raw));
      if (words.length === 0 || !filter(words.join(' '))) continue;
      if (words.length === 1) {
        const [w] = words as [string];
        add(w.length >= MIN_PREFIX ? table.prefix : table.whole, w, concept);
      } else {
        const first = words[0] as string;
        const list = table.phrases.get(first) ?? [];
        const existing = list.find((p) => p.words.join(' ') === words.join(' '));
        if (existing) existing.concepts.push(concept);
        else list.push({ words, concepts: [concept] });
        table.phrases.set(first, list);
      }
    }
  }
  return table;
}

function wordMatches(term: string, token: string): boolean {
  return term.length >= MIN_PREFIX ? token.startsWith(term) : token === term;
}

/** Endings a German term may carry inside another language's message ("Termine", "Bescheids"). */
const GERMAN_ENDINGS = new Set(['', 'e', 'en', 'n', 's', 'es', 'er', 'ern', 'ung', 'ungen']);

function lookupWord(table: TermTable, token: string, infix: boolean, out: Set<string>, germanOnly = false): void {
  for (const c of table.whole.get(token) ?? []) out.add(c);
  for (let k = token.length; k >= MIN_PREFIX; k--) {
    // German terms in another language: only with a German ending, so Romanian "terminat" is no "Termin".
    if (germanOnly && !GERMAN_ENDINGS.has(token.slice(k))) continue;
    for (const c of table.prefix.get(token.slice(0, k)) ?? []) out.add(c);
  }
  if (infix) {
    // Parts of German compounds: "mietschulden" holds "schulden", "kontoauszuge" holds "auszug".
    for (let start = 1; start <= token.length - MIN_INFIX; start++) {
      for (let end = token.length; end - start >= MIN_INFIX; end--) {
        for (const c of table.prefix.get(token.slice(start, end)) ?? []) out.add(c);
      }
    }
  }
}

/** Phrases whose first word fits the token. */
function phrasesStartingWith(table: TermTable, token: string): Phrase[] {
  const out: Phrase[] = [];
  for (let k = token.length; k >= 1; k--) {
    for (const phrase of table.phrases.get(token.slice(0, k)) ?? []) {
      if (wordMatches(phrase.words[0] as string, token)) out.push(phrase);
    }
  }
  return out;
}

/** Add the concepts of matching phrases; sets are copied only where a phrase adds to them. */
function applyPhrases(tokens: readonly string[], candidates: ReadonlyArray<readonly Phrase[]>, result: Array<ReadonlySet<string>>): void {
  const copied = new Set<number>();
  candidates.forEach((phrases, i) => {
    for (const phrase of phrases) {
      const span = phrase.words.length;
      if (i + span > tokens.length) continue;
      if (!phrase.words.every((w, j) => wordMatches(w, tokens[i + j] as string))) continue;
      for (let j = 0; j < span; j++) {
        if (!copied.has(i + j)) {
          result[i + j] = new Set(result[i + j]);
          copied.add(i + j);
        }
        for (const c of phrase.concepts) (result[i + j] as Set<string>).add(c);
      }
    }
  });
}

/**
 * Compile the lexicon for `language`. German official terms (from the `de` lexicon, 5+ letters)
 * are recognised in every language, because letters and forms stay German.
 */
export function compileLexicon(language: string, files: ReadonlyMap<string, LexiconFile>): CompiledLexicon {
  const baseLanguage = language === 'de-x-ls' ? 'de' : language;
  const own = files.get(baseLanguage);
  const german = baseLanguage === 'de' ? undefined : files.get('de');
  const tables: Array<{ table: TermTable; infixFrom: number; germanOnly: boolean }> = [];
  // Own German compounds are split from 8 letters; German terms inside other languages only in long words.
  if (own) tables.push({ table: compileTerms(own, () => true), infixFrom: baseLanguage === 'de' ? 8 : Infinity, germanOnly: false });
  if (german) tables.push({ table: compileTerms(german, (t) => t.length >= MIN_INFIX && /^[a-z ]+$/.test(t)), infixFrom: 11, germanOnly: true });
  const stopwords = new Set((own?.stopwords ?? []).flatMap((w) => tokenize(normalize(w))));

  // Words repeat (Zipf): remember each word's own concepts; phrases are looked up per message.
  const memo = new Map<string, ReadonlySet<string>>();
  const wordConcepts = (token: string): ReadonlySet<string> => {
    let found = memo.get(token);
    if (!found) {
      const set = new Set<string>();
      for (const { table, infixFrom, germanOnly } of tables) lookupWord(table, token, token.length >= infixFrom, set, germanOnly);
      found = set;
      if (memo.size >= 50_000) memo.clear();
      memo.set(token, found);
    }
    return found;
  };
  // Phrases a word may start, also remembered per word.
  const phraseMemo = new Map<string, readonly Phrase[]>();
  const phrasesOf = (token: string): readonly Phrase[] => {
    let found = phraseMemo.get(token);
    if (!found) {
      found = tables.flatMap(({ table }) => phrasesStartingWith(table, token));
      if (phraseMemo.size >= 50_000) phraseMemo.clear();
      phraseMemo.set(token, found);
    }
    return found;
  };
  return {
    language,
    stopwords,
    conceptsOf(tokens) {
      const result: Array<ReadonlySet<string>> = tokens.map(wordConcepts);
      const candidates = tokens.map(phrasesOf);
      if (candidates.some((c) => c.length > 0)) applyPhrases(tokens, candidates, result);
      return result;
    },
  };
}
