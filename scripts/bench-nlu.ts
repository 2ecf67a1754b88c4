/**
 * `npm run bench:nlu [-- --data <dir>]`: Lotse's matcher beside NLP.js, MiniSearch and a character
 * n-gram baseline on the same dataset (accuracy, OOS F1, latency, memory), then Lotse alone at
 * scale: 1,000 entries × 12 languages, index build time and per-message latency.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildMatcher, match } from '../bot/nlu/matcher';
import type { TrainingIntent } from '../bot/nlu/model';
import { loadContent } from '../content/load';
import { LANGUAGES } from '../content/model';
import { trainingFor } from '../bot/knowledge';
import { computeMetrics, loadDataset, type Metrics, type Prediction, type TestLine } from '../eval/dataset';
import { evaluate, warmUp } from '../eval/evaluate';
import { charNgramPeer, miniSearchPeer, nlpJsPeer, type PeerMatcher } from '../eval/peers/peers';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

async function runPeer(peer: PeerMatcher, dataDir: string): Promise<{ overall: Metrics; languages: Record<string, Metrics>; buildMs: number; heap: number }> {
  const data = loadDataset(dataDir);
  const before = heapMb();
  const t0 = performance.now();
  for (const [lang, intents] of data.train) if (data.test.has(lang)) await peer.train(lang, intents);
  const buildMs = performance.now() - t0;
  const heap = heapMb() - before;
  const pairs: Array<{ line: TestLine; prediction: Prediction }> = [];
  const languages: Record<string, Metrics> = {};
  for (const [lang, lines] of data.test) {
    if (!data.train.has(lang)) continue;
    const own: typeof pairs = [];
    for (const line of lines) {
      const s = performance.now();
      const p = await peer.predict(lang, line.text);
      own.push({ line, prediction: { kind: p.kind, intents: p.intent ? [p.intent] : [], ms: performance.now() - s } });
    }
    languages[lang] = computeMetrics(own);
    pairs.push(...own);
  }
  return { overall: computeMetrics(pairs), languages, buildMs, heap };
}

/** 1,000 entries per language, made from the shipped pack: each clone keeps its source's examples plus a distinguishing word. */
function syntheticTraining(contentDir: string, perLanguage: number): Map<string, TrainingIntent[]> {
  const snapshot = loadContent(contentDir, 'musterstadt');
  const training = new Map<string, TrainingIntent[]>();
  for (const language of LANGUAGES) {
    const base = trainingFor(snapshot, language);
    if (base.length === 0) continue;
    const intents: TrainingIntent[] = [];
    for (let i = 0; i < perLanguage; i++) {
      const src = base[i % base.length] as TrainingIntent;
      const variant = i < base.length ? '' : ` variante${Math.floor(i / base.length)}x${i % 7}`;
      intents.push({ id: `${src.id}_${i}`, examples: src.examples.map((e, k) => (k % 2 === 0 ? e + variant : e)), keywords: src.keywords });
    }
    training.set(language, intents);
  }
  return training;
}

async function main(): Promise<void> {
  const dataDir = path.resolve(arg('--data') ?? 'eval/dev');
  const lexiconDir = path.resolve('content/lexicon');
  const rows: Array<{ name: string; m: Metrics; languages: Record<string, Metrics>; buildMs: number; heap: number }> = [];

  const heapBefore = heapMb();
  const lotse = evaluate(dataDir, lexiconDir);
  rows.push({ name: 'Lotse', m: lotse.overall, languages: lotse.languages, buildMs: lotse.buildMs, heap: heapMb() - heapBefore });
  for (const peer of [nlpJsPeer(), miniSearchPeer(), charNgramPeer()]) {
    const r = await runPeer(peer, dataDir);
    rows.push({ name: peer.name, m: r.overall, languages: r.languages, buildMs: r.buildMs, heap: r.heap });
  }
  process.stdout.write(`\nDataset ${dataDir}\n`);
  process.stdout.write(`${'matcher'.padEnd(26)}${['in-scope', 'OOS F1', 'conf.wrong', 'clarify', 'p50 ms', 'p99 ms', 'build ms', 'heap MB'].map((h) => h.padStart(11)).join('')}\n`);
  for (const r of rows) {
    const cells = [r.m.inScopeAccuracy, r.m.oosF1, r.m.confidentWrongRate, r.m.clarifyRate, r.m.p50Ms, r.m.p99Ms, Math.round(r.buildMs), Math.round(r.heap)];
    process.stdout.write(`${r.name.padEnd(26)}${cells.map((c) => String(c).padStart(11)).join('')}\n`);
  }

  process.stdout.write(`\nIn-scope accuracy / OOS F1 per language\n${'lang'.padEnd(8)}${rows.map((r) => r.name.slice(0, 18).padStart(20)).join('')}\n`);
  for (const lang of Object.keys(rows[0]?.languages ?? {})) {
    const cells = rows.map((r) => {
      const m = r.languages[lang];
      return (m ? `${m.inScopeAccuracy.toFixed(2)} / ${m.oosF1.toFixed(2)}` : '-').padStart(20);
    });
    process.stdout.write(`${lang.padEnd(8)}${cells.join('')}\n`);
  }

  const perLanguage = Number(arg('--entries') ?? 1000);
  const training = syntheticTraining(path.resolve('content'), perLanguage);
  const heap0 = heapMb();
  const t0 = performance.now();
  const index = buildMatcher(training, loadContent(path.resolve('content'), 'musterstadt').lexicons);
  const buildMs = performance.now() - t0;
  const heap = heapMb() - heap0;
  const data = loadDataset(dataDir);
  warmUp(index, new Map([...training].map(([l, intents]) => [l, intents.slice(0, 80)])));
  global.gc?.();
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const [lang, lines] of data.test) {
      if (!index.models.has(lang)) continue;
      for (const line of lines) {
        const s = performance.now();
        match(index, line.text, lang);
        times.push(performance.now() - s);
      }
    }
  }
  times.sort((a, b) => a - b);
  const pct = (p: number): string => (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0).toFixed(3);
  process.stdout.write(`\nScale: ${perLanguage} entries × ${index.models.size} languages: index build ${Math.round(buildMs)} ms, heap +${Math.round(heap)} MB, ${times.length} messages p50 ${pct(50)} ms, p99 ${pct(99)} ms, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
