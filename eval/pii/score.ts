/**
 * Scores the redaction set in eval/pii/<lang>.jsonl against `findPersonalData`:
 * - recall: share of personal-data spans whose every letter and digit lies inside a masked span
 *   (a partly masked IBAN counts as missed: the leading digits of a BG number are still personal);
 * - false-mask rate: share of "keep" spans (amounts, appointment dates, paragraphs, the job
 *   centre's own numbers) of which any letter or digit was masked.
 */
import { readJsonlDir } from '../jsonl';
import { findPersonalData, type PiiSpan, type RedactOptions } from '../../bot/redact';

export interface PiiLine {
  text: string;
  lang: string;
  pii: Array<{ text: string; kind: string }>;
  keep?: string[];
}

export interface PiiFigures {
  lines: number;
  pii: number;
  masked: number;
  recall: number;
  keep: number;
  falselyMasked: number;
  falseMaskRate: number;
}

export interface PiiMiss {
  lang: string;
  text: string;
  span: string;
  kind: string;
  why: 'missed' | 'false-mask';
}

export function loadPiiSet(dir: string): PiiLine[] {
  return readJsonlDir<PiiLine>(dir);
}

const SIGNIFICANT = /[\p{L}\p{N}]/u;

function covered(text: string, from: number, to: number, spans: PiiSpan[]): { all: boolean; any: boolean } {
  let all = true;
  let any = false;
  for (let i = from; i < to; i++) {
    if (!SIGNIFICANT.test(text[i] as string)) continue;
    const inside = spans.some((s) => s.start <= i && i < s.end);
    all &&= inside;
    any ||= inside;
  }
  return { all, any };
}

function figures(): PiiFigures {
  return { lines: 0, pii: 0, masked: 0, recall: 0, keep: 0, falselyMasked: 0, falseMaskRate: 0 };
}

export function scorePii(lines: PiiLine[], options: RedactOptions = {}): { languages: Record<string, PiiFigures>; overall: PiiFigures; misses: PiiMiss[] } {
  const languages: Record<string, PiiFigures> = {};
  const overall = figures();
  const misses: PiiMiss[] = [];
  for (const line of lines) {
    const f = (languages[line.lang] ??= figures());
    const spans = findPersonalData(line.text, options);
    for (const target of [f, overall]) target.lines += 1;
    for (const p of line.pii) {
      const at = line.text.indexOf(p.text);
      const ok = at >= 0 && covered(line.text, at, at + p.text.length, spans).all;
      for (const target of [f, overall]) {
        target.pii += 1;
        if (ok) target.masked += 1;
      }
      if (!ok) misses.push({ lang: line.lang, text: line.text, span: p.text, kind: p.kind, why: 'missed' });
    }
    for (const k of line.keep ?? []) {
      const at = line.text.indexOf(k);
      const bad = at < 0 || covered(line.text, at, at + k.length, spans).any;
      for (const target of [f, overall]) {
        target.keep += 1;
        if (bad) target.falselyMasked += 1;
      }
      if (bad) misses.push({ lang: line.lang, text: line.text, span: k, kind: 'keep', why: 'false-mask' });
    }
  }
  for (const target of [...Object.values(languages), overall]) {
    target.recall = target.pii ? Math.round((target.masked / target.pii) * 1000) / 1000 : 1;
    target.falseMaskRate = target.keep ? Math.round((target.falselyMasked / target.keep) * 1000) / 1000 : 0;
  }
  return { languages, overall, misses };
}
