/**
 * Guided flows as content: a graph of steps with text per language, validated with zod like
 * entries. The engine (bot/flows) only walks what this file allows; `checkFlow` finds dangling
 * references, unreachable steps and numbering gaps at load time (`npm run content:check`), so a
 * broken flow never reaches a citizen.
 *
 * A flow file in short:
 *   { id, version, title{lang}, summary, sources[], start, steps{ id: step } }
 *   step = { kind: step|date|problem|end|handoff, n (main steps), text{lang}, next | options[],
 *            problems[], unsolved, byProfile{joint|municipal}, entries[], date{save, derive, branches} }
 */
import { z } from 'zod';
import { LANGUAGES } from './languages';

/** Target of a problem or handoff step: back to the numbered step the problem was chosen at. */
export const ORIGIN = '@origin';

const name = z.string().regex(/^[a-z][a-zA-Z0-9]{1,30}$/, 'names are letters and digits, starting lower case');
const stepId = z.string().regex(/^[a-z0-9_]{2,60}$/, 'step ids are lower case letters, digits and _');
const target = z.union([stepId, z.literal(ORIGIN)]);
const refId = z.string().regex(/^[a-z0-9_]{2,60}$/);

/** Text in several languages; German and English are required, the others fall back to English. */
export const localTextSchema = z
  .partialRecord(z.enum(LANGUAGES), z.string().min(1).max(1500))
  .refine((t) => Boolean(t.de && t.en), 'needs at least "de" and "en"');
export type LocalText = z.infer<typeof localTextSchema>;

const choiceSchema = z
  .strictObject({ label: localTextSchema, next: target.optional(), flow: refId.optional() })
  .refine((c) => (c.next === undefined) !== (c.flow === undefined), 'a choice has either "next" or "flow"');

const deriveSchema = z.strictObject({
  /** Date to start from: a value saved or derived before, or "today"; default the entered date. */
  from: z.string().optional(),
  months: z.number().int().min(-24).max(24).optional(),
  days: z.number().int().min(-400).max(400).optional(),
  snap: z.enum(['monthStart', 'monthEnd']).optional(),
});

const dateInputSchema = z.strictObject({
  /** Name of the value the entered date is kept under (e.g. awardEnd); never personal data. */
  save: name,
  /** Which year to assume when the citizen leaves it out, and which dates are plausible. */
  expect: z.enum(['past', 'future', 'any']).default('any'),
  derive: z.record(name, deriveSchema).default({}),
  /** First branch whose date lies before today wins; otherwise `next`. */
  branches: z.array(z.strictObject({ passed: name, next: stepId })).default([]),
});

export const stepKinds = ['step', 'date', 'problem', 'end', 'handoff'] as const;
export type StepKind = (typeof stepKinds)[number];

export const flowStepSchema = z.strictObject({
  kind: z.enum(stepKinds).default('step'),
  /** Position on the main path ("step 3 of 8"); main steps (step, date) only. Branches may share a number. */
  n: z.number().int().positive().max(30).optional(),
  text: localTextSchema,
  next: target.optional(),
  /** Label of the "next" button instead of "Continue". */
  nextLabel: localTextSchema.optional(),
  options: z.array(choiceSchema).min(1).max(6).optional(),
  problems: z.array(z.strictObject({ label: localTextSchema, next: stepId })).max(6).optional(),
  /** Problem steps: where "It still does not work" leads; without it, to a person. */
  unsolved: stepId.optional(),
  /** Go elsewhere when the local job centre is of this type (joint → Jobcenter.digital; municipal → own portal). */
  byProfile: z.strictObject({ joint: stepId.optional(), municipal: stepId.optional() }).optional(),
  /** FAQ entries offered as buttons. */
  entries: z.array(refId).max(4).optional(),
  date: dateInputSchema.optional(),
});
export type FlowStep = z.infer<typeof flowStepSchema>;

export const flowFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{2,40}$/),
  /** Bumped by editors on every change; citizens inside an older version are moved to the nearest valid step. */
  version: z.string().min(1).max(40),
  title: localTextSchema,
  /** English description for editors; never shown. */
  summary: z.string().min(10),
  sources: z.array(z.string()).default([]),
  start: stepId,
  steps: z.record(stepId, flowStepSchema),
});
export type Flow = z.infer<typeof flowFileSchema>;

/** Steps on the main path carry a number; problems, ends and handoffs hang off them. */
export function isMainStep(step: FlowStep | undefined): boolean {
  return step?.kind === 'step' || step?.kind === 'date';
}

/** How many numbered steps the flow has. */
export function flowLength(flow: Flow): number {
  return Math.max(0, ...Object.values(flow.steps).map((s) => (isMainStep(s) ? (s.n ?? 0) : 0)));
}

/** Every step id a step can lead to (buttons, branches, redirects). `@origin` included as is. */
export function targetsOf(step: FlowStep): string[] {
  const out: string[] = [];
  if (step.next) out.push(step.next);
  for (const o of step.options ?? []) if (o.next) out.push(o.next);
  for (const p of step.problems ?? []) out.push(p.next);
  if (step.unsolved) out.push(step.unsolved);
  if (step.byProfile?.joint) out.push(step.byProfile.joint);
  if (step.byProfile?.municipal) out.push(step.byProfile.municipal);
  for (const b of step.date?.branches ?? []) out.push(b.next);
  return out;
}

/** Names a date step makes available as {{value.<name>}}. */
function valueNames(flow: Flow): Set<string> {
  const names = new Set<string>();
  for (const step of Object.values(flow.steps)) {
    if (!step.date) continue;
    names.add(step.date.save);
    for (const derived of Object.keys(step.date.derive)) names.add(derived);
  }
  return names;
}

