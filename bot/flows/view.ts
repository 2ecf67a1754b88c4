/**
 * What a citizen sees of a flow: one message per step ("Step 3 of 8", the step's text with local
 * facts filled in, its buttons), the problem list, the resume offer. Buttons carry the step they
 * were shown on (`at`), so a click on an old step's button is recognised as such.
 */
import { flowLength, isMainStep, ORIGIN, type Flow, type FlowStep, type LocalText } from '../../content/flowModel';
import type { Language, Source } from '../../content/model';
import { entryButton, inLanguage, renderContext, sourcesLine, talkToPersonButton, type Suggestion } from '../answer';
import { messageActivity } from '../activities';
import type { ActivityJson } from '../core/contracts';
import { translator } from '../i18n';
import type { Knowledge } from '../knowledge';
import { formatDate, renderTemplate } from '../render';
import type { FlowPosition } from '../state';
import { originOf, stepNumber, type Notice } from './engine';

export { FLOW_COMMANDS, type FlowButtonValue, type FlowCommand } from '../buttons';
import type { FlowCommand } from '../buttons';

export interface ViewContext {
  knowledge: Knowledge;
  language: Language;
  now: Date;
}

export function local(text: LocalText | undefined, language: Language): string {
  return (text && inLanguage(text, language)) ?? '';
}

function button(title: string, flow: Flow, cmd: FlowCommand, extra: { at?: string; to?: string } = {}): Suggestion {
  return { title, value: { action: 'flow', flow: flow.id, cmd, ...extra } };
}

const VALUE = /\{\{\s*value\.([a-zA-Z0-9]+)\s*\}\}/g;

/** Step text with the flow's own values (dates) and the job centre's facts filled in. */
export function renderStepText(v: ViewContext, text: LocalText, values: Record<string, string> | undefined): string {
  const withValues = local(text, v.language).replace(VALUE, (_m, name: string) => (values?.[name] ? formatDate(values[name], v.language) : ''));
  return renderTemplate(withValues, renderContext(v.knowledge, v.language, v.now));
}

function header(v: ViewContext, flow: Flow, position: FlowPosition, step: FlowStep): string {
  const t = translator(v.language);
  const title = local(flow.title, v.language);
  if (step.kind === 'end' || step.kind === 'handoff') return `_${title}_`;
  const n = stepNumber(flow, position);
  const total = flowLength(flow);
  return `_${title} · ${t(step.kind === 'problem' ? 'flow.problemAt' : 'flow.stepOf', { n, total })}_`;
}

const NOTICE_KEYS: Record<Notice, string> = {
  stale: 'flow.stale',
  unknownButton: 'flow.unknownButton',
  updated: 'flow.updated',
  restarted: 'flow.restarted',
  firstStep: 'flow.firstStep',
  dateInvalid: 'flow.dateInvalid',
  dateImplausible: 'flow.dateImplausible',
};

function stepButtons(v: ViewContext, flow: Flow, position: FlowPosition, step: FlowStep): Suggestion[] {
  const t = translator(v.language);
  const at = position.stepId;
  const n = stepNumber(flow, position);
  const buttons: Suggestion[] = [];
  if (step.kind === 'end') {
    return (step.entries ?? []).map((id) => entryButton(v.knowledge, id, v.language)).filter((b): b is Suggestion => Boolean(b));
  }
  if (step.kind === 'handoff') {
    if (originOf(flow, position)) buttons.push(button(t('flow.backToStep', { n }), flow, 'go', { at, to: ORIGIN }));
    buttons.push(button(t('buttons.stop'), flow, 'stop', { at }));
    return buttons;
  }
  if (step.next && step.kind !== 'date') {
    const label = step.nextLabel ? local(step.nextLabel, v.language) : step.kind === 'problem' ? solvedLabel(v, flow, position, step.next) : t('buttons.continue');
    buttons.push(button(label, flow, 'go', { at, to: step.next }));
  }
  for (const option of step.options ?? []) {
    const label = local(option.label, v.language);
    buttons.push(option.flow ? { title: label, value: { action: 'flow', flow: option.flow, cmd: 'start' } } : button(label, flow, 'go', { at, to: option.next }));
  }
  if (step.kind === 'problem') {
    // Always a way back to the step the problem hangs off, unless "next" already leads there.
    const origin = originOf(flow, position);
    if (step.next !== ORIGIN && step.next !== origin) buttons.push(button(t(step.next || step.options ? 'flow.backToStep' : 'flow.solvedBack', { n }), flow, 'go', { at, to: ORIGIN }));
    buttons.push(step.unsolved ? button(t('flow.unsolved'), flow, 'go', { at, to: step.unsolved }) : button(t('flow.unsolved'), flow, 'person', { at }));
    buttons.push(button(t('buttons.stop'), flow, 'stop', { at }));
    return buttons;
  }
  const problems = step.problems ?? [];
  // Every step has a way out for problems: its own list, or (without one) "describe it or talk to a person".
  if (problems.length === 1) buttons.push(button(t('buttons.problem'), flow, 'go', { at, to: problems[0]?.next }));
  else buttons.push(button(t('buttons.problem'), flow, 'problems', { at }));
  if (position.trail.some((id) => isMainStep(flow.steps[id]))) buttons.push(button(t('buttons.back'), flow, 'back', { at }));
  buttons.push(button(t('buttons.stop'), flow, 'stop', { at }));
  buttons.push(button(t('talkToPerson'), flow, 'person', { at }));
  return buttons;
}

