import { buildMatcher, decide, match, DEFAULT_THRESHOLDS } from '../bot/nlu/matcher';
import { calibrationFactors, REFERENCE_SCORE } from '../bot/nlu/calibrate';
import type { IntentScore } from '../bot/nlu/model';
import type { LexiconFile } from '../content/model';

const score = (intent: string, value: number, covered = 1): IntentScore => ({ intent, score: value, explained: value, covered, specific: true, evidence: [] });

describe('the decision between answer, clarify and no match', () => {
  it('answers when one intent clearly wins', () => {
    const outcome = decide([score('a', 0.8), score('b', 0.3)], DEFAULT_THRESHOLDS);
    expect(outcome).toMatchObject({ kind: 'answer', intent: 'a' });
  });

  it('asks back with the close candidates instead of guessing between them', () => {
    const outcome = decide([score('a', 0.7), score('b', 0.68), score('c', 0.66), score('d', 0.2)], DEFAULT_THRESHOLDS);
    expect(outcome.kind).toBe('clarify');
    expect(outcome.candidates.map((c) => c.intent)).toEqual(['a', 'b', 'c']);
  });

  it('says no match when nothing explains the message', () => {
    expect(decide([score('a', 0.2)], DEFAULT_THRESHOLDS).kind).toBe('nomatch');
    expect(decide([], DEFAULT_THRESHOLDS).kind).toBe('nomatch');
  });

  it('offers a weak single candidate as a question rather than answering it', () => {
    const outcome = decide([score('a', DEFAULT_THRESHOLDS.clarify + 0.01)], DEFAULT_THRESHOLDS);
    expect(outcome.kind).toBe('clarify');
  });
});

describe('matching small training sets', () => {
  const lexicons = new Map<string, LexiconFile>([
    ['de', { language: 'de', stopwords: ['ich', 'mein', 'der', 'die', 'das', 'ist'], concepts: { money: ['geld', 'kohle', 'knete'], not_arrived: ['nicht angekommen', 'nicht da'] } }],
  ]);
  const index = buildMatcher(
    new Map([
      [
        'de',
        [
          { id: 'payment_missing', examples: ['Mein Geld ist nicht angekommen', 'Geld fehlt auf dem Konto', 'Keine Zahlung bekommen'] },
          { id: 'sick_note', examples: ['Ich bin krank, wohin mit der Krankmeldung?', 'Krankschreibung schicken', 'AU beim Jobcenter abgeben'] },
          { id: 'opening_hours', examples: ['Wann hat das Jobcenter geöffnet?', 'Öffnungszeiten', 'Ist das Amt am Freitag offen?'] },
        ],
      ],
    ]),
    lexicons,
  );

  it('understands a synonym through the lexicon ("Kohle" for "Geld")', () => {
    expect(match(index, 'kohle nicht da', 'de')).toMatchObject({ kind: 'answer', intent: 'payment_missing' });
  });

  it('tolerates typos and missing umlauts', () => {
    expect(match(index, 'oeffnungszeitn', 'de')).toMatchObject({ kind: 'answer', intent: 'opening_hours' });
    expect(match(index, 'krankschreibnug schicken', 'de')).toMatchObject({ kind: 'answer', intent: 'sick_note' });
  });

  it('says no match for a question about something no entry covers', () => {
    expect(match(index, 'Wie hoch wird meine Rente?', 'de').kind).toBe('nomatch');
  });

  it('finds the question inside a long message', () => {
    const text = 'Ich bin seit zwei Wochen in Musterstadt und habe drei Kinder. Die Wohnung ist klein. Wann hat das Jobcenter geöffnet?';
    expect(match(index, text, 'de')).toMatchObject({ kind: 'answer', intent: 'opening_hours' });
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['emoji only', '😭😭😭'],
    ['control characters', '\u0000\u0007\u001b'],
  ])('gives a defined no-match for %s input', (_name, text) => {
    expect(match(index, text, 'de')).toMatchObject({ kind: 'nomatch', why: 'empty' });
  });

  it('handles a 10,000-character message, mixed scripts and wrong types without throwing', () => {
    expect(() => match(index, 'Geld '.repeat(2000), 'de')).not.toThrow();
    expect(match(index, 'Geld فلوس гроші nicht angekommen', 'de').kind).not.toBe('nomatch');
    expect(match(index, 42 as unknown as string, 'de').kind).toBe('nomatch');
    expect(match(index, 'Geld', 'xx')).toMatchObject({ kind: 'nomatch', why: 'unknown-language' });
  });
});

describe('per-language calibration from the training data', () => {
  it('scales thresholds by a language\'s typical score relative to the others, within bounds', () => {
    const factors = calibrationFactors(new Map([['de', 0.6], ['ar', 0.45], ['en', 0.6], ['tr', 0.9]]));
    expect(factors.get('ar')).toBeLessThan(1);
    expect(factors.get('ar')).toBeGreaterThanOrEqual(0.85);
    expect(factors.get('tr')).toBeLessThanOrEqual(1.1);
    expect(factors.get('de')).toBeCloseTo(factors.get('en') as number);
  });

  it('falls back to the reference score when an index has fewer than three languages', () => {
    expect(calibrationFactors(new Map([['de', REFERENCE_SCORE]])).get('de')).toBeCloseTo(1);
  });
});
