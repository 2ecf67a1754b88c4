/**
 * Crisis detection on the project's own crisis test set (eval/crisis, ten languages): a
 * regression guard for recall — a crisis message without crisis numbers is the worst failure
 * Lotse can have — and for false alarms.
 */
import path from 'node:path';
import { evaluateCrisis, loadCrisisSet } from '../eval/crisis';
import { knowledge } from './helpers/handoff';

const lines = loadCrisisSet(path.resolve(__dirname, '..', 'eval', 'crisis'));

describe('crisis detection on the crisis test set', () => {
  it('covers at least eight languages with crisis and ordinary messages', () => {
    const languages = new Set(lines.map((l) => l.lang));
    expect(languages.size).toBeGreaterThanOrEqual(8);
    for (const lang of languages) {
      expect(lines.filter((l) => l.lang === lang && l.expect).length).toBeGreaterThanOrEqual(10);
      expect(lines.filter((l) => l.lang === lang && !l.expect).length).toBeGreaterThanOrEqual(8);
    }
  });

  it.each(['detected', 'known'] as const)('finds at least 99 %% of crises with the language %s, and at least 94 %% in every language', (mode) => {
    const result = evaluateCrisis(knowledge, lines, mode);
    expect(result.overall.recall).toBeGreaterThanOrEqual(0.99);
    for (const [lang, figures] of Object.entries(result.languages)) expect({ lang, recall: figures.recall >= 0.94 }).toEqual({ lang, recall: true });
    expect(result.overall.falseAlarmRate).toBeLessThanOrEqual(0.08);
  });
});
