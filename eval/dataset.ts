/**
 * Datasets in the shared evaluation format (intents.json, train/<lang>.json, test/<lang>.jsonl),
 * and the figures reported for them. Evaluation code stays out of the request path.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TrainingIntent } from '../bot/nlu/model';

export interface TestLine {
  text: string;
  lang: string;
  expect: string | null;
}

export interface Dataset {
  intents: Array<{ id: string; about?: string }>;
  train: Map<string, TrainingIntent[]>;
  test: Map<string, TestLine[]>;
}

export function loadDataset(dir: string): Dataset {
  const intents = JSON.parse(fs.readFileSync(path.join(dir, 'intents.json'), 'utf8')) as Dataset['intents'];
  const train = new Map<string, TrainingIntent[]>();
  const test = new Map<string, TestLine[]>();
  const trainDir = path.join(dir, 'train');
  for (const file of fs.existsSync(trainDir) ? fs.readdirSync(trainDir).sort() : []) {
    if (!file.endsWith('.json')) continue;
    const lang = file.slice(0, -'.json'.length);
    const byIntent = JSON.parse(fs.readFileSync(path.join(trainDir, file), 'utf8')) as Record<string, string[]>;
    train.set(lang, Object.entries(byIntent).map(([id, examples]) => ({ id, examples })));
  }
  const testDir = path.join(dir, 'test');
  for (const file of fs.existsSync(testDir) ? fs.readdirSync(testDir).sort() : []) {
    if (!file.endsWith('.jsonl')) continue;
    const lang = file.slice(0, -'.jsonl'.length);
    const lines: TestLine[] = [];
    fs.readFileSync(path.join(testDir, file), 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        if (!raw.trim()) return;
        try {
          const line = JSON.parse(raw) as Partial<TestLine>;
          if (typeof line.text !== 'string') throw new Error('no "text"');
          lines.push({ text: line.text, lang: typeof line.lang === 'string' ? line.lang : lang, expect: typeof line.expect === 'string' ? line.expect : null });
        } catch (error) {
          process.stderr.write(`${file}:${i + 1}: skipped (${(error as Error).message})\n`);
        }
      });
    test.set(lang, lines);
  }
  return { intents, train, test };
}

/** What a matcher said about one test line, in the evaluation's terms. */
export interface Prediction {
  kind: 'answer' | 'clarify' | 'nomatch';
  intents: string[];
  ms: number;
}

export interface Metrics {
  /** In scope, a clarification listing the expected intent counts as correct (kept for comparison with earlier figures). */
  inScopeAccuracy: number;
  /** In scope, direct answers only: the shared format's in-scope top-1 (a clarification is not an answer). */
  inScopeTop1: number;
  /** In scope, the expected intent answered or among the clarification's options. */
  inScopeInclClarify: number;
  oosPrecision: number;
  oosRecall: number;
  oosF1: number;
  confidentWrongRate: number;
  clarifyRate: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const round = (x: number, d = 4): number => Number(x.toFixed(d));

/**
 * Figures for a list of (line, prediction). A clarify counts as correct in scope when the expected
 * intent is among its options, and as "no match" for out-of-scope lines.
 */
export function computeMetrics(pairs: Array<{ line: TestLine; prediction: Prediction }>): Metrics {
  let inScope = 0;
  let inScopeCorrect = 0;
  let inScopeTop1 = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let confidentWrong = 0;
  let clarify = 0;
  for (const { line, prediction } of pairs) {
    const saysNoMatch = prediction.kind !== 'answer';
    if (prediction.kind === 'clarify') clarify++;
    if (line.expect === null) {
      if (saysNoMatch) tp++;
      else fn++;
    } else {
      inScope++;
      if (prediction.kind !== 'nomatch' && prediction.intents.includes(line.expect)) inScopeCorrect++;
      if (prediction.kind === 'answer' && prediction.intents[0] === line.expect) inScopeTop1++;
      if (saysNoMatch && !(prediction.kind === 'clarify' && prediction.intents.includes(line.expect))) fp++;
    }
    if (prediction.kind === 'answer' && prediction.intents[0] !== line.expect) confidentWrong++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const ms = pairs.map((p) => p.prediction.ms);
  return {
    inScopeAccuracy: round(inScope > 0 ? inScopeCorrect / inScope : 0),
    inScopeTop1: round(inScope > 0 ? inScopeTop1 / inScope : 0),
    inScopeInclClarify: round(inScope > 0 ? inScopeCorrect / inScope : 0),
    oosPrecision: round(precision),
    oosRecall: round(recall),
    oosF1: round(precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0),
    confidentWrongRate: round(pairs.length > 0 ? confidentWrong / pairs.length : 0),
    clarifyRate: round(pairs.length > 0 ? clarify / pairs.length : 0),
    p50Ms: round(percentile(ms, 50), 3),
    p99Ms: round(percentile(ms, 99), 3),
  };
}