const VALUE_PLACEHOLDER = /\{\{\s*value\.([a-zA-Z0-9]+)\s*\}\}/g;

export interface FlowProblem {
  path: Array<string | number>;
  message: string;
}

export interface FlowReferences {
  entryIds: ReadonlySet<string>;
  flowIds: ReadonlySet<string>;
  sourceIds: ReadonlySet<string>;
}

/** Everything wrong with a flow's graph that the schema alone cannot see. */
export function checkFlow(flow: Flow, refs: FlowReferences): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const steps = flow.steps;
  const has = (id: string): boolean => Object.hasOwn(steps, id);
  if (!has(flow.start)) problems.push({ path: ['start'], message: `start step "${flow.start}" does not exist` });
  flow.sources.forEach((s, i) => {
    if (!refs.sourceIds.has(s)) problems.push({ path: ['sources', i], message: `source "${s}" is not in sources.json` });
  });
  const values = valueNames(flow);
  const numbers = new Set<number>();

  for (const [id, step] of Object.entries(steps)) {
    const at = (...rest: Array<string | number>): Array<string | number> => ['steps', id, ...rest];
    const ref = (value: string | undefined, path: Array<string | number>): void => {
      if (value === undefined) return;
      if (value === ORIGIN) {
        if (step.kind !== 'problem' && step.kind !== 'handoff') problems.push({ path, message: `"${ORIGIN}" is only allowed in problem and handoff steps` });
      } else if (!has(value)) problems.push({ path, message: `step "${value}" does not exist` });
    };
    ref(step.next, at('next'));
    step.options?.forEach((o, i) => {
      ref(o.next, at('options', i, 'next'));
      if (o.flow && !refs.flowIds.has(o.flow)) problems.push({ path: at('options', i, 'flow'), message: `flow "${o.flow}" does not exist` });
    });
    step.problems?.forEach((p, i) => {
      ref(p.next, at('problems', i, 'next'));
      if (has(p.next) && steps[p.next]?.kind !== 'problem') problems.push({ path: at('problems', i, 'next'), message: `"${p.next}" is not a problem step` });
    });
    ref(step.unsolved, at('unsolved'));
    for (const type of ['joint', 'municipal'] as const) {
      const to = step.byProfile?.[type];
      ref(to, at('byProfile', type));
      if (to && steps[to]?.byProfile?.[type]) problems.push({ path: at('byProfile', type), message: `"${to}" redirects again for ${type} (loop)` });
    }
    step.entries?.forEach((e, i) => {
      if (!refs.entryIds.has(e)) problems.push({ path: at('entries', i), message: `entry "${e}" does not exist` });
    });

    const main = isMainStep(step);
    if (main && step.n === undefined) problems.push({ path: at('n'), message: `a ${step.kind} step needs its number "n"` });
    if (!main && step.n !== undefined) problems.push({ path: at('n'), message: `${step.kind} steps are not numbered` });
    if (main && step.n !== undefined) numbers.add(step.n);
    const leads = Boolean(step.next) || Boolean(step.options);
    if (step.next && step.options) problems.push({ path: at('options'), message: 'a step has either "next" or "options", not both' });
    if (step.kind === 'step' && !leads) problems.push({ path: at(), message: 'a step needs "next" or "options"' });
    if (step.kind === 'date' && (!step.date || !step.next)) problems.push({ path: at(), message: 'a date step needs "date" and "next"' });
    if (step.kind !== 'date' && step.date) problems.push({ path: at('date'), message: 'only date steps take "date"' });
    if ((step.kind === 'end' || step.kind === 'handoff') && (leads || step.problems || step.date)) {
      problems.push({ path: at(), message: `${step.kind} steps end the flow: no next, options, problems or date` });
    }
    if (step.unsolved && step.kind !== 'problem') problems.push({ path: at('unsolved'), message: 'only problem steps take "unsolved"' });
    if (step.date) {
      const known = new Set(['today', step.date.save]);
      for (const [derived, rule] of Object.entries(step.date.derive)) {
        if (rule.from && !known.has(rule.from)) problems.push({ path: at('date', 'derive', derived, 'from'), message: `"${rule.from}" is not defined before` });
        known.add(derived);
      }
      step.date.branches.forEach((b, i) => {
        if (!known.has(b.passed)) problems.push({ path: at('date', 'branches', i, 'passed'), message: `"${b.passed}" is not a value of this step` });
        ref(b.next, at('date', 'branches', i, 'next'));
      });
    }
    const texts = [step.text, step.nextLabel, ...(step.options ?? []).map((o) => o.label), ...(step.problems ?? []).map((p) => p.label)];
    for (const text of texts) {
      for (const [language, value] of Object.entries(text ?? {})) {
        for (const m of value.matchAll(VALUE_PLACEHOLDER)) {
          if (!values.has(m[1] as string)) problems.push({ path: at('text', language), message: `{{value.${m[1]}}} is not saved or derived by a date step` });
        }
      }
    }
  }

  const total = Math.max(0, ...numbers);
  for (let n = 1; n <= total; n++) if (!numbers.has(n)) problems.push({ path: ['steps'], message: `no step has number ${n} (numbers run 1..${total} without gaps)` });

  if (has(flow.start)) {
    const seen = new Set<string>([flow.start]);
    const queue = [flow.start];
    while (queue.length > 0) {
      const step = steps[queue.shift() as string];
      for (const to of step ? targetsOf(step) : []) {
        if (to !== ORIGIN && has(to) && !seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    for (const id of Object.keys(steps)) if (!seen.has(id)) problems.push({ path: ['steps', id], message: `step "${id}" cannot be reached from "${flow.start}"` });
  }
  return problems;
}
