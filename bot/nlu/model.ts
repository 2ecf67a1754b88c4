/**
 * The matching model of one language, built from training examples (content entries) and the
 * lexicon. Scoring asks two questions of every intent:
 *  - how much of the message does it explain? Each message word, weighted by how telling it is,
 *    finds its best evidence in the intent: the same word, its stem, a typo or inflection of it,
 *    or a word of the same concept;
 *  - how much of its best example does the message cover?
 * A message full of words no intent knows ("Rente", "Steuererklärung") is explained by none,
 * which is what lets the matcher say "I don't know" instead of guessing.
 *
 * Features are interned to integers and postings kept in typed arrays: scoring a message is a
 * few hundred array reads, no allocation per intent.
 */
import type { CompiledLexicon } from './lexicon';
import { normalize, tokenize } from './normalize';
import { stem } from './stem';
import { Vocabulary } from './vocabulary';
import { CharGrams, type GramCounts, type GramVector } from './charGrams';

export interface TrainingIntent {
  id: string;
  examples: readonly string[];
  keywords?: readonly string[];
}

/** One word of a text, with the features it can be found by. */
export interface AnalysedToken {
  token: string;
  stem: string;
  concepts: ReadonlySet<string>;
}

export interface ScoringWeights {
  /** Similarity credited to a concept (synonym) match, relative to the same word. */
  concept: number;
  /** Similarity credited to the same stem. */
  stem: number;
  /** Weight of a word no intent knows, relative to the most telling known word. */
  unknown: number;
  /** Weight of a number ("2026", "600"): rarely what a question is about. */
  number: number;
  /** Share of the score from "message explained by intent" (rest: "example covered by message"). */
  queryShare: number;
  /** Share of the final score from character-trigram similarity to the closest example. */
  grams: number;
}

export const DEFAULT_WEIGHTS: ScoringWeights = { concept: 0.85, stem: 0.92, unknown: 0.6, number: 0.3, queryShare: 0.6, grams: 0.25 };

export interface Evidence {
  token: string;
  feature: string;
  similarity: number;
  weight: number;
}

export interface IntentScore {
  intent: string;
  score: number;
  /** Share of the message the intent explains. */
  explained: number;
  /** Share of the intent's best example the message covers. */
  covered: number;
  /** The intent explains at least one word that is not generic ("help", "Jobcenter", "hello"). */
  specific: boolean;
  /** The message says exactly what one of the intent's examples says (same words after normalising). */
  exact?: boolean;
  evidence: Evidence[];
}

/** What one message word contributes to each intent it touches. */
export interface TokenEvidence {
  token: string;
  weight: number;
  /** The word only says something generic ("help", "question", "Jobcenter", "hello"). */
  generic: boolean;
  /** The word names the job centre or the benefit ("Jobcenter", "Bürgergeld"). */
  domainWord: boolean;
  /** A general-chat word ("Wetter", "Pizza") that the pack does not use itself. */
  background: boolean;
  intents: number[];
  values: number[];
  /** Feature id of the best evidence per touched intent (for explanations). */
  features: number[];
  similarities: number[];
  /** All features the word can be found by, with their similarity. */
  candidates: ReadonlyMap<number, number>;
}

const SHORTLIST = 8;
/**
 * Concepts that say nothing about the topic: a message made only of them ("help!", "Jobcenter?",
 * "hello, question") is never answered with an entry on their strength alone.
 */
const GENERIC_CONCEPTS = new Set(['help', 'problem', 'question_how', 'question_what', 'question_where', 'greet', 'thank', 'bye', 'jobcenter', 'benefit']);
/** Generic concepts that still say "this is about the job centre". */
const DOMAIN_CONCEPTS = new Set(['jobcenter', 'benefit']);
/** A word counts as "known to an intent" from this evidence value on (for its specificity). */
const SPREAD_MIN = 0.45;
const MEMO_LIMIT = 50_000;
/** Below this similarity a word's match (a distant typo, a shared beginning) does not count as job-centre language. */
const DOMAIN_SIMILARITY = 0.8;
/** Background words of this length or more match any word starting with their first letters. */
const BACKGROUND_PREFIX = 5;

function isGeneric(concepts: ReadonlySet<string>): boolean {
  if (concepts.size === 0) return false;
  for (const c of concepts) if (!GENERIC_CONCEPTS.has(c)) return false;
  return true;
}

