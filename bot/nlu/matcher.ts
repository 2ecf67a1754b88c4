/**
 * The matcher: a pure function of (index, text, language) → outcome. It answers only when one
 * intent clearly wins, asks back with two or three options when a few are close, and says
 * "no match" when nothing explains the message. A confident wrong answer is the worst outcome
 * for a citizen, so every doubt leans towards asking back.
 */
import type { LexiconFile } from '../../content/model';
import { compileLexicon } from './lexicon';
import { LanguageModel, type Evidence, type IntentScore, type ScoringWeights, type TrainingIntent, DEFAULT_WEIGHTS } from './model';
import { hasWords, normalize, splitSentences } from './normalize';
import { calibrationFactors, typicalScore } from './calibrate';

export interface Thresholds {
  /** Minimum score to answer with one intent. */
  answer: number;
  /** Minimum score to offer an intent as an option. */
  clarify: number;
  /** Minimum lead of the best over the second to answer without asking back. */
  margin: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.44, clarify: 0.28, margin: 0.06 };

/** Candidates checked per sentence of a long message. */
const SENTENCE_SHORTLIST = 4;

/** Messages longer than this are cut before matching (the question is rarely at the very end of an essay). */
export const MAX_MATCH_CHARS = 1200;

export interface Candidate {
  intent: string;
  score: number;
}

export type MatchOutcome =
  | { kind: 'answer'; intent: string; score: number; candidates: Candidate[]; reason: Evidence[]; exact?: boolean }
  | { kind: 'clarify'; candidates: Candidate[]; reason: Evidence[] }
  | { kind: 'nomatch'; candidates: Candidate[]; why: 'empty' | 'unknown-language' | 'no-intent' };

export interface MatcherIndex {
  models: ReadonlyMap<string, LanguageModel>;
  thresholds: ReadonlyMap<string, Thresholds>;
}

export interface BuildOptions {
  weights?: ScoringWeights;
  /** Fixed thresholds per language (no calibration for those). */
  thresholds?: Partial<Record<string, Thresholds>>;
  /** Scale thresholds per language by cross-validation on the training data (default on). */
  calibrate?: boolean;
}

/** Build the per-language models. `training` maps a language to its intents with examples. */
export function buildMatcher(
  training: ReadonlyMap<string, readonly TrainingIntent[]>,
  lexicons: ReadonlyMap<string, LexiconFile>,
  options: BuildOptions = {},
): MatcherIndex {
  const models = new Map<string, LanguageModel>();
  const thresholds = new Map<string, Thresholds>();
  const typical = new Map<string, number>();
  for (const [language, intents] of training) {
    const lexicon = compileLexicon(language, lexicons);
    models.set(language, new LanguageModel(language, intents, lexicon, options.weights ?? DEFAULT_WEIGHTS));
    const fixed = options.thresholds?.[language];
    if (fixed) thresholds.set(language, fixed);
    else if (options.calibrate !== false) {
      const score = typicalScore(language, intents, lexicon, options.weights);
      if (score !== undefined) typical.set(language, score);
    }
  }
  const factors = calibrationFactors(typical);
  for (const language of training.keys()) {
    if (thresholds.has(language)) continue;
    const f = factors.get(language) ?? 1;
    thresholds.set(language, { answer: DEFAULT_THRESHOLDS.answer * f, clarify: DEFAULT_THRESHOLDS.clarify * f, margin: DEFAULT_THRESHOLDS.margin });
  }
  return { models, thresholds };
}

/**
 * Score the whole message and, for long messages, each sentence on its own: the question is
 * often one sentence inside a story. Per intent the best part counts. Word evidence is computed
 * once and summed per part.
 */
function scoreParts(model: LanguageModel, text: string): IntentScore[] {
  const normalized = normalize(text);
  const sentences = splitSentences(text);
  const parts = sentences.length > 1 ? sentences.map((s) => model.analyse(s)) : [model.analyseNormalized(normalized)];
  const tokens = parts.flat();
  const evidence = model.evidenceFor(tokens);
  const whole = model.scoreEvidence(evidence);
  const exact = model.exactIntent(normalized);
  if (exact) for (const s of whole) if (s.intent === exact) s.exact = true;
  if (parts.length < 2) return whole;
  const best = new Map<string, IntentScore>(whole.map((s) => [s.intent, s]));
  let offset = 0;
  for (const part of parts) {
    const from = offset;
    offset += part.length;
    if (part.length < 2) continue;
    // A sentence can only add a strong candidate of its own; a short list is enough.
    for (const s of model.scoreEvidence(evidence, from, offset, SENTENCE_SHORTLIST)) {
      const seen = best.get(s.intent);
      if (!seen || seen.score < s.score) best.set(s.intent, s);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/** Decide between answer, clarify and no match from scored intents. */
export function decide(scores: readonly IntentScore[], t: Thresholds): MatchOutcome {
  const candidates = scores.slice(0, 5).map((s) => ({ intent: s.intent, score: Number(s.score.toFixed(4)) }));
  const [first, second] = scores;
  if (!first || first.score < t.clarify) return { kind: 'nomatch', candidates, why: 'no-intent' };
  const lead = first.score - (second?.score ?? 0);
  // The message says exactly what one entry's example says: that entry.
  const exact = scores.find((s) => s.exact);
  if (exact) return { kind: 'answer', intent: exact.intent, score: exact.score, candidates, reason: exact.evidence, exact: true };
  if (first.score >= t.answer && first.specific && (lead >= t.margin || (second?.score ?? 0) < t.clarify)) {
    return { kind: 'answer', intent: first.intent, score: first.score, candidates, reason: first.evidence };
  }
  const options = scores.filter((s) => s.score >= t.clarify && s.score >= first.score - 2.5 * t.margin).slice(0, 3);
  if (options.length === 1) {
    // One weak candidate only: offer it as a question rather than answering.
    return { kind: 'clarify', candidates: candidates.slice(0, 1), reason: first.evidence };
  }
  return { kind: 'clarify', candidates: candidates.slice(0, options.length), reason: first.evidence };
}

export type Scored = { kind: 'scored'; language: string; scores: IntentScore[] } | { kind: 'nomatch'; why: 'empty' | 'unknown-language' };

/** Score a message against every intent of a language (the expensive part; do it once per message). */
export function scoreMessage(index: MatcherIndex, text: unknown, language: string): Scored {
  if (typeof text !== 'string' || !hasWords(text)) return { kind: 'nomatch', why: 'empty' };
  const model = index.models.get(language);
  if (!model) return { kind: 'nomatch', why: 'unknown-language' };
  const clipped = text.length > MAX_MATCH_CHARS ? text.slice(0, MAX_MATCH_CHARS) : text;
  return { kind: 'scored', language, scores: scoreParts(model, clipped) };
}

/** The decision for scored intents, with the language's thresholds. */
export function decideScored(index: MatcherIndex, scored: Scored): MatchOutcome {
  if (scored.kind === 'nomatch') return { kind: 'nomatch', candidates: [], why: scored.why };
  return decide(scored.scores, index.thresholds.get(scored.language) ?? DEFAULT_THRESHOLDS);
}

/** Match a message in a language. Never throws; unknown languages and empty text give "no match". */
export function match(index: MatcherIndex, text: unknown, language: string): MatchOutcome {
  return decideScored(index, scoreMessage(index, text, language));
}
