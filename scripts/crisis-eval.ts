/**
 * `npm run eval:crisis [-- --json] [-- --errors]`: crisis recall and false alarms of Lotse's
 * crisis detection on eval/crisis, per language, with the language detected (first message)
 * and known (page language).
 */
import path from 'node:path';
import { buildKnowledge } from '../bot/knowledge';
import { loadContent } from '../content/load';
import { evaluateCrisis, loadCrisisSet, type CrisisFigures } from '../eval/crisis';

function main(): void {
  const root = path.resolve(__dirname, '..', '..');
  const contentDir = path.resolve(process.env.CONTENT_DIR ?? path.join(root, 'content'));
  const knowledge = buildKnowledge(loadContent(contentDir, process.env.PROFILE ?? 'musterstadt'));
  const lines = loadCrisisSet(path.join(root, 'eval', 'crisis'));
  const results = (['detected', 'known'] as const).map((mode) => evaluateCrisis(knowledge, lines, mode));
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results.map(({ mode, overall, languages }) => ({ mode, overall, languages })))}\n`);
    return;
  }
  const cols: Array<keyof CrisisFigures> = ['crisis', 'detected', 'recall', 'typeAccuracy', 'ordinary', 'falseAlarms', 'falseAlarmRate'];
  for (const result of results) {
    process.stdout.write(`\nlanguage ${result.mode}\n${['lang'.padEnd(8), ...cols.map((c) => c.padStart(15))].join('')}\n`);
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
