/**
 * The peers Lotse is measured against in `npm run bench:nlu` (dev dependencies only): NLP.js with
 * its language packages, MiniSearch (BM25+, fuzzy, prefix) and a character 3/4-gram TF-IDF
 * nearest-neighbour baseline. Each is trained per language on the same training files.
 */
import MiniSearch from 'minisearch';
import type { TrainingIntent } from '../../bot/nlu/model';

export interface PeerPrediction {
  kind: 'answer' | 'nomatch';
  intent?: string;
}

export interface PeerMatcher {
  name: string;
  train(language: string, intents: readonly TrainingIntent[]): Promise<void>;
  predict(language: string, text: string): Promise<PeerPrediction>;
}

export function nlpJsPeer(): PeerMatcher {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { containerBootstrap } = require('@nlpjs/core');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Nlp } = require('@nlpjs/nlp');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LangAll } = require('@nlpjs/lang-all');
  type NlpInstance = {
    settings: Record<string, unknown>;
    addLanguage(l: string): void;
    addDocument(l: string, text: string, intent: string): void;
    train(): Promise<void>;
    process(l: string, text: string): Promise<{ intent: string; score: number }>;
  };
  const models = new Map<string, NlpInstance>();
  // NLP.js has no Bulgarian package; it gets the Russian one (same script, closest language).
  const code = (language: string): string => (language === 'bg' ? 'ru' : language);
  return {
    name: 'NLP.js 4',
    async train(language, intents) {
      const container = await containerBootstrap();
      container.use(Nlp);
      container.use(LangAll);
      const nlp = container.get('nlp') as NlpInstance;
      nlp.settings.autoSave = false;
      nlp.settings.log = false;
      nlp.addLanguage(code(language));
      for (const i of intents) for (const e of i.examples) nlp.addDocument(code(language), e, i.id);
      // NLP.js prints every training epoch to the console; keep the benchmark's table readable.
      const log = console.log;
      console.log = () => {};
      try {
        await nlp.train();
      } finally {
        console.log = log;
      }
      models.set(language, nlp);
    },
    async predict(language, text) {
      const r = await (models.get(language) as NlpInstance).process(code(language), text);
      return r.intent && r.intent !== 'None' ? { kind: 'answer', intent: r.intent } : { kind: 'nomatch' };
    },
  };
}

export function miniSearchPeer(minScore = 2): PeerMatcher {
  const indexes = new Map<string, MiniSearch<{ id: number; text: string; intent: string }>>();
  return {
    name: 'MiniSearch BM25+',
    async train(language, intents) {
      const ms = new MiniSearch<{ id: number; text: string; intent: string }>({ fields: ['text'], storeFields: ['intent'], searchOptions: { fuzzy: 0.2, prefix: true } });
      let id = 0;
      ms.addAll(intents.flatMap((i) => i.examples.map((text) => ({ id: id++, text, intent: i.id }))));
      indexes.set(language, ms);
    },
    async predict(language, text) {
      const [best] = (indexes.get(language) as MiniSearch).search(text);
      return best && best.score >= minScore ? { kind: 'answer', intent: best.intent as string } : { kind: 'nomatch' };
    },
  };
}

function charGrams(text: string): Map<string, number> {
  const s = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const grams = new Map<string, number>();
  for (const n of [3, 4]) for (let i = 0; i + n <= s.length; i++) grams.set(s.slice(i, i + n), (grams.get(s.slice(i, i + n)) ?? 0) + 1);
  return grams;
}

export function charNgramPeer(minCosine = 0.3): PeerMatcher {
  const models = new Map<string, { idf: Map<string, number>; docs: Array<{ intent: string; vec: Map<string, number>; norm: number }> }>();
  const weigh = (grams: Map<string, number>, idf: Map<string, number>) => {
    const vec = new Map<string, number>();
    let norm = 0;
    for (const [g, tf] of grams) {
      const w = tf * (idf.get(g) ?? 0);
      if (w > 0) {
        vec.set(g, w);
        norm += w * w;
      }
    }
    return { vec, norm: Math.sqrt(norm) };
  };
  return {
    name: 'char 3/4-gram TF-IDF NN',
    async train(language, intents) {
      const raw = intents.flatMap((i) => i.examples.map((e) => ({ intent: i.id, grams: charGrams(e) })));
      const df = new Map<string, number>();
      for (const d of raw) for (const g of d.grams.keys()) df.set(g, (df.get(g) ?? 0) + 1);
      const idf = new Map([...df].map(([g, n]) => [g, Math.log(1 + raw.length / n)]));
      models.set(language, { idf, docs: raw.map((d) => ({ intent: d.intent, ...weigh(d.grams, idf) })) });
    },
    async predict(language, text) {
      const m = models.get(language) as { idf: Map<string, number>; docs: Array<{ intent: string; vec: Map<string, number>; norm: number }> };
      const q = weigh(charGrams(text), m.idf);
      let best = { intent: '', cos: 0 };
      for (const d of m.docs) {
        let dot = 0;
        for (const [g, w] of q.vec) dot += w * (d.vec.get(g) ?? 0);
        const cos = q.norm && d.norm ? dot / (q.norm * d.norm) : 0;
        if (cos > best.cos) best = { intent: d.intent, cos };
      }
      return best.cos >= minCosine ? { kind: 'answer', intent: best.intent } : { kind: 'nomatch' };
    },
  };
}
