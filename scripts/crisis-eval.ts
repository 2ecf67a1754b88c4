/**
 * `npm run eval:crisis [-- --json] [-- --errors]`: crisis recall and false alarms of Lotse's
 * crisis detection on eval/crisis (main set) and eval/crisis/heldout (never tuned against), per
 * language, with the language detected (first message) and known (page language).
 */
import path from 'node:path';
import { buildKnowledge } from '../bot/knowledge';
import { loadContent } from '../content/load';
import { evaluateCrisis, loadCrisisSet, type CrisisFigures } from '../eval/crisis';

function main(): void {
  const root = path.resolve(__dirname, '..', '..');
  const contentDir = path.resolve(process.env.CONTENT_DIR ?? path.join(root, 'content'));
  const knowledge = buildKnowledge(loadContent(contentDir, process.env.PROFILE ?? 'musterstadt'));
  // The main set (tuned against) and a held-out set (never tuned against: the honest figure).
  const sets = (['', 'heldout'] as const).map((sub) => ({ name: sub || 'main', lines: loadCrisisSet(path.join(root, 'eval', 'crisis', sub)) }));
  const results = sets.flatMap((set) => (['detected', 'known'] as const).map((mode) => ({ set: set.name, ...evaluateCrisis(knowledge, set.lines, mode) })));
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results.map(({ set, mode, overall, languages }) => ({ set, mode, overall, languages })))}\n`);
    return;
  }
  const cols: Array<keyof CrisisFigures> = ['crisis', 'detected', 'recall', 'typeAccuracy', 'ordinary', 'falseAlarms', 'falseAlarmRate'];
  for (const result of results) {
    process.stdout.write(`\nset ${result.set}, language ${result.mode}\n${['lang'.padEnd(8), ...cols.map((c) => c.padStart(15))].join('')}\n`);
    for (const [lang, f] of [...Object.entries(result.languages), ['overall', result.overall] as const]) {
      process.stdout.write(`${[lang.padEnd(8), ...cols.map((c) => String(f[c]).padStart(15))].join('')}\n`);
    }
    if (process.argv.includes('--errors')) {
      for (const m of result.misses) process.stdout.write(`MISS\t${m.lang}(${m.language})\t${m.expect}\t${m.text}\n`);
      for (const m of result.falseAlarms) process.stdout.write(`FALSE\t${m.lang}(${m.language})\t${m.got}\t${m.text}\n`);
    }
  }
}

if (require.main === module) main();
