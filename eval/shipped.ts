/**
 * The shipped protocol: every test line is asked of the shipped bot — the whole content pack,
 * through `replyForText` exactly as `POST /api/ask` calls it, one fresh request per line, no state —
 * and scored by what the citizen gets (see ../shared/eval/README.md, "The shipped protocol").
 * A line's `expect` is an entry id, a list of acceptable ids, `null` (off-topic) or "uncovered"
 * (a job-centre topic the pack has no entry for).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { replyForText, type Reply } from '../bot/answer';
import { buildKnowledge, type Knowledge } from '../bot/knowledge';
import { hasWords } from '../bot/nlu/normalize';
import { isLanguage, type Language } from '../content/model';
import { loadContent } from '../content/load';

export type Expectation = { kind: 'entries'; ids: string[] } | { kind: 'offtopic' } | { kind: 'uncovered' };

export interface ShippedLine {
  text: string;
  lang: string;
  expect: Expectation;
}

export interface ShippedMetrics {
  lines: number;
  inScope: number;
  offTopic: number;
  uncovered: number;
  directRight: number;
  rightInclClarify: number;
  wrong: number;
  offTopicHandled: number;
  uncoveredHandled: number;
  clarifyRate: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ShippedResult {
  outcome: Reply['outcome'];
  entryId?: string;
  options: string[];
  ms: number;
}

export function parseExpectation(raw: unknown): Expectation | undefined {
  if (raw === null) return { kind: 'offtopic' };
  if (raw === 'uncovered') return { kind: 'uncovered' };
  if (typeof raw === 'string') return { kind: 'entries', ids: [raw] };
  if (Array.isArray(raw) && raw.length > 0 && raw.every((x) => typeof x === 'string')) return { kind: 'entries', ids: raw as string[] };
  return undefined;
}

/** test/<lang>.jsonl of a dataset folder (lines with a missing `expect` are skipped and reported). */
export function loadShippedLines(dir: string): Map<string, ShippedLine[]> {
  const out = new Map<string, ShippedLine[]>();
  const testDir = path.join(dir, 'test');
  for (const file of fs.readdirSync(testDir).sort()) {
    if (!file.endsWith('.jsonl')) continue;
    const lang = file.slice(0, -'.jsonl'.length);
    const lines: ShippedLine[] = [];
    fs.readFileSync(path.join(testDir, file), 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        if (!raw.trim()) return;
        try {
          const line = JSON.parse(raw) as { text?: unknown; lang?: unknown; expect?: unknown };
          if (typeof line.text !== 'string') throw new Error('no "text"');
          const expect = parseExpectation(line.expect);
          if (!expect) throw new Error('"expect" must be an id, a list of ids, null or "uncovered"');
          lines.push({ text: line.text, lang: typeof line.lang === 'string' ? line.lang : lang, expect });
        } catch (error) {
          process.stderr.write(`${file}:${i + 1}: skipped (${(error as Error).message})\n`);
        }
      });
    out.set(lang, lines);
  }
  return out;
}

