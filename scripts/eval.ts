/**
 * `npm run eval -- --data <dir> [--json]`: train the matcher per language on train/<lang>.json
 * exactly as content would be, ask every line of test/<lang>.jsonl, print the figures.
 */
import path from 'node:path';
import type { Metrics } from '../eval/dataset';
import { evaluate } from '../eval/evaluate';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
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