/**
 * "That helped – continue" only when the step it leads to lies ahead; a problem whose way on is a
 * step already passed (the letter came after all: enter the code at step 6) says "back to step 6".
 */
function solvedLabel(v: ViewContext, flow: Flow, position: FlowPosition, next: string): string {
  const t = translator(v.language);
  if (next === ORIGIN) return t('flow.solvedBack', { n: stepNumber(flow, position) });
  const target = Object.hasOwn(flow.steps, next) ? flow.steps[next] : undefined;
  const passed = position.trail.includes(next) || (target?.n !== undefined && target.n <= stepNumber(flow, position));
  return passed ? t('flow.solvedBack', { n: target?.n ?? stepNumber(flow, position) }) : t('flow.solved');
}

/** The message for the position's current step, with an optional notice above it. */
export function stepMessage(v: ViewContext, flow: Flow, position: FlowPosition, notice?: Notice): ActivityJson {
  const t = translator(v.language);
  const step = flow.steps[position.stepId] as FlowStep;
  const parts: string[] = [];
  if (notice) parts.push(t(NOTICE_KEYS[notice]));
  parts.push(header(v, flow, position, step), renderStepText(v, step.text, position.values));
  if (step.kind === 'handoff' && originOf(flow, position)) parts.push(t('flow.returnHint', { n: stepNumber(flow, position) }));
  if (step.kind === 'end') {
    const sources = flow.sources.map((id) => v.knowledge.snapshot.sources[id]).filter((s): s is Source => Boolean(s));
    const line = sourcesLine(sources, v.language);
    if (line) parts.push(line);
  }
  return messageActivity(parts.join('\n\n'), v.language, stepButtons(v, flow, position, step), {
    outcome: 'flow',
    flow: { id: flow.id, step: position.stepId, kind: step.kind, n: stepNumber(flow, position), total: flowLength(flow) },
  });
}

/** "What is the problem?" with the step's problems as buttons. */
export function problemsMessage(v: ViewContext, flow: Flow, position: FlowPosition): ActivityJson {
  const t = translator(v.language);
  const step = flow.steps[position.stepId] as FlowStep;
  const at = position.stepId;
  const buttons = (step.problems ?? []).map((p) => button(local(p.label, v.language), flow, 'go', { at, to: p.next }));
  buttons.push(button(t('flow.noProblem', { n: stepNumber(flow, position) }), flow, 'show'), button(t('talkToPerson'), flow, 'person', { at }));
  return messageActivity(t(buttons.length > 2 ? 'flow.whichProblem' : 'flow.describeProblem'), v.language, buttons, { outcome: 'flow', flow: { id: flow.id, step: at, kind: 'problems' } });
}

/** "Last time you stopped at step 4 of 8 … continue or start over?" */
export function resumeMessage(v: ViewContext, flow: Flow, position: FlowPosition): ActivityJson {
  const t = translator(v.language);
  const n = stepNumber(flow, position);
  const title = local(flow.title, v.language);
  return messageActivity(
    t('flow.resumeOffer', { n, total: flowLength(flow), title }),
    v.language,
    [button(t('flow.resumeAt', { n }), flow, 'resume'), button(t('buttons.startOver'), flow, 'restart')],
    { outcome: 'flow', flow: { id: flow.id, step: position.stepId, kind: 'resume' } },
  );
}

export function stoppedMessage(v: ViewContext, flow: Flow): ActivityJson {
  const t = translator(v.language);
  return messageActivity(t('flow.stopped'), v.language, [button(t('flow.startAgain'), flow, 'start')], { outcome: 'flow', flow: { id: flow.id, kind: 'stopped' } });
}

/** A button of a flow that is not open in this conversation. */
export function notActiveMessage(v: ViewContext, flow: Flow): ActivityJson {
  const t = translator(v.language);
  return messageActivity(t('flow.notActive'), v.language, [button(t('flow.startAgain'), flow, 'start')], { outcome: 'flow', flow: { id: flow.id, kind: 'notActive' } });
}

/** A flow or a button nobody can use any more (removed by editors, or forged). */
export function goneMessage(v: ViewContext): ActivityJson {
  return messageActivity(translator(v.language)('flow.gone'), v.language, [talkToPersonButton(v.language)], { outcome: 'flow', flow: { kind: 'gone' } });
}

/** "Step by step: <title>" — offered under an FAQ answer, and in the welcome. */
export function offerButton(v: ViewContext, flow: Flow): Suggestion {
  return button(translator(v.language)('flow.stepByStep', { title: local(flow.title, v.language) }), flow, 'start');
}

/** "Back to step n" under an FAQ answer given in the middle of a flow. */
export function returnButton(v: ViewContext, flow: Flow, position: FlowPosition): Suggestion {
  return button(translator(v.language)('flow.backToStep', { n: stepNumber(flow, position) }), flow, 'show');
}
