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
import { calibrationFactors, heldOut } from './calibrate';

export interface Thresholds {
  /** Minimum score to answer with one intent. */
  answer: number;
  /** Minimum score to offer an intent as an option. */
  clarify: number;
  /** Minimum lead of the best over the second to answer without asking back. */
  margin: number;
  /**
   * Minimum share of job-centre language in a message (see LanguageModel.domainShare): below it
   * the message is about something else and gets an honest "I can't help with that".
   */
  domain: number;
  /**
   * Minimum share of job-centre language to ask back with options when no entry is sure enough
   * to answer; a vaguer message gets "no match" instead of guessed options.
   */
  clarifyDomain: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.44, clarify: 0.28, margin: 0.06, domain: 0.35, clarifyDomain: 0.6 };

/** Pseudo-intents built from an entry's negative examples ("what this entry is not about") start with this. */
export const NOT_PREFIX = '¬';

/** Options in a clarification must be this close to the best (in multiples of the margin). */
const CLOSE_OPTIONS = 1.5;
/** A best candidate this close to the answer threshold is worth asking about even in a vaguer message. */
const STRONG_CLARIFY = 0.95;
/** At most this many options in a clarification. */
const MAX_OPTIONS = 3;

/** A calibrated domain floor never goes above this (a thin or odd training set must not silence the bot). */
const MAX_DOMAIN_FLOOR = 0.5;

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
  | { kind: 'nomatch'; candidates: Candidate[]; why: NoMatchReason };

/**
 * Why nothing was answered: `off-topic` — the message is not about the job centre at all;
 * `not-covered` — it is about something an entry declares it does not cover (a job-centre topic
 * the pack has no entry for); `no-intent` — nothing fits well enough.
 */
export type NoMatchReason = 'empty' | 'unknown-language' | 'no-intent' | 'off-topic' | 'not-covered';

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
  /** General-chat words per language (the background model of the off-topic decision). */
  background?: ReadonlyMap<string, readonly string[]>;
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
  const floors = new Map<string, number>();
  for (const [language, intents] of training) {
    const lexicon = compileLexicon(language, lexicons);
    const background = options.background?.get(language === 'de-x-ls' ? 'de' : language) ?? [];
    models.set(language, new LanguageModel(language, intents, lexicon, options.weights ?? DEFAULT_WEIGHTS, background));
    const fixed = options.thresholds?.[language];
    if (fixed) thresholds.set(language, fixed);
    else if (options.calibrate !== false) {
      // Negative examples are not questions the pack answers: they stay out of calibration.
      const held = heldOut(language, intents.filter((i) => !i.id.startsWith(NOT_PREFIX)), lexicon, options.weights, background);
      if (held.typical !== undefined) typical.set(language, held.typical);
      if (held.domainFloor !== undefined) floors.set(language, held.domainFloor);
    }
  }
  const factors = calibrationFactors(typical);
  for (const language of training.keys()) {
    if (thresholds.has(language)) continue;
    const f = factors.get(language) ?? 1;
    const domain = Math.min(MAX_DOMAIN_FLOOR, floors.get(language) ?? DEFAULT_THRESHOLDS.domain);
    thresholds.set(language, {
      answer: DEFAULT_THRESHOLDS.answer * f,
      clarify: DEFAULT_THRESHOLDS.clarify * f,
      margin: DEFAULT_THRESHOLDS.margin,
      domain,
      clarifyDomain: domain + DEFAULT_THRESHOLDS.clarifyDomain - DEFAULT_THRESHOLDS.domain,
    });
  }
  return { models, thresholds };
}

/**
 * Score the whole message and, for long messages, each sentence on its own: the question is
 * often one sentence inside a story. Per intent the best part counts. Word evidence is computed
 * once and summed per part.
 */
function scoreParts(model: LanguageModel, text: string): { scores: IntentScore[]; domain: number } {
  const normalized = normalize(text);
  const sentences = splitSentences(text);
  const parts = sentences.length > 1 ? sentences.map((s) => model.analyse(s)) : [model.analyseNormalized(normalized)];
  const tokens = parts.flat();
  const evidence = model.evidenceFor(tokens);
  const whole = model.scoreEvidence(evidence);
  const exact = model.exactIntent(normalized);
  if (exact) for (const s of whole) if (s.intent === exact) s.exact = true;
  let domain = model.domainShare(evidence);
  if (parts.length < 2) return { scores: whole, domain };
  const best = new Map<string, IntentScore>(whole.map((s) => [s.intent, s]));
  let offset = 0;
  for (const part of parts) {
    const from = offset;
    offset += part.length;
    if (part.length < 2) continue;
    // A story around a job-centre question: the question's sentence is what counts.
    domain = Math.max(domain, model.domainShare(evidence, from, offset));
    // A sentence can only add a strong candidate of its own; a short list is enough.
    for (const s of model.scoreEvidence(evidence, from, offset, SENTENCE_SHORTLIST)) {
      const seen = best.get(s.intent);
      if (!seen || seen.score < s.score) best.set(s.intent, s);
    }
  }
  return { scores: [...best.values()].sort((a, b) => b.score - a.score), domain };
}

