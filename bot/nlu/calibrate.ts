/**
 * Per-language calibration from the training data only. Languages differ in how high a correct
 * match scores (rich morphology and dialect spread lower the scores in Arabic, higher in German),
 * so one set of thresholds answers too eagerly in one and too shyly in another. Holding out every
 * third training example and asking it of a model trained on the rest measures each language's
 * typical score for a correct match; the thresholds are scaled by that score relative to the
 * other languages. (One fold, not three: a few hundred held-out examples settle a median, and
 * start-up time matters more than the last digit.)
 */
import type { CompiledLexicon } from './lexicon';
import { DEFAULT_WEIGHTS, LanguageModel, type ScoringWeights, type TrainingIntent } from './model';

const FOLDS = 3;
/** Bounds of the scaling: calibration nudges the thresholds, it never replaces them. */
const MIN_FACTOR = 0.85;
const MAX_FACTOR = 1.1;
/** Typical score of a correct cross-validated match, used when an index has too few languages to compare. */
export const REFERENCE_SCORE = 0.55;
/** Larger indexes keep the default thresholds (calibrating them would cost several builds). */
const MAX_INTENTS = 300;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export interface HeldOut {
  /** Median score of correct top matches. */
  typical?: number;
  /**
   * How little job-centre language a real question may have: a low percentile of the held-out
   * examples' domain share. A message below it is about something else.
   */
  domainFloor?: number;
}

/** Share of held-out examples allowed to fall below the domain floor. */
const DOMAIN_PERCENTILE = 0.03;

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Hold out every third example, train on the rest, ask the held-out ones: the median score of
 * correct matches and the domain floor. Undefined fields when the data is too thin.
 */
export function heldOut(language: string, intents: readonly TrainingIntent[], lexicon: CompiledLexicon, weights: ScoringWeights = DEFAULT_WEIGHTS, background: readonly string[] = []): HeldOut {
  if (intents.length < 5 || intents.length > MAX_INTENTS) return {};
  const perIntent = median(intents.map((i) => i.examples.length)) ?? 0;
  if (perIntent < FOLDS) return {};
  const correct: number[] = [];
  const domain: number[] = [];
  const model = new LanguageModel(
    language,
    intents.map((i) => ({ id: i.id, examples: i.examples.filter((_, k) => k % FOLDS !== 0) })),
    lexicon,
    weights,
    background,
  );
  for (const intent of intents) {
    intent.examples.forEach((example, k) => {
      if (k % FOLDS !== 0) return;
      const evidence = model.evidenceFor(model.analyse(example));
      // Examples made only of generic words ("hallo", "danke") say nothing about the domain floor.
      if (evidence.some((e) => !e.generic)) domain.push(model.domainShare(evidence));
      const [top] = model.scoreEvidence(evidence);
      if (top && top.intent === intent.id) correct.push(top.score);
    });
  }
  return { typical: median(correct), domainFloor: domain.length >= 20 ? percentile(domain, DOMAIN_PERCENTILE) : undefined };
}

/** Median score of correct top matches when each example is held out from training; undefined when the data is too thin. */
export function typicalScore(language: string, intents: readonly TrainingIntent[], lexicon: CompiledLexicon, weights: ScoringWeights = DEFAULT_WEIGHTS): number | undefined {
  return heldOut(language, intents, lexicon, weights).typical;
}

/** Threshold factor per language: its typical score relative to the others' (or the reference). */
export function calibrationFactors(typical: ReadonlyMap<string, number>): Map<string, number> {
  const values = [...typical.values()];
  const reference = values.length >= 3 ? values.reduce((a, b) => a + b, 0) / values.length : REFERENCE_SCORE;
  return new Map([...typical].map(([language, score]) => [language, Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, score / reference))]));
}
