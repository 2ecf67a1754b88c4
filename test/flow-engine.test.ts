/**
 * The flow engine without text or storage: moves on a small flow written here, the checks that
 * keep broken flows out of content, typed dates and the control words of every language.
 */
import { checkFlow, flowFileSchema, ORIGIN, type Flow } from '../content/flowModel';
import * as engine from '../bot/flows/engine';
import { addMonths, derive, parseDate, todayIn } from '../bot/flows/dates';
import { controlWord } from '../bot/flows/words';
import { parseFlowButton } from '../bot/flows/driver';
import { LANGUAGES } from '../content/model';

const t = (de: string) => ({ de, en: de });

/** start → choose (date_a | plain_b) → … → done; problem `fix` off `start` → handoff `person`; municipal redirect. */
function testFlow(overrides: Partial<Flow['steps']> = {}, version = '1'): Flow {
  return flowFileSchema.parse({
    id: 'demo',
    version,
    title: t('Demo'),
    summary: 'A flow for the engine tests.',
    start: 'start',
    steps: {
      start: { n: 1, text: t('Start'), next: 'choose', problems: [{ label: t('Problem'), next: 'fix' }], byProfile: { municipal: 'elsewhere' } },
      choose: { n: 2, text: t('Choose'), options: [{ label: t('A'), next: 'date_a' }, { label: t('B'), next: 'plain_b' }] },
      date_a: { kind: 'date', n: 3, text: t('When?'), next: 'plan', date: { save: 'end', derive: { before: { months: -1 } }, branches: [{ passed: 'end', next: 'late' }] } },
      plain_b: { n: 3, text: t('B'), next: 'done' },
      plan: { n: 4, text: t('Plan until {{value.before}}'), next: 'done' },
      late: { n: 4, text: t('Late'), next: 'done' },
      fix: { kind: 'problem', text: t('Fix'), unsolved: 'person' },
      person: { kind: 'handoff', text: t('Person') },
      elsewhere: { kind: 'handoff', text: t('Other portal') },
      done: { kind: 'end', text: t('Done') },
      ...overrides,
    },
  });
}

const env = (today = '2026-11-23', profileType: 'joint' | 'municipal' = 'joint'): engine.FlowEnv => ({ profileType, today, now: new Date(`${today}T10:00:00Z`) });
const refs = { entryIds: new Set<string>(), flowIds: new Set(['demo']), sourceIds: new Set<string>() };

