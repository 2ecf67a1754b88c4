/**
 * The flow engine: pure moves on a position (flow id, step id, trail, values) — no I/O, no text.
 * Every move returns the new position, what to show, a notice for the citizen and the events for
 * the aggregated step counters. The driver (driver.ts) does the storing and the view (view.ts)
 * the words.
 */
import { isMainStep, ORIGIN, type Flow, type FlowStep } from '../../content/flowModel';
import type { FlowPosition } from '../state';
import { derive, parseDate } from './dates';

export type FlowEvent = 'started' | 'reached' | 'problem' | 'completed' | 'handedOff' | 'stopped' | 'abandoned' | 'resumed' | 'restarted';
export interface StatEvent {
  flowId: string;
  event: FlowEvent;
  stepId?: string;
}

/** What the citizen is told before the step is shown again. */
export type Notice = 'stale' | 'unknownButton' | 'updated' | 'restarted' | 'firstStep' | 'dateInvalid' | 'dateImplausible';

export interface FlowEnv {
  profileType: 'joint' | 'municipal';
  /** Today in the job centre's time zone (YYYY-MM-DD). */
  today: string;
  now: Date;
}

export interface Move {
  position: FlowPosition;
  /** The step reached is an end: the flow is finished and the position can be dropped. */
  completed: boolean;
  /** The citizen should be offered a person, with this position as context. */
  handoff: boolean;
  notice?: Notice;
  events: StatEvent[];
}

/** Longest trail kept: enough for "back" through any real flow, bounded against loops. */
const MAX_TRAIL = 40;

function stepOf(flow: Flow, id: string): FlowStep | undefined {
  return Object.hasOwn(flow.steps, id) ? flow.steps[id] : undefined;
}

/** The numbered step a problem or handoff belongs to: the last main step on the trail. */
export function originOf(flow: Flow, position: FlowPosition): string | undefined {
  if (isMainStep(stepOf(flow, position.stepId))) return position.stepId;
  return [...position.trail].reverse().find((id) => isMainStep(stepOf(flow, id)));
}

/** "Step n" for any position: its own number, or the number of the step it hangs off. */
export function stepNumber(flow: Flow, position: FlowPosition): number {
  const origin = originOf(flow, position);
  return (origin && stepOf(flow, origin)?.n) || 1;
}

function move(position: FlowPosition, events: StatEvent[] = [], notice?: Notice): Move {
  return { position, completed: false, handoff: false, events, notice };
}

/**
 * Go to a step: follow the profile redirect, keep the trail a simple path (a step already on it
 * cuts it back there), and count what happened. Revisits are not counted again.
 */
function enter(flow: Flow, from: FlowPosition, target: string, env: FlowEnv, events: StatEvent[] = []): Move {
  let to = target === ORIGIN ? (originOf(flow, from) ?? flow.start) : target;
  const redirect = stepOf(flow, to)?.byProfile?.[env.profileType];
  if (redirect) to = redirect;
  const path = from.stepId ? [...from.trail, from.stepId] : [...from.trail];
  const seen = path.indexOf(to);
  const trail = (seen >= 0 ? path.slice(0, seen) : path).slice(-MAX_TRAIL);
  const step = stepOf(flow, to) as FlowStep;
  const position: FlowPosition = { ...from, stepId: to, trail, updatedAt: env.now.toISOString() };
  const first = seen < 0 && to !== from.stepId;
  const out = [...events];
  if (first) {
    out.push({ flowId: flow.id, event: 'reached', stepId: to });
    if (step.kind === 'problem') out.push({ flowId: flow.id, event: 'problem', stepId: to });
    if (step.kind === 'handoff') out.push({ flowId: flow.id, event: 'handedOff', stepId: to });
  }
  if (step.kind === 'end') out.push({ flowId: flow.id, event: 'completed', stepId: to });
  return { position, completed: step.kind === 'end', handoff: step.kind === 'handoff', events: out };
}

export function start(flow: Flow, env: FlowEnv, restarted = false): Move {
  const empty: FlowPosition = { flowId: flow.id, stepId: '', version: flow.version, trail: [], values: {}, updatedAt: env.now.toISOString() };
  const events: StatEvent[] = [{ flowId: flow.id, event: 'started' }];
  if (restarted) events.push({ flowId: flow.id, event: 'restarted' });
  return enter(flow, empty, flow.start, env, events);
}

/**
 * Bring a position from an older flow version (or a changed file) into the current one: the same
 * step if it still exists, else the nearest earlier numbered step still there, else the start.
 */
