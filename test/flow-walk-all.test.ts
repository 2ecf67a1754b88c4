/**
 * Every flow, every branch, every language, clicked through the real bot: each step shown says
 * "step n of N" once, offers a way out for problems, and a button that says "continue"/"that
 * helped – continue" really moves on (never back to a step already passed). The step counters
 * count what was clicked.
 */
import path from 'node:path';
import { isMainStep, ORIGIN, type Flow, type FlowStep } from '../content/flowModel';
import { loadContent } from '../content/load';
import { LANGUAGES, type Language } from '../content/model';
import { MemoryStore } from '../adapters/store/document';
import { buildKnowledge } from '../bot/knowledge';
import { LotseBot } from '../bot/lotseBot';
import { translator } from '../bot/i18n';
import { COLLECTIONS } from '../bot/state';
import type { FlowStats } from '../bot/flows/stats';
import { ChatClient, type Button } from '../scripts/flow-walks';

const snapshot = loadContent(path.resolve(__dirname, '..', 'content'), 'musterstadt');
const knowledge = buildKnowledge(snapshot);
const quiet = { info() {}, warn() {}, error() {} };

/** A button pressed or a date typed. */
type Action = Button | { say: string };

interface Edge {
  /** What the citizen did since the start of the flow. */
  path: Action[];
}

/** Dates typed at date steps, around the test's "today" (2026-11-23): each branch gets its date. */
const TYPED_DATES = ['20.11.2026', '1.10.2026', '5.12.2026', '15.1.2027', '31.5.2027'];

function setup() {
  const store = new MemoryStore();
  const bot = new LotseBot({ knowledge: () => knowledge, store, logger: quiet, pseudonym: (id) => id, now: () => new Date('2026-11-23T10:00:00Z') });
  let n = 0;
  const client = () => new ChatClient(bot, { channelId: 'test', conversationId: `c${++n}`, userId: `u${n}` });
  return { store, client };
}

function stepOf(flow: Flow, id: string | undefined): FlowStep | undefined {
  return id && Object.hasOwn(flow.steps, id) ? flow.steps[id] : undefined;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Walk every button reachable in the flow (each step entered once per path prefix kind). */
async function walk(flow: Flow, language: Language, check: (c: ChatClient, before: { step?: string; n?: number; trail: string[] }, pressed?: Action) => void) {
  const { client } = setup();
  const seen = new Set<string>();
  const queue: Edge[] = [{ path: [] }];
  let turns = 0;
  while (queue.length > 0) {
    const edge = queue.shift() as Edge;
    const c = client();
    await c.start(language, flow.id);
    const trail: string[] = [];
    let before: { step?: string; n?: number; trail: string[] } = { trail: [] };
    for (const action of edge.path) {
      before = { step: c.step()?.step, n: c.step()?.n, trail: [...trail] };
      if (before.step) trail.push(before.step);
      if ('say' in action) await c.say(action.say);
      else await c.press(action);
      turns++;
    }
    check(c, before, edge.path[edge.path.length - 1]);
    const here = c.step();
    const key = `${here?.step}|${here?.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const b of c.buttons()) {
      const v = b.value;
      if (v.action !== 'flow' || v.flow !== flow.id) continue;
      if (v.cmd === 'go' || v.cmd === 'problems') queue.push({ path: [...edge.path, b] });
    }
    if (here?.kind === 'date') for (const date of TYPED_DATES) queue.push({ path: [...edge.path, { say: date }] });
  }
  return { steps: seen, turns };
}

describe.each(LANGUAGES)('every flow in %s', (language) => {
  const t = translator(language);
  it.each([...snapshot.flows.keys()])('%s: each step says its number once, offers a way out for problems, and "continue" moves forward', async (flowId) => {
    const flow = snapshot.flows.get(flowId) as Flow;
    const problems: string[] = [];
    const forwardTitles = new Set([t('buttons.continue'), t('flow.solved')]);
    for (const step of Object.values(flow.steps)) if (step.nextLabel) forwardTitles.add(String((step.nextLabel as Record<string, string>)[language] ?? ''));
    const { steps } = await walk(flow, language, (c, before, pressed) => {
      const shown = c.step();
      const step = stepOf(flow, shown?.step);
      if (!shown || !step) return;
      const where = `${flow.id}/${shown.step} (${language})`;
      const header = t('flow.stepOf', { n: shown.n, total: shown.total });
      if (occurrences(c.text(), header) > 1) problems.push(`${where}: "${header}" ${occurrences(c.text(), header)} times`);
      if (shown.kind === 'step' || shown.kind === 'date') {
        if (!c.buttons().some((b) => b.title === t('buttons.problem'))) problems.push(`${where}: no "${t('buttons.problem')}"`);
      }
      if (shown.kind === 'problem' && !c.buttons().some((b) => b.title === t('flow.unsolved'))) problems.push(`${where}: no "${t('flow.unsolved')}"`);
      if (pressed && 'title' in pressed && forwardTitles.has(pressed.title) && before.step && pressed.value.to !== ORIGIN) {
        const target = shown.step as string;
        if (before.trail.includes(target) || target === before.step) problems.push(`${where}: "${pressed.title}" went back from ${before.step}`);
        if (isMainStep(step) && before.n !== undefined && (shown.n ?? 0) < before.n) problems.push(`${where}: "${pressed.title}" went from step ${before.n} to ${shown.n}`);
      }
    });
    expect(problems).toEqual([]);
    // Every step of the flow is reachable by clicking (profile redirects aside).
    const reached = new Set([...steps].map((k) => k.split('|')[0]));
    const unreached = Object.entries(flow.steps)
      .filter(([id, s]) => !reached.has(id) && s.kind !== 'handoff' && !Object.values(flow.steps).some((o) => o.byProfile?.joint === id || o.byProfile?.municipal === id))
      .map(([id]) => id);
    expect(unreached).toEqual([]);
  });
});

describe('counters', () => {
  it('count each step reached once per walk and each completion', async () => {
    const { store, client } = setup();
    const c = client();
    await c.start('uk', 'which_office');
    const first = c.buttons().find((b) => b.value.cmd === 'go' && b.value.to === 'wo_work') as Button;
    await c.press(first);
    await c.click({ cmd: 'go', to: 'r_jobcenter' });
    expect(c.step()).toMatchObject({ step: 'r_jobcenter', kind: 'end' });
    const stats = (await store.read<FlowStats>(COLLECTIONS.flowStats, 'which_office'))?.value;
    expect(stats?.totals.started).toBe(1);
    expect(stats?.totals.completed).toBe(1);
    expect(stats?.steps.wo_work?.reached).toBe(1);
  });
});