describe('the flow engine', () => {
  it('starts at the first step and counts the start and the step reached', () => {
    const move = engine.start(testFlow(), env());
    expect(move.position.stepId).toBe('start');
    expect(move.events.map((e) => e.event)).toEqual(['started', 'reached']);
  });

  it('sends a municipal job centre to its own branch (profile type)', () => {
    const move = engine.start(testFlow(), env('2026-11-23', 'municipal'));
    expect(move.position.stepId).toBe('elsewhere');
    expect(move.handoff).toBe(true);
  });

  it('follows a button of the current step and refuses one from an earlier step', () => {
    const flow = testFlow();
    const atChoose = engine.choose(flow, engine.start(flow, env()).position, 'start', 'choose', env()).position;
    const replayed = engine.choose(flow, atChoose, 'start', 'choose', env());
    expect(replayed.notice).toBe('stale');
    expect(replayed.position).toBe(atChoose);
    expect(replayed.events).toEqual([]);
  });

  it('refuses a jump the step does not offer (a forged button)', () => {
    const flow = testFlow();
    const position = engine.start(flow, env()).position;
    expect(engine.choose(flow, position, 'start', 'done', env()).notice).toBe('unknownButton');
    expect(engine.choose(flow, position, 'start', undefined, env()).notice).toBe('unknownButton');
  });

  it('goes from a problem back to the step it was chosen at, without counting that step again', () => {
    const flow = testFlow();
    const atProblem = engine.choose(flow, engine.start(flow, env()).position, 'start', 'fix', env());
    expect(atProblem.events.map((e) => e.event)).toEqual(['reached', 'problem']);
    expect(engine.stepNumber(flow, atProblem.position)).toBe(1);
    const back = engine.choose(flow, atProblem.position, 'fix', ORIGIN, env());
    expect(back.position.stepId).toBe('start');
    expect(back.position.trail).toEqual([]);
    expect(back.events).toEqual([]);
  });

  it('counts a handoff when a problem cannot be solved, and resumes at the step it hangs off', () => {
    const flow = testFlow();
    const atProblem = engine.choose(flow, engine.start(flow, env()).position, 'start', 'fix', env()).position;
    const handoff = engine.choose(flow, atProblem, 'fix', 'person', env());
    expect(handoff.handoff).toBe(true);
    expect(handoff.events.map((e) => e.event)).toContain('handedOff');
    const resumed = engine.resume(flow, handoff.position, env());
    expect(resumed.position.stepId).toBe('start');
    expect(resumed.events.map((e) => e.event)).toEqual(['resumed']);
  });

  it('goes back to the previous numbered step and says so at the first one', () => {
    const flow = testFlow();
    const atChoose = engine.choose(flow, engine.start(flow, env()).position, 'start', 'choose', env()).position;
    expect(engine.back(flow, atChoose, env()).position.stepId).toBe('start');
    expect(engine.back(flow, engine.start(flow, env()).position, env()).notice).toBe('firstStep');
  });

  it('keeps the trail a simple path when a citizen loops between steps', () => {
    const flow = testFlow();
    let position = engine.start(flow, env()).position;
    for (let i = 0; i < 50; i++) {
      position = engine.choose(flow, position, position.stepId, position.stepId === 'start' ? 'choose' : undefined, env()).position;
      position = engine.back(flow, position, env()).position;
    }
    expect(position.trail.length).toBeLessThanOrEqual(1);
  });

  it('reads a date, derives the deadline and takes the branch for a date already passed', () => {
    const flow = testFlow();
    const atDate = engine.choose(flow, engine.choose(flow, engine.start(flow, env()).position, 'start', 'choose', env()).position, 'choose', 'date_a', env()).position;
    const plan = engine.enterDate(flow, atDate, '31.03.2027', env()) as engine.Move;
    expect(plan.position.stepId).toBe('plan');
    expect(plan.position.values).toEqual({ end: '2027-03-31', before: '2027-02-28' });
    expect(engine.enterDate(flow, atDate, '01.11.2026', env())?.position.stepId).toBe('late');
    expect(engine.enterDate(flow, atDate, '32.13.2027', env())?.notice).toBe('dateInvalid');
    expect(engine.enterDate(flow, atDate, 'Wann kommt mein Geld?', env())).toBeUndefined();
  });

  it('keeps a citizen at the same step when the flow changed but the step is still there', () => {
    const flow = testFlow();
    const position = engine.choose(flow, engine.start(flow, env()).position, 'start', 'choose', env()).position;
    const changed = testFlow({ choose: { kind: 'step', n: 2, text: t('Choose again'), next: 'plain_b' } }, '2');
    const move = engine.reconcile(changed, position, env());
    expect(move.position.stepId).toBe('choose');
    expect(move.position.version).toBe('2');
    expect(move.notice).toBeUndefined();
  });

  it('moves a citizen to the nearest earlier step when editors removed the current one', () => {
    const flow = testFlow();
    const atB = engine.choose(flow, engine.choose(flow, engine.start(flow, env()).position, 'start', 'choose', env()).position, 'choose', 'plain_b', env()).position;
    const { plain_b: _removed, ...steps } = testFlow().steps;
    const changed = flowFileSchema.parse({ ...testFlow(), version: '2', steps: { ...steps, choose: { n: 2, text: t('C'), next: 'date_a' } } });
    const move = engine.reconcile(changed, atB, env());
    expect(move.notice).toBe('updated');
    expect(move.position.stepId).toBe('choose');
  });

  it('restarts politely when nothing of the old position is left', () => {
    const position = { flowId: 'demo', stepId: 'gone', version: '0', trail: ['also_gone'], updatedAt: '2026-11-01T00:00:00Z' };
    const move = engine.reconcile(testFlow(), position, env());
    expect(move.notice).toBe('restarted');
    expect(move.position.stepId).toBe('start');
    expect(move.events.map((e) => e.event)).toEqual(['started', 'restarted', 'reached']);
  });
});

describe('the flow checks (content:check)', () => {
  it('accepts a sound flow', () => {
    expect(checkFlow(testFlow(), refs)).toEqual([]);
  });

  it('finds a dangling step reference, with the path to it', () => {
    const broken = testFlow({ plain_b: { kind: 'step', n: 3, text: t('B'), next: 'nowhere' } });
    expect(checkFlow(broken, refs)).toContainEqual({ path: ['steps', 'plain_b', 'next'], message: 'step "nowhere" does not exist' });
  });

  it('finds unreachable steps, numbering gaps, unknown values and problems that are not problem steps', () => {
    const broken = testFlow({
      orphan: { kind: 'end', text: t('Nobody comes here') },
      plan: { kind: 'step', n: 6, text: t('{{value.nothing}}'), next: 'done' },
      plain_b: { kind: 'step', n: 3, text: t('B'), next: 'done', problems: [{ label: t('x'), next: 'done' }] },
    });
    const messages = checkFlow(broken, refs).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'step "orphan" cannot be reached from "start"',
        'no step has number 5 (numbers run 1..6 without gaps)',
        '{{value.nothing}} is not saved or derived by a date step',
        '"done" is not a problem step',
      ]),
    );
  });

  it('finds a redirect loop by profile type and unknown entries, flows and sources', () => {
    const broken = flowFileSchema.parse({
      ...testFlow(),
      sources: ['s_missing'],
      steps: { ...testFlow().steps, elsewhere: { kind: 'step', n: 1, text: t('x'), next: 'start', byProfile: { municipal: 'start' }, entries: ['no_entry'] }, choose: { n: 2, text: t('c'), options: [{ label: t('o'), flow: 'no_flow' }] } },
    });
    const messages = checkFlow(broken, refs).map((p) => p.message);
    expect(messages).toEqual(expect.arrayContaining(['source "s_missing" is not in sources.json', 'entry "no_entry" does not exist', 'flow "no_flow" does not exist']));
    expect(messages.some((m) => m.includes('(loop)'))).toBe(true);
  });

  it('requires German and English text in the schema', () => {
    const result = flowFileSchema.safeParse({ ...testFlow(), title: { de: 'Nur Deutsch' } });
    expect(result.success).toBe(false);
  });
});