function strength(df: number, examples: number): number {
  return df <= 0 ? 0 : 0.6 + 0.4 * Math.min(1, df / Math.max(1, 0.34 * examples));
}

interface ExampleModel {
  grams: GramVector;
  features: ReadonlyArray<readonly number[]>;
  weights: Float64Array;
  total: number;
}

/** Analyse a text: normalise, split, drop stop words that carry no concept, attach concepts. */
export function analyse(text: string, language: string, lexicon: CompiledLexicon, stemOf: (t: string) => string = (t) => stem(t, language)): AnalysedToken[] {
  return analyseNormalized(normalize(text), lexicon, stemOf);
}

/** The same for a text that is normalised already. */
export function analyseNormalized(normalized: string, lexicon: CompiledLexicon, stemOf: (t: string) => string): AnalysedToken[] {
  const tokens = tokenize(normalized);
  const concepts = lexicon.conceptsOf(tokens);
  const out: AnalysedToken[] = [];
  tokens.forEach((token, i) => {
    const c = concepts[i] as ReadonlySet<string>;
    if (lexicon.stopwords.has(token) && c.size === 0) return;
    out.push({ token, stem: stemOf(token), concepts: c });
  });
  return out;
}

export class LanguageModel {
  readonly intents: string[];
  readonly vocabulary: Vocabulary;
  private readonly featureIds = new Map<string, number>();
  private readonly featureNames: string[] = [];
  /** Per feature id: the intents that have it, and P(feature | intent). */
  private postingIntents: Int32Array[] = [];
  private postingValues: Float64Array[] = [];
  private readonly examplesByIntent: ExampleModel[][];
  private readonly stemMemo = new Map<string, string>();
  private readonly candidateMemo = new Map<string, ReadonlyMap<number, number>>();
  private readonly featureMemo = new Map<string, number[]>();
  /** Examples by their normalised words, for exact matches. */
  private readonly exactExamples = new Map<string, Set<number>>();
  /** Scratch space for scoring, reused across calls (JavaScript runs one call at a time). */
  private readonly scratchBest: Float64Array;
  private readonly scratchFeature: Int32Array;
  private readonly scratchSimilarity: Float64Array;
  private readonly scratchSum: Float64Array;
  private readonly scratchQuery: Float64Array;
  private readonly maxWeight: number;
  private readonly grams = new CharGrams();
  /** General-chat words (short ones whole, longer ones by their first letters). */
  private readonly backgroundWords = new Set<string>();
  private readonly backgroundStems = new Set<string>();

  constructor(
    readonly language: string,
    intents: readonly TrainingIntent[],
    readonly lexicon: CompiledLexicon,
    readonly weights: ScoringWeights = DEFAULT_WEIGHTS,
    background: readonly string[] = [],
  ) {
    for (const w of background) for (const t of tokenize(normalize(w))) (t.length >= BACKGROUND_PREFIX ? this.backgroundStems : this.backgroundWords).add(t.length >= BACKGROUND_PREFIX ? t.slice(0, BACKGROUND_PREFIX) : t);
    this.intents = intents.map((i) => i.id);
    const n = this.intents.length;
    const words = new Set<string>();
    const postings = new Map<number, Array<[number, number]>>();
    // Per example only what scoring needs later: its words' feature ids and its gram counts.
    const pending: Array<Array<{ features: ReadonlyArray<readonly number[]>; grams: GramCounts }>> = [];
    intents.forEach((intent, index) => {
      const counts = new Map<number, number>();
      const texts = intent.keywords && intent.keywords.length > 0 ? [...intent.examples, intent.keywords.join(' ')] : intent.examples;
      const analysed: Array<{ features: ReadonlyArray<readonly number[]>; grams: GramCounts }> = [];
      texts.forEach((text, k) => {
        const normalized = normalize(text);
        const tokens = analyseNormalized(normalized, lexicon, (t) => this.stemOf(t));
        const seen = new Set<number>();
        const features = tokens.map((t) => {
          words.add(t.token);
          const ids = this.featuresOf(t, true);
          for (const f of ids) seen.add(f);
          return ids;
        });
        for (const f of seen) counts.set(f, (counts.get(f) ?? 0) + 1);
        if (k < intent.examples.length) {
          analysed.push({ features, grams: this.grams.add(tokens.map((t) => t.token)) });
          const owners = this.exactExamples.get(normalized) ?? new Set<number>();
          owners.add(index);
          this.exactExamples.set(normalized, owners);
        }
      });
      pending.push(analysed);
      const examples = Math.max(1, intent.examples.length);
      for (const [f, count] of counts) {
        const list = postings.get(f) ?? [];
        list.push([index, strength(count, examples)]);
        postings.set(f, list);
      }
    });
    this.postingIntents = new Array<Int32Array>(this.featureNames.length);
    this.postingValues = new Array<Float64Array>(this.featureNames.length);
    for (let f = 0; f < this.featureNames.length; f++) {
      const list = postings.get(f) ?? [];
      this.postingIntents[f] = Int32Array.from(list, (p) => p[0]);
      this.postingValues[f] = Float64Array.from(list, (p) => p[1]);
    }
    this.vocabulary = new Vocabulary(words, language === 'de' || language === 'de-x-ls');
    this.maxWeight = this.specificity(0);
    this.grams.finish();
    this.examplesByIntent = pending.map((examples) =>
      examples.map(({ features, grams }) => {
        const weights = Float64Array.from(features, (fs) => this.specificity(this.spreadOf(fs)));
        return { grams: this.grams.weigh(grams), features, weights, total: weights.reduce((a, b) => a + b, 0) };
      }),
    );
    this.scratchBest = new Float64Array(n);
    this.scratchFeature = new Int32Array(n);
    this.scratchSimilarity = new Float64Array(n);
    this.scratchSum = new Float64Array(n);
    this.scratchQuery = new Float64Array(this.featureNames.length);
  }

