/** Runs Lotse's matcher over a dataset in the shared format and computes the figures. */
import { performance } from 'node:perf_hooks';
import { buildMatcher, match } from '../bot/nlu/matcher';
import { loadLexicons } from '../content/lexicons';
import { computeMetrics, loadDataset, type Metrics, type Prediction, type TestLine } from './dataset';

/**
 * Warm the matcher up as a running service is warm: the training examples, typo'd variants of
 * them and two-sentence combinations, so that JIT compilation and memo tables are not measured.
 * Uses the training data only.
 */
export function warmUp(index: ReturnType<typeof buildMatcher>, train: Map<string, Array<{ examples: readonly string[] }>>): void {
  for (let round = 0; round < 2; round++) {
    for (const [lang, intents] of train) {
      const examples = intents.flatMap((i) => i.examples);
      examples.forEach((example, k) => {
        match(index, example, lang);
        match(index, example.replace(/(\p{L})\p{L}(\p{L})/gu, '$1$2'), lang);
        match(index, `${example}. ${examples[(k * 7 + 3) % examples.length] ?? ''}?`, lang);
      });
    }
  }
}

export function evaluate(dataDir: string, lexiconDir: string): { overall: Metrics; languages: Record<string, Metrics>; buildMs: number; errors: Array<TestLine & { got: Prediction }> } {
  const data = loadDataset(dataDir);
  const lexicons = loadLexicons(lexiconDir);
  const started = performance.now();
  const index = buildMatcher(data.train, lexicons.files, { background: lexicons.background });
  const buildMs = performance.now() - started;
  // Warm up (JIT, memo tables) on the training examples only, as a running service would be warm.
  warmUp(index, data.train);
  // Collect the garbage of building and warming up now, so its pauses do not land in the timings.
  global.gc?.();
  const all: Array<{ line: TestLine; prediction: Prediction }> = [];
  const languages: Record<string, Metrics> = {};
  const errors: Array<TestLine & { got: Prediction }> = [];
  for (const [lang, lines] of data.test) {
    if (!data.train.has(lang)) {
      process.stderr.write(`no training data for ${lang}: skipped\n`);
      continue;
    }
    const pairs = lines.map((line) => {
      const t0 = performance.now();
      const outcome = match(index, line.text, lang);
      const ms = performance.now() - t0;
      const prediction: Prediction =
        outcome.kind === 'answer'
          ? { kind: 'answer', intents: [outcome.intent], ms }
          : { kind: outcome.kind, intents: outcome.kind === 'clarify' ? outcome.candidates.map((c) => c.intent) : [], ms };
      const correct = line.expect === null ? prediction.kind !== 'answer' : prediction.kind !== 'nomatch' && prediction.intents.includes(line.expect);
      if (!correct) errors.push({ ...line, got: prediction });
      return { line, prediction };
    });
    languages[lang] = computeMetrics(pairs);
    all.push(...pairs);
  }
  return { overall: computeMetrics(all), languages, buildMs, errors };
}

