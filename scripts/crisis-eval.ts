/**
 * `npm run eval:crisis [-- --json] [-- --errors]`: crisis recall and false alarms of Lotse's
 * crisis detection on eval/crisis (and eval/crisis/heldout when present), per language, with the
 * language detected (first message) and known (page language).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildKnowledge } from '../bot/knowledge';
import { loadContent } from '../content/load';
import { evaluateCrisis, loadCrisisSet, type CrisisFigures } from '../eval/crisis';

function main(): void {
  const root = path.resolve(__dirname, '..', '..');
  const contentDir = path.resolve(process.env.CONTENT_DIR ?? path.join(root, 'content'));
  const knowledge = buildKnowledge(loadContent(contentDir, process.env.PROFILE ?? 'musterstadt'));
  // The set in eval/crisis, and a held-out set in eval/crisis/heldout when there is one (new
  // messages measured before anything is tuned on them; see eval/crisis/README.md).
  const heldout = path.join(root, 'eval', 'crisis', 'heldout');
  const sets = [{ name: 'main', dir: path.join(root, 'eval', 'crisis') }, ...(fs.existsSync(heldout) ? [{ name: 'heldout', dir: heldout }] : [])].map((s) => ({ name: s.name, lines: loadCrisisSet(s.dir) }));
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
