/**
 * `npm run content:check [-- --json] [--profile id] [--fast]`: validate the content folder.
 * Exits 1 when there are errors, so CI and editors' pre-commit hooks can stop bad content.
 */
import path from 'node:path';
import { checkContent } from '../content/check';
import { editorialTools } from '../bot/editorial';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const contentDir = path.resolve(arg('--content') ?? 'content');
  const report = checkContent(contentDir, arg('--profile') ?? 'musterstadt', editorialTools, { skipConfusable: process.argv.includes('--fast') });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ entries: report.entries, languages: report.languages, errors: report.errors, warnings: report.warnings, confusable: report.confusable, negatives: report.negatives })}\n`);
  } else {
    process.stdout.write(`${report.entries} entries\n`);
    process.stdout.write(`complete per language: ${Object.entries(report.languages).map(([l, n]) => `${l} ${n}`).join(', ')}\n`);
    for (const n of report.negatives ?? []) process.stdout.write(`negative ${n.language} ${n.entry}: ${n.answeredBy ? `answered by ${n.answeredBy}` : n.outcome} — ${n.example}\n`);
    for (const w of report.warnings) process.stdout.write(`warning: ${w}\n`);
    for (const e of report.errors) process.stdout.write(`error: ${e}\n`);
    process.stdout.write(`${report.errors.length} errors, ${report.warnings.length} warnings\n`);
  }
  process.exitCode = report.errors.length > 0 ? 1 : 0;
}

main();
