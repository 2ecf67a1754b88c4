/**
 * `npm run eval:pii [-- --errors] [-- --json]`: recall (share of personal-data spans fully
 * masked) and false-mask rate (amounts, appointment dates, public numbers masked anyway) of
 * bot/redact.ts on eval/pii, per language and overall. The job centre's own numbers come from
 * the profile, as in the running service.
 */
import path from 'node:path';
import { loadContent } from '../content/load';
import { loadPiiSet, scorePii, type PiiFigures } from '../eval/pii/score';
import { publicNumbersOf } from '../bot/privacy/publicNumbers';

function main(): void {
  const root = path.resolve(__dirname, '..', '..');
  const content = loadContent(path.join(root, 'content'), process.env.PROFILE ?? 'musterstadt');
  const result = scorePii(loadPiiSet(path.join(root, 'eval', 'pii')), { publicNumbers: publicNumbersOf(content.profile) });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ overall: result.overall, languages: result.languages })}\n`);
    return;
  }
  const cols: Array<keyof PiiFigures> = ['lines', 'pii', 'masked', 'recall', 'keep', 'falselyMasked', 'falseMaskRate'];
  process.stdout.write(`${['lang'.padEnd(8), ...cols.map((c) => c.padStart(14))].join('')}\n`);
  for (const [lang, f] of [...Object.entries(result.languages), ['overall', result.overall] as const]) {
    process.stdout.write(`${[lang.padEnd(8), ...cols.map((c) => String(f[c]).padStart(14))].join('')}\n`);
  }
  if (process.argv.includes('--errors')) {
    for (const m of result.misses) process.stdout.write(`${m.why}\t${m.lang}\t${m.kind}\t${m.span}\t| ${m.text}\n`);
  }
}

main();
