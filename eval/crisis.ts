/**
 * Crisis recall and false alarms on the project's own crisis test set (eval/crisis/<lang>.jsonl:
 * realistic crisis messages and ordinary job-centre questions, one JSON object a line:
 * {text, lang, expect: crisis entry id | null}). A message counts as detected when the crisis
 * check of the turn pipeline (bot/crisis.ts with the matcher's scores) names any crisis entry,
 * so the citizen gets crisis numbers; "right type" also needs the expected entry.
 *
 * Two modes: the language is unknown (first message, detected as the bot does) or known (the
 * page told the bot). Recall is what matters most: a miss costs far more than a false alarm.
 */
import { readJsonlDir } from './jsonl';
import type { Knowledge } from '../bot/knowledge';
import { detectCrisis } from '../bot/signals/crisis';
import { resolveLanguage } from '../bot/signals/language';
import { scoreMessage } from '../bot/nlu/matcher';
import { isLanguage, type Language } from '../content/model';

export interface CrisisLine {
  text: string;
  lang: string;
  expect: string | null;
}

export interface CrisisFigures {
  crisis: number;
  detected: number;
  rightType: number;
  ordinary: number;
  falseAlarms: number;
  recall: number;
  typeAccuracy: number;
  falseAlarmRate: number;
}

export interface CrisisResult {
  mode: 'detected' | 'known';
  languages: Record<string, CrisisFigures>;
  overall: CrisisFigures;
  misses: Array<CrisisLine & { got?: string; language: string }>;
  falseAlarms: Array<CrisisLine & { got?: string; language: string }>;
}

export function loadCrisisSet(dir: string): CrisisLine[] {
  return readJsonlDir<CrisisLine>(dir);
}

function figures(rows: Array<{ line: CrisisLine; got?: string }>): CrisisFigures {
  const crisis = rows.filter((r) => r.line.expect);
  const ordinary = rows.filter((r) => !r.line.expect);
  const detected = crisis.filter((r) => r.got).length;
  const rightType = crisis.filter((r) => r.got === r.line.expect).length;
  const falseAlarms = ordinary.filter((r) => r.got).length;
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
  return {
    crisis: crisis.length,
    detected,
    rightType,
    ordinary: ordinary.length,
    falseAlarms,
    recall: ratio(detected, crisis.length),
    typeAccuracy: ratio(rightType, crisis.length),
    falseAlarmRate: ordinary.length === 0 ? 0 : Math.round((falseAlarms / ordinary.length) * 1000) / 1000,
  };
}

/** The crisis entry the turn pipeline would pick for `text` in `language`. */
export function crisisFor(knowledge: Knowledge, text: string, language: Language): string | undefined {
  return detectCrisis(knowledge, text, scoreMessage(knowledge.index, text, language));
}

export function evaluateCrisis(knowledge: Knowledge, lines: CrisisLine[], mode: 'detected' | 'known'): CrisisResult {
  const rows = lines.map((line) => {
    const language = mode === 'known' && isLanguage(line.lang) ? line.lang : resolveLanguage(line.text, undefined, undefined).language;
    return { line, language, got: crisisFor(knowledge, line.text, language) };
  });
  const languages: Record<string, CrisisFigures> = {};
  for (const lang of [...new Set(lines.map((l) => l.lang))]) languages[lang] = figures(rows.filter((r) => r.line.lang === lang));
  return {
    mode,
    languages,
    overall: figures(rows),
    misses: rows.filter((r) => r.line.expect && !r.got).map((r) => ({ ...r.line, got: r.got, language: r.language })),
    falseAlarms: rows.filter((r) => !r.line.expect && r.got).map((r) => ({ ...r.line, got: r.got, language: r.language })),
  };
}
