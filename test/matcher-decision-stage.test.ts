/**
 * The decision stage of issue 13 through the shipped content and the same reply path as
 * POST /api/ask: off-topic messages get an honest "I can't help with that", job-centre topics the
 * pack does not cover an honest "I don't have that" with a person, clarifications offer at most
 * three close options and never the person twice, and an entry's negative examples keep it from
 * answering what it declares it is not about.
 */
import path from 'node:path';
import { clarifyOptions, replyForText } from '../bot/answer';
import { buildKnowledge, type Knowledge } from '../bot/knowledge';
import { buildMatcher, decide, DEFAULT_THRESHOLDS, match, NOT_PREFIX } from '../bot/nlu/matcher';
import type { IntentScore } from '../bot/nlu/model';
import { loadContent } from '../content/load';
import type { Language, LexiconFile } from '../content/model';

const score = (intent: string, value: number): IntentScore => ({ intent, score: value, explained: value, covered: 1, specific: true, evidence: [] });
const now = new Date('2026-12-01T10:00:00Z');

let knowledge: Knowledge;
beforeAll(() => {
  knowledge = buildKnowledge(loadContent(path.resolve('content'), 'musterstadt'));
});

const ask = (text: string, lang: Language) => replyForText(knowledge, text, lang, { now });

describe('a message that is not about the job centre', () => {
  it.each<[Language, string]>([
    ['de', 'Wie wird das Wetter am Wochenende in Hamburg?'],
    ['en', 'can you recommend a good pasta recipe'],
    ['ru', 'какой фильм посмотреть вечером'],
    ['tr', 'bu aksam hangi dizi izlenir'],
  ])('gets "no match" with a person, never options or an answer (%s)', (lang, text) => {
    const reply = ask(text, lang);
    expect(reply.outcome).toBe('nomatch');
    expect(reply.options).toBeUndefined();
    expect(reply.suggestions.at(-1)?.value).toEqual({ action: 'handoff' });
  });

  it('is told honestly that the bot cannot help with that, with what it can do', () => {
    // (A city name alone is job-centre language now: moving_other_town's examples name cities.)
    const reply = ask('Wie wird das Wetter am Wochenende?', 'de');
    expect(reply.text).toMatch(/nicht helfen/);
    expect(reply.suggestions.map((s) => s.value)).toEqual([{ action: 'entry', id: 'bot_capabilities' }, { action: 'handoff' }]);
  });

  it('still gets the greeting entry for a plain "hello"', () => {
    expect(ask('Hallo', 'de')).toMatchObject({ outcome: 'answer', entryId: 'greeting' });
  });

  it('does not stop a real question with an unusual word from being answered', () => {
    expect(ask('Wann kommt mein Bürgergeld aufs Konto, Kumpel?', 'de')).toMatchObject({ outcome: 'answer', entryId: 'payment_date' });
  });
});

describe('a job-centre topic the pack does not cover', () => {
  it.each<[Language, string, string]>([
    ['de', 'Ich studiere und möchte BAföG beantragen, wo geht das?', 'trainee_student'],
    ['en', 'my company announced kurzarbeit, how much kurzarbeitergeld will i get', 'alg1_vs_buergergeld'],
    ['pl', 'potrzebuje kitaplatz dla corki od wrzesnia', 'education_participation'],
  ])('gets an honest "I have no information" with a person, not the neighbour\'s answer (%s)', (lang, text, neighbour) => {
    const reply = ask(text, lang);
    expect(reply.outcome).not.toBe('answer');
    expect(reply.entryId).not.toBe(neighbour);
    expect(reply.options ?? []).not.toContain(neighbour);
    expect(reply.suggestions.some((s) => s.value.action === 'handoff')).toBe(true);
  });
});