/** The reply POST /api/ask would give for {text, lang}: the same empty-text check, then replyForText. */
export function askShipped(knowledge: Knowledge, text: string, language: Language, now: Date): ShippedResult {
  const t0 = performance.now();
  if (!hasWords(text)) return { outcome: 'nomatch', options: [], ms: performance.now() - t0 };
  const reply = replyForText(knowledge, text, language, { now });
  const ms = performance.now() - t0;
  return { outcome: reply.outcome, entryId: reply.entryId, options: reply.options ?? [], ms };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const round = (x: number, d = 4): number => Number(x.toFixed(d));
const share = (n: number, of: number): number => round(of > 0 ? n / of : 0);
const isAnswer = (r: ShippedResult): boolean => r.outcome === 'answer' || r.outcome === 'crisis' || r.outcome === 'handoff';

/** How one line went for the citizen. */
export function judge(line: ShippedLine, r: ShippedResult): 'right' | 'right-after-clarify' | 'wrong' | 'missed' | 'handled' | 'not-handled' {
  if (line.expect.kind === 'offtopic') return r.outcome === 'nomatch' || r.outcome === 'handoff' ? 'handled' : 'not-handled';
  if (line.expect.kind === 'uncovered') return r.outcome === 'answer' ? 'not-handled' : 'handled';
  const ids = line.expect.ids;
  if (isAnswer(r) && r.entryId !== undefined && ids.includes(r.entryId)) return 'right';
  if (r.outcome === 'clarify' && r.options.some((o) => ids.includes(o))) return 'right-after-clarify';
  if (r.outcome === 'nomatch') return 'missed';
  return 'wrong';
}

/**
 * Direct right, right incl. clarification and wrong are shares of the lines with an entry to
 * find; a clarification without a right option is wrong, a plain "no match" is neither.
 */
export function shippedMetrics(pairs: Array<{ line: ShippedLine; result: ShippedResult }>): ShippedMetrics {
  let inScope = 0, offTopic = 0, uncovered = 0, right = 0, clarifyRight = 0, wrong = 0, offHandled = 0, uncHandled = 0, clarify = 0;
  for (const { line, result } of pairs) {
    if (result.outcome === 'clarify') clarify++;
    const verdict = judge(line, result);
    if (line.expect.kind === 'offtopic') {
      offTopic++;
      if (verdict === 'handled') offHandled++;
    } else if (line.expect.kind === 'uncovered') {
      uncovered++;
      if (verdict === 'handled') uncHandled++;
    } else {
      inScope++;
      if (verdict === 'right') right++;
      if (verdict === 'right-after-clarify') clarifyRight++;
      if (verdict === 'wrong') wrong++;
    }
  }
  const ms = pairs.map((p) => p.result.ms);
  return {
    lines: pairs.length,
    inScope,
    offTopic,
    uncovered,
    directRight: share(right, inScope),
    rightInclClarify: share(right + clarifyRight, inScope),
    wrong: share(wrong, inScope),
    offTopicHandled: share(offHandled, offTopic),
    uncoveredHandled: share(uncHandled, uncovered),
    clarifyRate: share(clarify, pairs.length),
    p50Ms: round(percentile(ms, 50), 3),
    p99Ms: round(percentile(ms, 99), 3),
  };
}

export interface ShippedEvaluation {
  overall: ShippedMetrics;
  languages: Record<string, ShippedMetrics>;
  buildMs: number;
  misses: Array<{ line: ShippedLine; result: ShippedResult; verdict: string }>;
}

/** Build the shipped knowledge from a content folder and ask every line of the dataset. */
export function evaluateShipped(dataDir: string, contentDir: string, profile = 'musterstadt', now = new Date()): ShippedEvaluation {
  const started = performance.now();
  const knowledge = buildKnowledge(loadContent(contentDir, profile));
  const buildMs = performance.now() - started;
  const data = loadShippedLines(dataDir);
  // Warm up as a running service is warm (JIT, memo tables), on the pack's own examples only.
  for (let round = 0; round < 2; round++) {
    for (const entry of knowledge.snapshot.entries.values()) {
      for (const [language, text] of Object.entries(entry.texts)) {
        for (const example of text?.examples ?? []) if (isLanguage(language)) askShipped(knowledge, example, language, now);
      }
    }
  }
  global.gc?.();
  const all: Array<{ line: ShippedLine; result: ShippedResult }> = [];
  const languages: Record<string, ShippedMetrics> = {};
  const misses: ShippedEvaluation['misses'] = [];
  for (const [lang, lines] of data) {
    if (!isLanguage(lang)) {
      process.stderr.write(`${lang}: not a supported language, skipped\n`);
      continue;
    }
    const pairs = lines.map((line) => {
      const result = askShipped(knowledge, line.text, isLanguage(line.lang) ? line.lang : lang, now);
      const verdict = judge(line, result);
      if (verdict !== 'right' && verdict !== 'handled') misses.push({ line, result, verdict });
      return { line, result };
    });
    languages[lang] = shippedMetrics(pairs);
    all.push(...pairs);
  }
  return { overall: shippedMetrics(all), languages, buildMs, misses };
}

export const SHIPPED_TARGETS = { directRight: 0.75, directRightOverall: 0.8, rightInclClarify: 0.92, wrong: 0.04, offTopicHandled: 0.85, uncoveredHandled: 0.9, clarifyRate: 0.2 };
