/**
 * The per-flow funnel for editors: how many citizens started a flow, reached each step, chose a
 * problem, gave up, were handed to a person or finished — from the aggregated counters, plus the
 * idle positions the hourly sweep has not counted yet. Text for the terminal, JSON for tools.
 */
import { isMainStep, type Flow } from '../../content/flowModel';
import type { ContentSnapshot } from '../../content/model';
import type { Store } from '../core/store';
import { COLLECTIONS } from '../state';
import { addEvent, emptyStats, pendingAbandoned, type Counts, type FlowStats } from './stats';

export interface FunnelStep {
  id: string;
  kind: string;
  n?: number;
  counts: Counts;
}

export interface Funnel {
  id: string;
  version: string;
  title: string;
  totals: Counts;
  steps: FunnelStep[];
}

const KIND_ORDER: Record<string, number> = { step: 0, date: 0, problem: 1, handoff: 2, end: 3 };

/** One flow's funnel: main steps in order of their number, then problems, handoffs and ends. */
export function funnelOf(flow: Flow, stats: FlowStats | undefined): Funnel {
  const own = stats ?? emptyStats(flow.id);
  const steps: FunnelStep[] = Object.entries(flow.steps).map(([id, step]) => ({ id, kind: step.kind, n: isMainStep(step) ? step.n : undefined, counts: own.steps[id] ?? {} }));
  steps.sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || (a.n ?? 0) - (b.n ?? 0));
  // Counters of steps editors have since removed stay visible under their old id.
  for (const [id, counts] of Object.entries(own.steps)) if (!flow.steps[id]) steps.push({ id, kind: 'removed', n: undefined, counts });
  return { id: flow.id, version: flow.version, title: flow.title.en ?? flow.title.de ?? flow.id, totals: own.totals, steps };
}

/** Funnels of every flow in the content, from the store (counters + not yet swept abandonments). */
export async function readFunnels(store: Store, snapshot: ContentSnapshot, now = new Date()): Promise<Funnel[]> {
  const stored = new Map((await store.list<FlowStats>(COLLECTIONS.flowStats)).map((item) => [item.key, item.value]));
  const pending = await pendingAbandoned(store, snapshot, now);
  return [...snapshot.flows.values()].map((flow) => {
    const stats = structuredClone(stored.get(flow.id) ?? emptyStats(flow.id));
    for (const [stepId, counts] of Object.entries(pending.get(flow.id)?.steps ?? {})) addEvent(stats, 'abandoned', stepId, counts.abandoned ?? 0);
    return funnelOf(flow, stats);
  });
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '–';
}

const COLUMNS: Array<[keyof Counts, string]> = [
  ['reached', 'reached'],
  ['problem', 'problem'],
  ['abandoned', 'abandoned'],
  ['stopped', 'stopped'],
  ['handedOff', 'handed off'],
];

/** The funnels as an aligned text table. */
export function formatFunnels(funnels: Funnel[]): string {
  const lines: string[] = [];
  for (const f of funnels) {
    const t = f.totals;
    const started = t.started ?? 0;
    lines.push(`${f.id} — ${f.title} (version ${f.version})`);
    lines.push(
      `  started ${started} · completed ${t.completed ?? 0} (${percent(t.completed ?? 0, started)}) · handed off ${t.handedOff ?? 0} · stopped ${t.stopped ?? 0} · abandoned ${t.abandoned ?? 0} · resumed ${t.resumed ?? 0} · restarted ${t.restarted ?? 0}`,
    );
    lines.push(`  ${'step'.padEnd(24)}${'n'.padStart(3)}${'kind'.padStart(9)}${COLUMNS.map(([, label]) => label.padStart(12)).join('')}${'% of starts'.padStart(13)}`);
    for (const s of f.steps) {
      const c = s.counts;
      if (s.kind !== 'step' && s.kind !== 'date' && !Object.values(c).some((v) => v)) continue;
      lines.push(
        `  ${s.id.padEnd(24)}${String(s.n ?? '').padStart(3)}${s.kind.padStart(9)}${COLUMNS.map(([key]) => String(c[key] ?? 0).padStart(12)).join('')}${percent(c.reached ?? 0, started).padStart(13)}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