describe('clarification options', () => {
  it('are at most three, all close to the best', () => {
    const outcome = decide([score('a', 0.4), score('b', 0.39), score('c', 0.39), score('d', 0.38), score('e', 0.2)], DEFAULT_THRESHOLDS);
    expect(outcome.kind).toBe('clarify');
    expect(outcome.candidates.map((c) => c.intent)).toEqual(['a', 'b', 'c']);
  });

  it('leave out a candidate far below the best', () => {
    const outcome = decide([score('a', 0.42), score('b', 0.41), score('c', 0.3)], DEFAULT_THRESHOLDS);
    expect(outcome.candidates.map((c) => c.intent)).toEqual(['a', 'b']);
  });

  it('become "no match" when the message is only vaguely job-centre language', () => {
    const outcome = decide([score('a', 0.4), score('b', 0.39)], DEFAULT_THRESHOLDS, DEFAULT_THRESHOLDS.domain + 0.01);
    expect(outcome).toMatchObject({ kind: 'nomatch', why: 'no-intent' });
  });

  it('never offer "talk to a person" (the person button is always there) nor an unrelated crisis entry', () => {
    const ids = clarifyOptions(
      knowledge,
      [
        { intent: 'payment_missing', score: 0.4 },
        { intent: 'talk_to_person', score: 0.4 },
        { intent: 'crisis_child_danger', score: 0.39 },
        { intent: 'payment_date', score: 0.38 },
      ],
      DEFAULT_THRESHOLDS.margin,
    );
    expect(ids).toEqual(['payment_missing', 'payment_date']);
  });

  it('offer an entry of another group only when it is about as likely as the best', () => {
    // payment_missing and no_bank_account are both money; appeal is a decision.
    const far = clarifyOptions(knowledge, [{ intent: 'payment_missing', score: 0.45 }, { intent: 'appeal', score: 0.37 }], DEFAULT_THRESHOLDS.margin);
    const close = clarifyOptions(knowledge, [{ intent: 'payment_missing', score: 0.45 }, { intent: 'appeal', score: 0.44 }], DEFAULT_THRESHOLDS.margin);
    expect(far).toEqual(['payment_missing']);
    expect(close).toEqual(['payment_missing', 'appeal']);
  });
});

describe('negative examples', () => {
  const lexicons = new Map<string, LexiconFile>([['en', { language: 'en', stopwords: ['i', 'a', 'the', 'for', 'my', 'me', 'to', 'is', 'at', 'in'], concepts: {} }]]);
  const intents = [
    { id: 'interpreter_language', examples: ['i need an interpreter at the appointment', 'can someone translate for me', 'my german is bad is there a translator', 'interpreter in arabic for the meeting'] },
    { id: 'payment_date', examples: ['when is the money paid', 'payment date this month', 'when does the benefit arrive'] },
    { id: 'appeal', examples: ['i want to appeal the decision', 'objection against the letter', 'the decision is wrong'] },
  ];
  const negative = { id: `${NOT_PREFIX}interpreter_language`, examples: ['register for a german course', 'place in an integration course', 'german course near me'] };

  it('keep the neighbour from answering what it declares it is not about', () => {
    const without = buildMatcher(new Map([['en', intents]]), lexicons);
    const withNegatives = buildMatcher(new Map([['en', [...intents, negative]]]), lexicons);
    const text = 'how do i get a place in a german course';
    const before = match(without, text, 'en');
    const after = match(withNegatives, text, 'en');
    // Without the negative examples the interpreter entry is what the message resembles most.
    expect(before.candidates[0]?.intent).toBe('interpreter_language');
    expect(after.kind).toBe('nomatch');
    expect(after.candidates.map((c) => c.intent)).not.toContain(`${NOT_PREFIX}interpreter_language`);
  });

  it('leave the entry\'s own questions alone', () => {
    const withNegatives = buildMatcher(new Map([['en', [...intents, negative]]]), lexicons);
    expect(match(withNegatives, 'i need an interpreter for my appointment', 'en')).toMatchObject({ kind: 'answer', intent: 'interpreter_language' });
  });

  it('in the shipped pack are never answered by the entry that excludes them', () => {
    const { checkNegatives } = jest.requireActual<typeof import('../bot/negativesReport')>('../bot/negativesReport');
    const checks = checkNegatives(knowledge.snapshot, knowledge, now);
    expect(checks.length).toBeGreaterThan(50);
    expect(checks.filter((c) => c.stolen)).toEqual([]);
  });
});