/**
 * An entry's negative examples ("¬id") take the entry out of the running when they explain the
 * message at least as well as the entry does. When what is left is clearly weaker than the best
 * negative example, the message is about a topic the pack declares it does not cover.
 */
function applyNegatives(scores: readonly IntentScore[], t: Thresholds): { scores: IntentScore[]; notCovered: boolean } {
  const negatives = scores.filter((s) => s.intent.startsWith(NOT_PREFIX));
  const real = scores.filter((s) => !s.intent.startsWith(NOT_PREFIX));
  if (negatives.length === 0) return { scores: real, notCovered: false };
  const excluded = new Set<string>();
  for (const n of negatives) {
    const id = n.intent.slice(NOT_PREFIX.length);
    const own = real.find((s) => s.intent === id);
    if (own && own.score <= n.score) excluded.add(id);
  }
  const kept = real.filter((s) => !excluded.has(s.intent));
  const topNegative = negatives[0] as IntentScore;
  const notCovered = topNegative.score >= t.clarify && (kept[0]?.score ?? 0) < topNegative.score - t.margin;
  return { scores: kept, notCovered };
}

/**
 * Decide between answer, clarify and no match from scored intents, in three separate questions:
 * is the message about the job centre at all (its domain share), which entry (the scores, minus
 * entries whose negative examples fit better), and is that entry sure enough to answer, or are a
 * few close ones worth asking back about.
 */
export function decide(scored: readonly IntentScore[], t: Thresholds, domain = 1): MatchOutcome {
  const all = scored.filter((s) => !s.intent.startsWith(NOT_PREFIX));
  const candidates = all.slice(0, 5).map((s) => ({ intent: s.intent, score: Number(s.score.toFixed(4)) }));
  // The message says exactly what one entry's example says: that entry.
  const exact = all.find((s) => s.exact);
  if (exact) return { kind: 'answer', intent: exact.intent, score: exact.score, candidates, reason: exact.evidence, exact: true };
  if (domain < t.domain) return { kind: 'nomatch', candidates, why: 'off-topic' };
  const { scores, notCovered } = applyNegatives(scored, t);
  if (notCovered) return { kind: 'nomatch', candidates, why: 'not-covered' };
  const [first, second] = scores;
  if (!first || first.score < t.clarify) return { kind: 'nomatch', candidates, why: 'no-intent' };
  const lead = first.score - (second?.score ?? 0);
  if (first.score >= t.answer && first.specific && (lead >= t.margin || (second?.score ?? 0) < t.clarify)) {
    return { kind: 'answer', intent: first.intent, score: first.score, candidates, reason: first.evidence };
  }
  // Not sure enough to answer. Ask back only when the message is clearly job-centre language and
  // each option is plausibly meant: close to the best, at most three.
  const strong = first.specific && first.score >= STRONG_CLARIFY * t.answer;
  if (domain < t.clarifyDomain && !strong) return { kind: 'nomatch', candidates, why: 'no-intent' };
  const options = scores.filter((s) => s.score >= t.clarify && s.score >= first.score - CLOSE_OPTIONS * t.margin).slice(0, MAX_OPTIONS);
  return { kind: 'clarify', candidates: options.map((s) => ({ intent: s.intent, score: Number(s.score.toFixed(4)) })), reason: first.evidence };
}

export type Scored = { kind: 'scored'; language: string; scores: IntentScore[]; domain: number } | { kind: 'nomatch'; why: 'empty' | 'unknown-language' };

/** Score a message against every intent of a language (the expensive part; do it once per message). */
export function scoreMessage(index: MatcherIndex, text: unknown, language: string): Scored {
  if (typeof text !== 'string' || !hasWords(text)) return { kind: 'nomatch', why: 'empty' };
  const model = index.models.get(language);
  if (!model) return { kind: 'nomatch', why: 'unknown-language' };
  const clipped = text.length > MAX_MATCH_CHARS ? text.slice(0, MAX_MATCH_CHARS) : text;
  return { kind: 'scored', language, ...scoreParts(model, clipped) };
}

/** The decision for scored intents, with the language's thresholds. */
export function decideScored(index: MatcherIndex, scored: Scored): MatchOutcome {
  if (scored.kind === 'nomatch') return { kind: 'nomatch', candidates: [], why: scored.why };
  return decide(scored.scores, index.thresholds.get(scored.language) ?? DEFAULT_THRESHOLDS, scored.domain);
}

/** Match a message in a language. Never throws; unknown languages and empty text give "no match". */
export function match(index: MatcherIndex, text: unknown, language: string): MatchOutcome {
  return decideScored(index, scoreMessage(index, text, language));
}