export function reconcile(flow: Flow, position: FlowPosition, env: FlowEnv): Move {
  const exists = (id: string): boolean => Boolean(stepOf(flow, id));
  if (position.version === flow.version && exists(position.stepId) && position.trail.every(exists)) return move(position);
  const trail = position.trail.filter(exists);
  if (exists(position.stepId)) return move({ ...position, version: flow.version, trail });
  const nearest = [...trail].reverse().find((id) => isMainStep(stepOf(flow, id)));
  if (nearest) {
    const at = trail.indexOf(nearest);
    return move({ ...position, version: flow.version, stepId: nearest, trail: trail.slice(0, at), updatedAt: env.now.toISOString() }, [], 'updated');
  }
  const fresh = start(flow, env, true);
  return { ...fresh, notice: 'restarted' };
}

/** Where "continue at step n" lands: the current numbered step, or the one a problem hangs off. */
export function resume(flow: Flow, position: FlowPosition, env: FlowEnv): Move {
  const current = reconcile(flow, position, env);
  if (current.notice === 'restarted') return current;
  const events = [...current.events, { flowId: flow.id, event: 'resumed' as const, stepId: current.position.stepId }];
  const origin = originOf(flow, current.position);
  if (!origin || origin === current.position.stepId) return { ...current, events, completed: false, handoff: false };
  const at = current.position.trail.indexOf(origin);
  return move({ ...current.position, stepId: origin, trail: current.position.trail.slice(0, at), updatedAt: env.now.toISOString() }, events, current.notice);
}

/** Targets a button of this step may lead to; anything else is a forged or outdated button. */
export function allowedTargets(step: FlowStep): Set<string> {
  const out = new Set<string>();
  if (step.next && step.kind !== 'date') out.add(step.next);
  for (const o of step.options ?? []) if (o.next) out.add(o.next);
  for (const p of step.problems ?? []) out.add(p.next);
  if (step.unsolved) out.add(step.unsolved);
  // From a problem or a handoff there is always a way back to the step it hangs off.
  if (step.kind === 'problem' || step.kind === 'handoff') out.add(ORIGIN);
  return out;
}

/** A button click: `at` is the step the button was shown on. */
export function choose(flow: Flow, position: FlowPosition, at: string | undefined, to: string | undefined, env: FlowEnv): Move {
  if (at !== position.stepId) return move(position, [], 'stale');
  const step = stepOf(flow, position.stepId) as FlowStep;
  if (!to || !allowedTargets(step).has(to)) return move(position, [], 'unknownButton');
  return enter(flow, position, to, env);
}

/** Back to the previous numbered step (from a problem: to the step it hangs off). */
export function back(flow: Flow, position: FlowPosition, env: FlowEnv): Move {
  const current = stepOf(flow, position.stepId);
  const target = isMainStep(current) ? [...position.trail].reverse().find((id) => isMainStep(stepOf(flow, id))) : originOf(flow, position);
  if (!target) return move(position, [], 'firstStep');
  return enter(flow, position, target, env);
}

/** "continue" typed: the single next step, back from a handoff, or the same step again. */
export function proceed(flow: Flow, position: FlowPosition, env: FlowEnv): Move {
  const step = stepOf(flow, position.stepId) as FlowStep;
  if (step.kind === 'handoff' || (step.kind === 'problem' && !step.next && !step.options)) return enter(flow, position, ORIGIN, env);
  if (step.next && step.kind !== 'date') return enter(flow, position, step.next, env);
  return move(position);
}

/**
 * A date typed at a date step: saved, derived values computed, first matching branch followed.
 * `undefined` when the text holds no date at all (then it is a question for the FAQ).
 */
export function enterDate(flow: Flow, position: FlowPosition, text: string, env: FlowEnv): Move | undefined {
  const step = stepOf(flow, position.stepId);
  if (step?.kind !== 'date' || !step.date || !step.next) return undefined;
  const parsed = parseDate(text, env.today, step.date.expect);
  if (!parsed.ok) {
    if (parsed.reason === 'none') return undefined;
    return move(position, [], parsed.reason === 'implausible' ? 'dateImplausible' : 'dateInvalid');
  }
  const values: Record<string, string> = { ...position.values, [step.date.save]: parsed.date };
  for (const [name, rule] of Object.entries(step.date.derive)) {
    const from = rule.from === 'today' ? env.today : (values[rule.from ?? step.date.save] ?? parsed.date);
    values[name] = derive(from, rule);
  }
  const branch = step.date.branches.find((b) => (values[b.passed] ?? '9999') < env.today);
  return enter(flow, { ...position, values }, branch?.next ?? step.next, env);
}

/** A choice typed instead of pressed ("BundID"): the option or problem whose label is the text. */
export function typedChoice(step: FlowStep, normalizedText: string, label: (text: FlowStep['text']) => string): string | undefined {
  const choices = [...(step.options ?? []).filter((o) => o.next), ...(step.problems ?? [])] as Array<{ label: FlowStep['text']; next?: string }>;
  return choices.find((c) => label(c.label) === normalizedText)?.next;
}
