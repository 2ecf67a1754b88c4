/**
 * Developer tool: sweep matcher weights and thresholds on a dataset and print the best settings.
 * Run: node dist/eval/tune.js eval/dev. Thresholds chosen here become defaults only after a
 * check that they do not trade confident-wrong answers for accuracy.
 */
import path from 'node:path';
import { buildMatcher, DEFAULT_THRESHOLDS, match, type Thresholds } from '../bot/nlu/matcher';
import { DEFAULT_WEIGHTS, type ScoringWeights } from '../bot/nlu/model';
import { loadLexicons } from '../content/lexicons';
import { computeMetrics, loadDataset, type Prediction, type TestLine } from './dataset';

const data = loadDataset(path.resolve(process.argv[2] ?? 'eval/dev'));
const lexicons = loadLexicons(path.resolve('content/lexicon'));
const weightGrid: Array<Partial<ScoringWeights>> = JSON.parse(process.argv[3] ?? '[{}]');
const thresholdGrid: Thresholds[] = [];
for (const answer of [0.4, 0.44, 0.48, 0.52]) for (const clarify of [0.28, 0.32, 0.36]) for (const margin of [0.02, 0.04, 0.06, 0.08]) thresholdGrid.push({ ...DEFAULT_THRESHOLDS, answer, clarify, margin });

for (const w of weightGrid) {
  const weights = { ...DEFAULT_WEIGHTS, ...w };
  const train = new Map([...data.train].filter(([l]) => data.test.has(l)));
  const results: Array<{ t: Thresholds; score: number; m: ReturnType<typeof computeMetrics>; worst: number; strictF1: number }> = [];
  for (const t of thresholdGrid) {
    const index = buildMatcher(train, lexicons.files, { weights, thresholds: Object.fromEntries([...train.keys()].map((l) => [l, t])) });
    const all: Array<{ line: TestLine; prediction: Prediction }> = [];
    let worst = 1;
    for (const [lang, lines] of data.test) {
      if (!train.has(lang)) continue;
      const pairs = lines.map((line) => {
        const o = match(index, line.text, lang);
        const prediction: Prediction = o.kind === 'answer' ? { kind: 'answer', intents: [o.intent], ms: 0 } : { kind: o.kind, intents: o.kind === 'clarify' ? o.candidates.map((c) => c.intent) : [], ms: 0 };
        return { line, prediction };
      });
      worst = Math.min(worst, computeMetrics(pairs).inScopeAccuracy);
      all.push(...pairs);
    }
    const m = computeMetrics(all);
    // Strict reading: every clarify counts as "no match" for the OOS figures.
    const strict = computeMetrics(all.map((p) => (p.prediction.kind === 'clarify' ? { ...p, prediction: { ...p.prediction, kind: 'nomatch' as const } } : p)));
    const score = m.inScopeAccuracy + (m.oosF1 + strict.oosF1) / 2 - 3 * Math.max(0, m.confidentWrongRate - 0.06);
    results.push({ t, score, m, worst, strictF1: strict.oosF1 });
  }
  results.sort((a, b) => b.score - a.score);
  process.stdout.write(`weights ${JSON.stringify(w)}\n`);
  for (const r of results.slice(0, 5)) {
    process.stdout.write(`  ${JSON.stringify(r.t)} score ${r.score.toFixed(3)} inScope ${r.m.inScopeAccuracy} worstLang ${r.worst.toFixed(3)} oosF1 ${r.m.oosF1} oosP ${r.m.oosPrecision} confWrong ${r.m.confidentWrongRate} clarify ${r.m.clarifyRate} strictF1 ${r.strictF1.toFixed(3)}\n`);
  }
}
