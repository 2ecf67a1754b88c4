/**
 * The matching model of one language, built from training examples (content entries) and the
 * lexicon. Scoring asks two questions of every intent:
 *  - how much of the message does it explain? (each message word, weighted by how telling it is,
 *    finds its best evidence in the intent: the same word, its stem, a typo or inflection of it,
 *    or a word of the same concept), and
 *  - how much of its best example does the message cover?
 * A message full of words no intent knows ("Rente", "Steuererklärung") is explained by none,
 * which is what lets the matcher say "I don't know" instead of guessing.
 */
import type { CompiledLexicon } from './lexicon';
import { normalize, tokenize } from './normalize';
import { stem } from './stem';
import { Vocabulary } from './vocabulary';

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
  /** Share of the score from "message explained by intent" (rest: "example covered by message"). */
  queryShare: number;
}

export const DEFAULT_WEIGHTS: ScoringWeights = { concept: 0.85, stem: 0.92, unknown: 0.8, queryShare: 0.7 };

interface ExampleModel {
  intent: number;
  tokens: Array<{ features: string[]; weight: number }>;
}

export interface Evidence {
  token: string;
  feature: string;
  similarity: number;
  weight: number;
}

export interface IntentScore {
  intent: string;
  score: number;
  explained: number;
  covered: number;
  evidence: Evidence[];
}

/** Analyse a text: normalise, split, drop stop words that carry no concept, attach concepts. */
export function analyse(text: string, language: string, lexicon: CompiledLexicon): AnalysedToken[] {
  const tokens = tokenize(normalize(text));
  const concepts = lexicon.conceptsOf(tokens);
  const out: AnalysedToken[] = [];
  tokens.forEach((token, i) => {
    const c = concepts[i] as ReadonlySet<string>;
    if (lexicon.stopwords.has(token) && c.size === 0) return;
    out.push({ token, stem: stem(token, language), concepts: c });
  });
  return out;
}

const SHORTLIST = 12;

function strength(df: number, examples: number): number {
  return df <= 0 ? 0 : 0.6 + 0.4 * Math.min(1, df / Math.max(1, 0.34 * examples));
}

export class LanguageModel {
  readonly intents: string[];
  private readonly exampleCounts: number[];
  /** feature → intent index → P(feature | intent) in (0, 1]. */
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly examplesByIntent: ExampleModel[][];
  readonly vocabulary: Vocabulary;

  constructor(
    readonly language: string,
    intents: readonly TrainingIntent[],
    readonly lexicon: CompiledLexicon,
    readonly weights: ScoringWeights = DEFAULT_WEIGHTS,
  ) {
    this.intents = intents.map((i) => i.id);
    this.exampleCounts = intents.map((i) => Math.max(1, i.examples.length));
    const df = new Map<string, Map<number, number>>();
    const words = new Set<string>();
    const analysedExamples: Array<{ intent: number; tokens: AnalysedToken[] }> = [];
    intents.forEach((intent, index) => {
      const texts = [...intent.examples, ...(intent.keywords && intent.keywords.length ? [intent.keywords.join(' ')] : [])];
      texts.forEach((text, k) => {
        const tokens = analyse(text, language, lexicon);
        const seen = new Set<string>();
        for (const t of tokens) {
          words.add(t.token);
          for (const f of this.featuresOf(t)) seen.add(f);
        }
        for (const f of seen) {
          const perIntent = df.get(f) ?? new Map<number, number>();
          perIntent.set(index, (perIntent.get(index) ?? 0) + 1);
          df.set(f, perIntent);
        }
        if (k < intent.examples.length) analysedExamples.push({ intent: index, tokens });
      });
    });
    for (const [feature, perIntent] of df) {
      const p = new Map<number, number>();
      for (const [intent, count] of perIntent) p.set(intent, strength(count, this.exampleCounts[intent] as number));
      this.postings.set(feature, p);
    }
    this.vocabulary = new Vocabulary(words, language === 'de' || language === 'de-x-ls');
    this.examplesByIntent = this.intents.map(() => []);
    for (const ex of analysedExamples) {
      this.examplesByIntent[ex.intent]?.push({
        intent: ex.intent,
        tokens: ex.tokens.map((t) => ({ features: this.featuresOf(t), weight: this.specificity(this.spreadOfFeatures(this.featuresOf(t))) })),
      });
    }
  }