  analyse(text: string): AnalysedToken[] {
    return this.analyseNormalized(normalize(text));
  }

  analyseNormalized(normalized: string): AnalysedToken[] {
    return analyseNormalized(normalized, this.lexicon, (t) => this.stemOf(t));
  }

  private stemOf(token: string): string {
    let s = this.stemMemo.get(token);
    if (s === undefined) {
      s = stem(token, this.language);
      if (this.stemMemo.size >= MEMO_LIMIT) this.stemMemo.clear();
      this.stemMemo.set(token, s);
    }
    return s;
  }

  private featureId(name: string, create: boolean): number {
    let id = this.featureIds.get(name);
    if (id === undefined && create) {
      id = this.featureNames.length;
      this.featureIds.set(name, id);
      this.featureNames.push(name);
    }
    return id ?? -1;
  }

  private featuresOf(t: AnalysedToken, create: boolean): number[] {
    const key = t.concepts.size === 0 ? t.token : `${t.token}|${[...t.concepts].join('|')}`;
    const known = this.featureMemo.get(key);
    if (known) return known;
    // Complete once created; at query time nothing is created any more, so the list is final either way.
    const ids = this.computeFeatures(t, create);
    if (this.featureMemo.size >= MEMO_LIMIT) this.featureMemo.clear();
    this.featureMemo.set(key, ids);
    return ids;
  }

