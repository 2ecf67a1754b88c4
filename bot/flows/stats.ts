/**
 * Flow analytics: aggregated counters per flow and step (started, reached, problem chosen,
 * completed, handed off, stopped, resumed, abandoned) in the store's `flowStats` collection.
 * Counts only — no conversation or user ids, no times per citizen. Concurrent turns update the
 * same counters through eTag retries, so none is lost.
 */
import type { ContentSnapshot } from '../../content/model';
import { PreconditionFailedError, type Store } from '../core/store';
import { COLLECTIONS, type FlowPosition, type UserState } from '../state';
import type { FlowEvent, StatEvent } from './engine';

export type Counts = Partial<Record<FlowEvent, number>>;

export interface FlowStats {
  flowId: string;
  totals: Counts;
  steps: Record<string, Counts>;
}

/** No activity for this long inside a flow counts as abandoned (once per position). */
export const ABANDON_AFTER_MS = 24 * 60 * 60 * 1000;
const ATTEMPTS = 8;

/** Updates of one item within this process wait for each other; other processes are caught by the eTag. */
const queues = new Map<string, Promise<unknown>>();

function queued<R>(key: string, run: () => Promise<R>): Promise<R> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(run, run);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

/**
 * Read-modify-write with optimistic concurrency: re-read and re-apply when another process wrote
 * in between. `change` returns the new value, or `undefined` to leave the item as it is.
 */
export function updateItem<T>(store: Store, collection: string, key: string, change: (current: T | undefined) => T | undefined, ttlSeconds?: number): Promise<boolean> {
  return queued(`${collection}/${key}`, async () => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await store.read<T>(collection, key);
      const next = change(current ? structuredClone(current.value) : undefined);
      if (next === undefined) return false;
      try {
        await store.write(collection, key, next, { ifMatch: current?.etag ?? null, ttlSeconds });
        return true;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
      }
    }
    throw new Error(`${collection}/${key} kept changing; update given up after ${ATTEMPTS} attempts`);
  });
}

export function emptyStats(flowId: string): FlowStats {
  return { flowId, totals: {}, steps: {} };
}

export function addEvent(stats: FlowStats, event: FlowEvent, stepId?: string, by = 1): void {
  stats.totals[event] = (stats.totals[event] ?? 0) + by;
  if (!stepId) return;
  const step = (stats.steps[stepId] ??= {});
  step[event] = (step[event] ?? 0) + by;
}

/** Add a turn's events to the counters: one guarded write per flow. */
export async function recordEvents(store: Store, events: StatEvent[]): Promise<void> {
  const byFlow = new Map<string, StatEvent[]>();
  for (const e of events) byFlow.set(e.flowId, [...(byFlow.get(e.flowId) ?? []), e]);
  for (const [flowId, list] of byFlow) {
    await updateItem<FlowStats>(store, COLLECTIONS.flowStats, flowId, (current) => {
      const stats = current ?? emptyStats(flowId);
      for (const e of list) addEvent(stats, e.event, e.stepId);
      return stats;
    });
  }
}

/** A position left alone for 24 h whose ending has not been counted yet (a handoff is an ending, not an abandonment). */
export function isAbandoned(position: FlowPosition, snapshot: ContentSnapshot, now: Date): boolean {
  if (position.counted || now.getTime() - Date.parse(position.updatedAt) < ABANDON_AFTER_MS) return false;
  const step = snapshot.flows.get(position.flowId)?.steps[position.stepId];
  return step !== undefined && step.kind !== 'handoff' && step.kind !== 'end';
}

/** Abandoned positions not counted yet, per flow and step — read only (the report adds them). */
export async function pendingAbandoned(store: Store, snapshot: ContentSnapshot, now: Date): Promise<Map<string, FlowStats>> {
  const pending = new Map<string, FlowStats>();
  for (const item of await store.list<UserState>(COLLECTIONS.users)) {
    for (const position of Object.values(item.value.flows ?? {})) {
      if (!isAbandoned(position, snapshot, now)) continue;
      const stats = pending.get(position.flowId) ?? emptyStats(position.flowId);
      addEvent(stats, 'abandoned', position.stepId);
      pending.set(position.flowId, stats);
    }
  }
  return pending;
}

/**
 * Count positions idle for 24 h as abandoned at their step and mark them, so each is counted
 * once. Runs with the store's hourly sweep; a citizen who comes back later can still resume.
 */
export async function sweepAbandonedFlows(store: Store, snapshot: ContentSnapshot, now = new Date()): Promise<number> {
  const events: StatEvent[] = [];
  for (const item of await store.list<UserState>(COLLECTIONS.users)) {
    const stale = Object.values(item.value.flows ?? {}).filter((p) => isAbandoned(p, snapshot, now));
    if (stale.length === 0) continue;
    const ttlSeconds = item.expiresAt ? Math.max(1, Math.round((Date.parse(item.expiresAt) - now.getTime()) / 1000)) : undefined;
    const value = structuredClone(item.value);
    for (const p of stale) {
      const own = value.flows[p.flowId];
      if (own) own.counted = 'abandoned';
    }
    try {
      await store.write(COLLECTIONS.users, item.key, value, { ifMatch: item.etag, ttlSeconds });
    } catch (error) {
      // The citizen is active right now: not abandoned after all.
      if (error instanceof PreconditionFailedError) continue;
      throw error;
    }
    for (const p of stale) events.push({ flowId: p.flowId, event: 'abandoned', stepId: p.stepId });
  }
  await recordEvents(store, events);
  return events.length;
}