describe('dates typed by citizens', () => {
  const today = '2026-11-23';

  it.each([
    ['31.03.2027', '2027-03-31'],
    ['31.3.27', '2027-03-31'],
    ['2027-03-31', '2027-03-31'],
    ['31. März 2027', '2027-03-31'],
    ['31 марта 2027', '2027-03-31'],
    ['31 березня 2027', '2027-03-31'],
    ['٣١/٣/٢٠٢٧', '2027-03-31'],
    ['۳۱/۳/۲۰۲۷', '2027-03-31'],
    ['31 آذار 2027', '2027-03-31'],
    ['31 mars', '2027-03-31'],
    ['31 Mart 2027', '2027-03-31'],
    ['31 martie 2027', '2027-03-31'],
    ['31 marca 2027', '2027-03-31'],
    ['Ende: 31.3.', '2027-03-31'],
  ])('reads "%s" as %s', (text, iso) => {
    expect(parseDate(text, today)).toEqual({ ok: true, date: iso });
  });

  it('takes the past year for a date without year when the step asks for a past date', () => {
    expect(parseDate('15.12.', today, 'past')).toEqual({ ok: true, date: '2025-12-15' });
    expect(parseDate('15.11.', today, 'past')).toEqual({ ok: true, date: '2026-11-15' });
  });

  it('tells a wrong date from a question without a date', () => {
    expect(parseDate('32.13.2027', today)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseDate('1405/01/10', today)).toEqual({ ok: false, reason: 'implausible' });
    expect(parseDate('Können Sie mir 3 Tage mehr Zeit geben?', today)).toEqual({ ok: false, reason: 'none' });
    expect(parseDate('Sie', today)).toEqual({ ok: false, reason: 'none' });
  });

  it('works out "one month before" and "end of the month after" without overflowing short months', () => {
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28');
    expect(derive('2027-03-31', { days: 1, snap: 'monthEnd' })).toBe('2027-04-30');
    expect(derive('2026-11-23', { snap: 'monthStart' })).toBe('2026-11-01');
  });

  it('knows today in the job centre’s time zone, not in UTC', () => {
    expect(todayIn('Europe/Berlin', new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
  });
});

describe('stop, back, continue and start over typed in every language', () => {
  const words: Record<string, [string, string, string, string]> = {
    de: ['Stopp', 'zurück', 'weiter', 'von vorn'],
    'de-x-ls': ['beenden', 'Zurück', 'Weiter', 'neu beginnen'],
    en: ['stop', 'back', 'continue', 'start over'],
    uk: ['стоп', 'назад', 'далі', 'спочатку'],
    ru: ['стоп', 'назад', 'дальше', 'заново'],
    ar: ['توقف', 'رجوع', 'متابعة', 'من جديد'],
    tr: ['dur', 'geri', 'devam', 'baştan başla'],
    fa: ['توقف', 'بازگشت', 'ادامه', 'از اول'],
    ro: ['stop', 'înapoi', 'continuă', 'de la început'],
    bg: ['стоп', 'назад', 'напред', 'отначало'],
    pl: ['stop', 'wstecz', 'dalej', 'od nowa'],
    fr: ['arrêter', 'retour', 'continuer', 'recommencer'],
  };

  it('has the words for all 12 languages', () => {
    expect(Object.keys(words).sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(Object.entries(words))('understands %s', (language, [stop, back, go, restart]) => {
    const lang = language as (typeof LANGUAGES)[number];
    expect([controlWord(stop, lang), controlWord(back, lang), controlWord(go, lang), controlWord(restart, lang)]).toEqual(['stop', 'back', 'continue', 'restart']);
  });

  it('leaves sentences that merely contain such a word to the FAQ', () => {
    expect(controlWord('Ich möchte zurück in meine alte Wohnung ziehen', 'de')).toBeUndefined();
  });
});

describe('flow buttons from the wire', () => {
  it('accepts a well-formed value and rejects malformed or oversized ones', () => {
    expect(parseFlowButton({ action: 'flow', flow: 'demo', cmd: 'go', at: 'start', to: '@origin' })).toEqual({ flow: 'demo', cmd: 'go', at: 'start', to: '@origin' });
    expect(parseFlowButton({ action: 'flow', flow: 'demo', cmd: 'delete-everything' })).toBeUndefined();
    expect(parseFlowButton({ action: 'flow', flow: '../etc/passwd', cmd: 'start' })).toBeUndefined();
    expect(parseFlowButton({ action: 'flow', flow: 'demo', cmd: 'go', to: { $gt: '' } })).toBeUndefined();
    expect(parseFlowButton('go')).toBeUndefined();
  });
});