  private computeFeatures(t: AnalysedToken, create: boolean): number[] {
    const names = [`w:${t.token}`, `s:${t.stem}`];
    for (const c of t.concepts) names.push(`c:${c}`);
    const ids: number[] = [];
    for (const name of names) {
      const id = this.featureId(name, create);
      if (id >= 0 && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private spreadOf(features: ArrayLike<number>): number {
    // The most specific feature decides how telling a word is.
    let spread = this.intents.length;
    for (let i = 0; i < features.length; i++) {
      const size = this.postingIntents[features[i] as number]?.length ?? spread;
      if (size > 0 && size < spread) spread = size;
    }
    return spread;
  }

  /** How telling a word is, from how many intents it appears in (inverse document frequency). */
  private specificity(spread: number): number {
    return Math.log(1 + this.intents.length / (1 + spread));
  }

  /**
   * Features a message word can be found by, each with how sure the match is. Remembered per word
   * and concept set: the same words come again and again, and a turn should not allocate much.
   */
  private candidateFeatures(t: AnalysedToken): ReadonlyMap<number, number> {
    const key = t.concepts.size === 0 ? t.token : `${t.token}|${[...t.concepts].join('|')}`;
    const known = this.candidateMemo.get(key);
    if (known) return known;
    const out = new Map<number, number>();
    const offer = (f: number, s: number): void => {
      if (f >= 0 && (out.get(f) ?? 0) < s) out.set(f, s);
    };
    for (const r of this.vocabulary.relatives(t.token)) offer(this.featureId(`w:${r.word}`, false), r.similarity);
    offer(this.featureId(`s:${t.stem}`, false), this.weights.stem);
    for (const c of t.concepts) offer(this.featureId(`c:${c}`, false), this.weights.concept);
    if (this.candidateMemo.size >= MEMO_LIMIT) this.candidateMemo.clear();
    this.candidateMemo.set(key, out);
    return out;
  }

  /** A general-chat word that no pack example uses as such. */
  private isBackground(token: string): boolean {
    if (this.backgroundWords.size + this.backgroundStems.size === 0) return false;
    const listed = this.backgroundWords.has(token) || (token.length >= BACKGROUND_PREFIX && this.backgroundStems.has(token.slice(0, BACKGROUND_PREFIX)));
    return listed && this.featureId(`w:${token}`, false) < 0;
  }

  /** What each word of the message contributes to which intent. */
  evidenceFor(tokens: readonly AnalysedToken[]): TokenEvidence[] {
    const best = this.scratchBest;
    const bestFeature = this.scratchFeature;
    const bestSimilarity = this.scratchSimilarity;
    return tokens.map((t) => {
      const candidates = this.candidateFeatures(t);
      const touched: number[] = [];
      for (const [feature, similarity] of candidates) {
        const intents = this.postingIntents[feature] as Int32Array;
        const values = this.postingValues[feature] as Float64Array;
        for (let k = 0; k < intents.length; k++) {
          const intent = intents[k] as number;
          const value = similarity * (values[k] as number);
          if (best[intent] === 0) touched.push(intent);
          if (value > (best[intent] as number)) {
            best[intent] = value;
            bestFeature[intent] = feature;
            bestSimilarity[intent] = similarity;
          }
        }
      }
      let spread = 0;
      const out: TokenEvidence = {
        token: t.token,
        weight: 0,
        generic: isGeneric(t.concepts),
        domainWord: [...t.concepts].some((c) => DOMAIN_CONCEPTS.has(c)),
        background: this.isBackground(t.token),
        intents: touched,
        values: [],
        features: [],
        similarities: [],
        candidates,
      };
      for (const intent of touched) {
        out.values.push(best[intent] as number);
        out.features.push(bestFeature[intent] as number);
        out.similarities.push(bestSimilarity[intent] as number);
        if ((best[intent] as number) >= SPREAD_MIN) spread++;
        best[intent] = 0;
      }
      let weight = spread === 0 ? this.maxWeight * (t.concepts.size > 0 ? 1 : this.weights.unknown) : this.specificity(spread);
      if (/^\d+$/.test(t.token)) weight *= this.weights.number;
      out.weight = weight;
      return out;
    });
  }

  /**
   * How much of the message is job-centre language at all, from 0 (no word the pack knows) to 1:
   * per word that says something (not generic, not a stop word) its best evidence in any intent,
   * averaged. Off-topic chat ("my dog won't eat") scores near 0 even when one word happens to
   * resemble a pack word.
   */
  domainShare(evidence: readonly TokenEvidence[], from = 0, to = evidence.length): number {
    let total = 0;
    let sum = 0;
    for (let i = from; i < to; i++) {
      const e = evidence[i] as TokenEvidence;
      if (/^\d+$/.test(e.token)) continue;
      if (e.generic) {
        // "Jobcenter", "Bürgergeld" say nothing about the topic but everything about the domain;
        // "hello", "help", "how" say nothing either way.
        if (e.domainWord) {
          total += e.weight;
          sum += e.weight;
        }
        continue;
      }
      if (e.background) {
        // General chat: as telling as the most telling word, and no evidence of the domain.
        total += this.maxWeight;
        continue;
      }
      // A word one typo away from a pack word ("Kino" ~ "Kind", "Hund" ~ "und") is no evidence of the domain.
      let best = 0;
      for (let k = 0; k < e.values.length; k++) {
        if ((e.similarities[k] as number) >= DOMAIN_SIMILARITY && (e.values[k] as number) > best) best = e.values[k] as number;
      }
      total += e.weight;
      sum += e.weight * Math.min(1, best);
    }
    // Only neutral words ("hallo", "danke"): not off-topic, the small-talk entries decide.
    return total > 0 ? sum / total : 1;
  }

  /** Score the intents for the words `from`..`to` of a message; best first. */
  scoreEvidence(evidence: readonly TokenEvidence[], from = 0, to = evidence.length, shortlistSize = SHORTLIST): IntentScore[] {
    const n = this.intents.length;
    if (to <= from || n === 0) return [];
    const sum = this.scratchSum;
    const touched: number[] = [];
    let total = 0;
    const querySim = this.scratchQuery;
    const queryTouched: number[] = [];
    for (let i = from; i < to; i++) {
      const e = evidence[i] as TokenEvidence;
      total += e.weight;
      for (let k = 0; k < e.intents.length; k++) {
        const intent = e.intents[k] as number;
        if (sum[intent] === 0) touched.push(intent);
        sum[intent] = (sum[intent] as number) + e.weight * (e.values[k] as number);
      }
      for (const [f, s] of e.candidates) {
        if (querySim[f] === 0) queryTouched.push(f);
        if ((querySim[f] as number) < s) querySim[f] = s;
      }
    }
    // Only the intents that explain the message best can win; cover-checking the rest is wasted
    // time. A running top-k instead of sorting every touched intent (there can be a thousand).
    const shortlist: number[] = [];
    for (const i of touched) {
      const v = sum[i] as number;
      if (shortlist.length === shortlistSize && v <= (sum[shortlist[shortlistSize - 1] as number] as number)) continue;
      let at = shortlist.length < shortlistSize ? shortlist.length : shortlistSize - 1;
      while (at > 0 && (sum[shortlist[at - 1] as number] as number) < v) at--;
      shortlist.splice(at, 0, i);
      if (shortlist.length > shortlistSize) shortlist.pop();
    }
    const explained = new Map<number, number>(shortlist.map((i) => [i, (sum[i] as number) / total]));
    for (const i of touched) sum[i] = 0;

    const q = this.weights.queryShare;
    const g = this.weights.grams;
    const words: string[] = [];
    for (let i = from; i < to; i++) words.push((evidence[i] as TokenEvidence).token);
    const queryGrams = this.grams.query(words);
    const scores: Array<IntentScore & { index: number }> = shortlist.map((intent) => {
      let covered = 0;
      let similar = 0;
      for (const ex of this.examplesByIntent[intent] as ExampleModel[]) {
        const cos = CharGrams.cosine(queryGrams, ex.grams);
        if (cos > similar) similar = cos;
        if (ex.total === 0) continue;
        let num = 0;
        ex.features.forEach((fs, u) => {
          let m = 0;
          for (let j = 0; j < fs.length; j++) {
            const s = querySim[fs[j] as number] as number;
            if (s > m) m = s;
          }
          num += (ex.weights[u] as number) * m;
        });
        const c = num / ex.total;
        if (c > covered) covered = c;
      }
      const e = explained.get(intent) ?? 0;
      const words = q * e + (1 - q) * covered;
      let specific = false;
      for (let i = from; i < to && !specific; i++) {
        const ev = evidence[i] as TokenEvidence;
        if (ev.generic) continue;
        const k = ev.intents.indexOf(intent);
        specific = k >= 0 && (ev.values[k] as number) >= SPREAD_MIN;
      }
      return { intent: this.intents[intent] as string, index: intent, score: (1 - g) * words + g * similar, explained: e, covered, specific, evidence: [] as Evidence[] };
    });
    for (const f of queryTouched) querySim[f] = 0;
    scores.sort((a, b) => b.score - a.score);
    // Explanations only for the few that can be shown.
    for (const s of scores.slice(0, 3)) s.evidence = this.explain(evidence, from, to, s.index);
    return scores.map(({ index: _index, ...rest }) => rest);
  }

  private explain(evidence: readonly TokenEvidence[], from: number, to: number, intent: number): Evidence[] {
    const out: Evidence[] = [];
    for (let i = from; i < to; i++) {
      const e = evidence[i] as TokenEvidence;
      const k = e.intents.indexOf(intent);
      if (k >= 0) out.push({ token: e.token, feature: this.featureNames[e.features[k] as number] as string, similarity: e.similarities[k] as number, weight: e.weight });
    }
    return out;
  }

  /** The one intent with an example of exactly this (normalised) text, if there is exactly one. */
  exactIntent(normalized: string): string | undefined {
    const owners = this.exactExamples.get(normalized);
    return owners && owners.size === 1 ? this.intents[[...owners][0] as number] : undefined;
  }

  /** Score every intent for a message; best first. */
  score(text: string): IntentScore[] {
    return this.scoreEvidence(this.evidenceFor(this.analyse(text)));
  }
}
