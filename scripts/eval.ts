/**
 * `npm run eval -- --data <dir> [--json] [--errors]`: train the matcher per language on
 * train/<lang>.json exactly as content would be, ask every line of test/<lang>.jsonl, print the figures.
 *
 * `npm run eval -- --shipped --data <dir> [--content content] [--json] [--errors]`: ask every line of
 * test/<lang>.jsonl of the shipped bot (whole content pack, the POST /api/ask reply path, one fresh
 * request per line) and print what citizens get.
 */
import path from 'node:path';
import type { Metrics } from '../eval/dataset';
import { evaluate } from '../eval/evaluate';
import { evaluateShipped, SHIPPED_TARGETS, type ShippedMetrics } from '../eval/shipped';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function table<M extends object>(rows: Array<readonly [string, M]>, cols: Array<keyof M & string>): string {
  const width = Math.max(...cols.map((c) => c.length)) + 2;
  const head = `${['lang'.padEnd(8), ...cols.map((c) => c.padStart(width))].join('')}\n`;
  return head + rows.map(([lang, m]) => `${[lang.padEnd(8), ...cols.map((c) => String(m[c]).padStart(width))].join('')}\n`).join('');
}

function shipped(dataDir: string): void {
  const contentDir = path.resolve(arg('--content') ?? 'content');
  const result = evaluateShipped(dataDir, contentDir, arg('--profile') ?? 'musterstadt');
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ protocol: 'shipped', overall: result.overall, languages: result.languages, targets: SHIPPED_TARGETS })}\n`);
    return;
  }
  const cols: Array<keyof ShippedMetrics & string> = ['lines', 'directRight', 'rightInclClarify', 'wrong', 'offTopicHandled', 'uncoveredHandled', 'clarifyRate', 'p50Ms', 'p99Ms'];
  process.stdout.write(`shipped bot (${contentDir}), dataset ${dataDir}, knowledge built in ${result.buildMs.toFixed(0)} ms\n`);
  process.stdout.write(table([...Object.entries(result.languages), ['overall', result.overall] as const], cols));
  const t = SHIPPED_TARGETS;
  process.stdout.write(
    `targets: directRight >= ${t.directRight} per language (>= ${t.directRightOverall} overall), rightInclClarify >= ${t.rightInclClarify}, wrong <= ${t.wrong}, offTopicHandled >= ${t.offTopicHandled}, uncoveredHandled >= ${t.uncoveredHandled}, clarifyRate <= ${t.clarifyRate}, p99 <= 1 ms\n`,
  );
  if (process.argv.includes('--errors')) {
    for (const { line, result: r, verdict } of result.misses) {
      const expect = line.expect.kind === 'entries' ? line.expect.ids.join('|') : line.expect.kind;
      process.stdout.write(`${line.lang}\t${verdict}\t${expect}\t${r.outcome}:${r.entryId ?? r.options.join(',')}\t${line.text}\n`);
    }
  }
}

function main(): void {
  const dataDir = path.resolve(arg('--data') ?? 'eval/dev');
  if (process.argv.includes('--shipped')) return shipped(dataDir);
  const lexiconDir = path.resolve(arg('--lexicon') ?? 'content/lexicon');
  const result = evaluate(dataDir, lexiconDir);
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ overall: result.overall, languages: result.languages })}\n`);
    return;
  }
  const cols: Array<keyof Metrics & string> = ['inScopeTop1', 'inScopeInclClarify', 'oosPrecision', 'oosRecall', 'oosF1', 'confidentWrongRate', 'clarifyRate', 'p50Ms', 'p99Ms'];
  process.stdout.write(`dataset ${dataDir}, index built in ${result.buildMs.toFixed(0)} ms\n`);
  process.stdout.write(table([...Object.entries(result.languages), ['overall', result.overall] as const], cols));
  if (process.argv.includes('--errors')) {
    for (const e of result.errors) process.stdout.write(`${e.lang}\t${e.expect}\t${e.got.kind}:${e.got.intents.join(',')}\t${e.text}\n`);
  }
}

if (require.main === module) main();
