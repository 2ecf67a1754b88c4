/**
 * `npm run eval -- --data <dir> [--json]`: train the matcher per language on train/<lang>.json
 * exactly as content would be, ask every line of test/<lang>.jsonl, print the figures.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildMatcher, match } from '../bot/nlu/matcher';
import { loadLexicons } from '../content/lexicons';
import { computeMetrics, loadDataset, type Metrics, type Prediction, type TestLine } from '../eval/dataset';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function evaluate(dataDir: string, lexiconDir: string): { overall: Metrics; languages: Record<string, Metrics>; buildMs: number; errors: Array<TestLine & { got: Prediction }> } {
  const data = loadDataset(dataDir);
  const lexicons = loadLexicons(lexiconDir);
  const started = performance.now();
  const index = buildMatcher(data.train, lexicons.files);
  const buildMs = performance.now() - started;
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

function main(): void {
  const dataDir = path.resolve(arg('--data') ?? 'eval/dev');
  const lexiconDir = path.resolve(arg('--lexicon') ?? 'content/lexicon');
  const result = evaluate(dataDir, lexiconDir);
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ overall: result.overall, languages: result.languages })}\n`);
    return;
  }
  const cols: Array<keyof Metrics> = ['inScopeAccuracy', 'oosPrecision', 'oosRecall', 'oosF1', 'confidentWrongRate', 'clarifyRate', 'p50Ms', 'p99Ms'];
  const rows = [...Object.entries(result.languages), ['overall', result.overall] as const];
  process.stdout.write(`dataset ${dataDir}, index built in ${result.buildMs.toFixed(0)} ms\n`);
  process.stdout.write(`${['lang'.padEnd(8), ...cols.map((c) => c.padStart(19))].join('')}\n`);
  for (const [lang, m] of rows) process.stdout.write(`${[lang.padEnd(8), ...cols.map((c) => String(m[c]).padStart(19))].join('')}\n`);
  if (process.argv.includes('--errors')) {
    for (const e of result.errors) process.stdout.write(`${e.lang}\t${e.expect}\t${e.got.kind}:${e.got.intents.join(',')}\t${e.text}\n`);
  }
}

if (require.main === module) main();
