/**
 * `npm run report:flows [-- --json] [--demo]`: the per-flow funnel (started, reached per step,
 * problems, abandoned, handed off, completed) from the store in DATA_DIR. Read only: the running
 * service owns the store file; abandonments it has not swept yet are added on the fly.
 *
 * `--demo` runs the scripted citizens of scripts/flow-walks.ts against the real bot with an
 * in-memory store and a moving clock, and reports on that instead.
 */
import { buildKnowledge } from '../bot/knowledge';
import { LotseBot } from '../bot/lotseBot';
import { formatFunnels, readFunnels } from '../bot/flows/report';
import { sweepAbandonedFlows, ABANDON_AFTER_MS } from '../bot/flows/stats';
import { loadConfig } from '../app/config';
import { loadContent } from '../content/load';
import { LowdbStore } from '../adapters/store/lowdb';
import { MemoryStore } from '../adapters/store/document';
import { type Store } from '../bot/core/store';
import { runWalks } from './flow-walks';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function demoStore(snapshot: ReturnType<typeof loadContent>): Promise<{ store: Store; now: Date }> {
  const store = new MemoryStore();
  let now = Date.parse('2026-11-23T08:00:00Z');
  const clock = { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
  const knowledge = buildKnowledge(snapshot);
  const bot = new LotseBot({ knowledge: () => knowledge, store, logger: silent, pseudonym: (id) => id, now: clock.now });
  await runWalks(bot, clock);
  // A day later the hourly sweep has counted everyone who went quiet.
  clock.advance(ABANDON_AFTER_MS + 3600_000);
  await sweepAbandonedFlows(store, snapshot, clock.now());
  return { store, now: clock.now() };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const snapshot = loadContent(config.contentDir, config.profileId);
  const { store, now } = process.argv.includes('--demo') ? await demoStore(snapshot) : { store: await LowdbStore.open(config.dataDir), now: new Date() };
  const funnels = await readFunnels(store, snapshot, now);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ generatedAt: now.toISOString(), flows: funnels })}\n`);
  else process.stdout.write(`${formatFunnels(funnels)}\n`);
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`report:flows failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