  private featuresOf(t: AnalysedToken): string[] {
    const f = [`w:${t.token}`];
    if (t.stem !== t.token) f.push(`s:${t.stem}`);
    else f.push(`s:${t.token}`);
    for (const c of t.concepts) f.push(`c:${c}`);
    return f;
  }

  private spreadOfFeatures(features: string[]): number {
    // The most specific feature decides how telling a word is.
    let spread = this.intents.length;
    for (const f of features) {
      const p = this.postings.get(f);
      if (p && p.size < spread) spread = p.size;
    }
    return spread;
  }

  /** How telling a word is, from how many intents it appears in (inverse document frequency). */
  private specificity(spread: number): number {
    return Math.log(1 + this.intents.length / (1 + spread));
  }

  /** Features a message token can be found by, each with how sure the match is. */
  private candidateFeatures(t: AnalysedToken): Map<string, number> {
    const out = new Map<string, number>();
    const offer = (f: string, s: number): void => {
      if ((out.get(f) ?? 0) < s) out.set(f, s);
    };
    for (const r of this.vocabulary.relatives(t.token)) offer(`w:${r.word}`, r.similarity);
    offer(`s:${t.stem}`, this.weights.stem);
    for (const c of t.concepts) offer(`c:${c}`, this.weights.concept);
    return out;
  }

  /** Score every intent for a message; best first. */
  score(text: string): IntentScore[] {
    const tokens = analyse(text, this.language, this.lexicon);
    return this.scoreTokens(tokens);
  }

  scoreTokens(tokens: readonly AnalysedToken[]): IntentScore[] {
    const n = this.intents.length;
    if (tokens.length === 0 || n === 0) return [];
    const explained = new Float64Array(n);
    const evidence: Array<Evidence[]> = Array.from({ length: n }, () => []);
    const queryFeatures = new Map<string, number>();
    let totalWeight = 0;
    const maxWeight = this.specificity(0);

    for (const t of tokens) {
      const candidates = this.candidateFeatures(t);
      const best = new Map<number, { value: number; feature: string; similarity: number }>();
      for (const [feature, similarity] of candidates) {
        if ((queryFeatures.get(feature) ?? 0) < similarity) queryFeatures.set(feature, similarity);
        const postings = this.postings.get(feature);
        if (!postings) continue;
        for (const [intent, p] of postings) {
          const value = similarity * p;
          const seen = best.get(intent);
          if (!seen || seen.value < value) best.set(intent, { value, feature, similarity });
        }
      }
      let spread = 0;
      for (const b of best.values()) if (b.value >= 0.45) spread++;
      const weight = spread === 0 ? maxWeight * this.weights.unknown : this.specificity(spread);
      totalWeight += weight;
      for (const [intent, b] of best) {
        explained[intent] = (explained[intent] as number) + weight * b.value;
        (evidence[intent] as Evidence[]).push({ token: t.token, feature: b.feature, similarity: b.similarity, weight });
      }
    }

    // Only the intents that explain the message best can win; cover-checking the rest is wasted time.
    const shortlist = [...explained.keys()].sort((a, b) => (explained[b] as number) - (explained[a] as number)).slice(0, SHORTLIST);
    const covered = new Float64Array(n);
    for (const ex of shortlist.flatMap((i) => this.examplesByIntent[i] as ExampleModel[])) {
      let num = 0;
      let den = 0;
      for (const u of ex.tokens) {
        let m = 0;
        for (const f of u.features) {
          const s = queryFeatures.get(f);
          if (s !== undefined && s > m) m = s;
        }
        num += u.weight * m;
        den += u.weight;
      }
      const c = den > 0 ? num / den : 0;
      if (c > (covered[ex.intent] as number)) covered[ex.intent] = c;
    }

    const q = this.weights.queryShare;
    const scores: IntentScore[] = [];
    for (const i of shortlist) {
      const e = (explained[i] as number) / totalWeight;
      const c = covered[i] as number;
      if (e === 0 && c === 0) continue;
      scores.push({ intent: this.intents[i] as string, score: q * e + (1 - q) * c, explained: e, covered: c, evidence: evidence[i] as Evidence[] });
    }
    return scores.sort((a, b) => b.score - a.score);
  }
}
