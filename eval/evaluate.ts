/** Runs Lotse's matcher over a dataset in the shared format and computes the figures. */
import { performance } from 'node:perf_hooks';
import { buildMatcher, match } from '../bot/nlu/matcher';
import { loadLexicons } from '../content/lexicons';
import { computeMetrics, loadDataset, type Metrics, type Prediction, type TestLine } from './dataset';

export function evaluate(dataDir: string, lexiconDir: string): { overall: Metrics; languages: Record<string, Metrics>; buildMs: number; errors: Array<TestLine & { got: Prediction }> } {
  const data = loadDataset(dataDir);
  const lexicons = loadLexicons(lexiconDir);
  const started = performance.now();
  const index = buildMatcher(data.train, lexicons.files);
  const buildMs = performance.now() - started;
  // Warm up (JIT, memo tables) on the training examples only, as a running service would be warm.
  for (const [lang, intents] of data.train) for (const intent of intents) for (const example of intent.examples) match(index, example, lang);
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

