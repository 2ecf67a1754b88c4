/**
 * The shipped flows as content: they load, they are complete in all 12 languages, every step
 * renders without a raw placeholder, Leichte Sprache stays short, every failure point of the fact
 * sheet has its branch — and a broken flow file is refused by the loader with file and line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkContent, leichteSpracheSentences } from '../content/check';
import { editorialTools } from '../bot/editorial';
import { isMainStep, ORIGIN, type Flow } from '../content/flowModel';
import { ContentLoadError, loadContent } from '../content/load';
import { LANGUAGES, RTL_LANGUAGES } from '../content/model';
import { buildKnowledge } from '../bot/knowledge';
import { botI18n } from '../bot/i18n';
import { stepMessage } from '../bot/flows/view';

const contentDir = path.resolve(__dirname, '..', 'content');
const snapshot = loadContent(contentDir, 'musterstadt');
const knowledge = buildKnowledge(snapshot);
const flows = [...snapshot.flows.values()];
const registration = snapshot.flows.get('portal_registration') as Flow;
const now = new Date('2026-11-23T10:00:00Z');
const values = { awardEnd: '2027-03-31', deadline: '2027-02-28', latestArrival: '2027-04-30', thisMonth: '2026-11-01', requested: '2026-11-20', waitUntil: '2026-11-27' };

describe('the shipped flows', () => {
  it('are registration, continued-payment checklist and office finder, each linked from its FAQ entry', () => {
    expect(flows.map((f) => f.id).sort()).toEqual(['portal_registration', 'wba_checklist', 'which_office']);
    expect(snapshot.entries.get('portal_register')?.flow).toBe('portal_registration');
    expect(snapshot.entries.get('continued_application')?.flow).toBe('wba_checklist');
    expect(snapshot.entries.get('office_finder_orientation')?.flow).toBe('which_office');
  });

  it('pass content:check without a single flow error', () => {
    const report = checkContent(contentDir, 'musterstadt', editorialTools, { now, skipConfusable: true });
    expect(report.errors.filter((e) => e.startsWith('flows/'))).toEqual([]);
  });

  it.each([...LANGUAGES])('render every step in %s with local facts and dates filled in', (language) => {
    for (const flow of flows) {
      for (const stepId of Object.keys(flow.steps)) {
        const position = { flowId: flow.id, stepId, version: flow.version, trail: [flow.start], values, updatedAt: now.toISOString() };
        const activity = stepMessage({ knowledge, language, now }, flow, position);
        expect(activity.locale).toBe(language);
        expect(activity.text).not.toMatch(/\{\{|\}\}/);
        const buttons = (activity.suggestedActions as { actions: Array<{ title: string }> } | undefined)?.actions ?? [];
        for (const b of buttons) expect(b.title.trim().length).toBeGreaterThan(0);
        if (RTL_LANGUAGES.has(language)) expect(activity.text).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });

  it('shows the worked-out dates in the reader’s language, in the Gregorian calendar', () => {
    const flow = snapshot.flows.get('wba_checklist') as Flow;
    const at = (language: (typeof LANGUAGES)[number]) =>
      String(stepMessage({ knowledge, language, now }, flow, { flowId: flow.id, stepId: 'wba_plan', version: flow.version, trail: ['ask_end'], values, updatedAt: now.toISOString() }).text);
    expect(at('de')).toContain('28. Februar 2027');
    expect(at('en')).toContain('28 February 2027'); // British style (issue 14)
    expect(at('fa')).toContain('2027');
    expect(at('fa')).not.toMatch(/140\d/);
  });

  it('keep Leichte Sprache sentences at 12 words or fewer', () => {
    for (const flow of flows) {
      for (const [id, step] of Object.entries(flow.steps)) {
        const long = leichteSpracheSentences(step.text['de-x-ls'] ?? '').filter((s) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length > 12);
        expect({ step: `${flow.id}.${id}`, long }).toEqual({ step: `${flow.id}.${id}`, long: [] });
      }
    }
  });

  it('register: a branch for every failure point of the fact sheet, and every problem ends back in the flow or with a person', () => {
    const problems = Object.entries(registration.steps).filter(([, s]) => s.kind === 'problem').map(([id]) => id);
    expect(problems).toEqual(
      expect.arrayContaining([
        'p_username', // user name / e-mail unknown
        'p_password', // forgotten password
        'p_bundid_username', // BundID user name forgotten
        'p_locked', // account locked
        'p_letter_missing', // activation letter missing
        'p_no_eid', // no online ID / no NFC phone
        'p_bundid_app', // BundID in the app
        'p_couple', // couple sharing one account
        'p_several', // several registrations
        'p_technical', // general technical problems
        'p_other_portal', // municipal job centre
        'p_no_confirm_mail', // no e-mail confirmation
      ]),
    );
    expect(registration.steps.open_portal?.byProfile?.municipal).toBe('municipal_portal');
    expect(registration.steps.code_when?.date?.derive.waitUntil).toEqual({ days: 7 });
    for (const id of problems) {
      const step = registration.steps[id];
      // "Still not working" leads to a handoff step, or (without `unsolved`) straight to a person.
      if (step?.unsolved) expect(registration.steps[step.unsolved]?.kind).toBe('handoff');
      expect(step?.next === undefined || step.next === ORIGIN || Boolean(registration.steps[step.next])).toBe(true);
    }
  });

  it('register: eight numbered steps from the portal to first use', () => {
    const numbers = new Set(Object.values(registration.steps).filter(isMainStep).map((s) => s.n));
    expect([...numbers].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('the flow strings of the bot', () => {
  it('exist in every language file with the same keys as English', () => {
    const i18n = botI18n();
    const keys = (o: unknown, prefix = ''): string[] =>
      Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    const english = keys(i18n.getResource('en', 'translation', 'flow')).filter((k) => !k.startsWith('words.'));
    for (const language of LANGUAGES) {
      const own = i18n.getResource(language, 'translation', 'flow') as unknown;
      expect({ language, missing: english.filter((k) => !keys(own ?? {}).includes(k)) }).toEqual({ language, missing: [] });
    }
  });
});

describe('a broken flow file', () => {
  function contentCopyWith(change: (flow: Record<string, unknown>) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-flow-'));
    fs.cpSync(contentDir, dir, { recursive: true });
    const file = path.join(dir, 'flows', 'which_office.json');
    const flow = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(flow);
    fs.writeFileSync(file, JSON.stringify(flow, null, 2));
    return dir;
  }

  it('with a dangling step reference is refused at load time, naming file, line and field', () => {
    const dir = contentCopyWith((flow) => {
      ((flow.steps as Record<string, { options: Array<{ next: string }> }>).wo_rent.options[0] as { next: string }).next = 'r_nowhere';
    });
    try {
      expect(() => loadContent(dir, 'musterstadt')).toThrow(ContentLoadError);
      try {
        loadContent(dir, 'musterstadt');
      } catch (error) {
        const problem = (error as ContentLoadError).problems.find((p) => p.message.includes('r_nowhere'));
        expect(problem).toMatchObject({ file: path.join('flows', 'which_office.json'), field: 'steps.wo_rent.options.0.next', message: 'step "r_nowhere" does not exist' });
        expect(problem?.line).toBeGreaterThan(1);
      }
      expect(checkContent(dir, 'musterstadt', editorialTools, { skipConfusable: true }).errors.join('\n')).toContain('step "r_nowhere" does not exist');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with a missing translation is reported by content:check', () => {
    const dir = contentCopyWith((flow) => {
      delete ((flow.steps as Record<string, { text: Record<string, string> }>).wo_work as { text: Record<string, string> }).text.uk;
    });
    try {
      expect(checkContent(dir, 'musterstadt', editorialTools, { skipConfusable: true }).errors).toContain('flows/which_office.json [wo_work.text.uk]: missing in this language');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
