/**
 * The redaction set (eval/pii, ≥ 50 cases per language) is masked with recall ≥ 0.98 in every
 * language, and amounts, appointment dates, paragraphs and the job centre's own numbers stay.
 */
import path from 'node:path';
import { loadContent } from '../content/load';
import { loadPiiSet, scorePii } from '../eval/pii/score';
import { publicNumbersOf } from '../bot/privacy/publicNumbers';

const root = path.resolve(__dirname, '..');
const lines = loadPiiSet(path.join(root, 'eval', 'pii'));
const result = scorePii(lines, { publicNumbers: publicNumbersOf(loadContent(path.join(root, 'content'), 'musterstadt').profile) });

it('has at least 50 personal-data cases and 10 negatives for each of the ten languages', () => {
  for (const lang of ['de', 'en', 'ar', 'ru', 'uk', 'tr', 'fa', 'pl', 'ro', 'bg']) {
    expect(lines.filter((l) => l.lang === lang && l.pii.length > 0).length).toBeGreaterThanOrEqual(50);
    expect(lines.filter((l) => l.lang === lang && l.pii.length === 0).length).toBeGreaterThanOrEqual(10);
  }
});

it.each(Object.keys(result.languages))('masks ≥ 98 %% of the personal data in %s and none of what must stay', (lang) => {
  expect(result.languages[lang]!.recall).toBeGreaterThanOrEqual(0.98);
  expect(result.languages[lang]!.falselyMasked).toBe(0);
});
