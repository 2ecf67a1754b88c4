/**
 * What the bot understood, in German, for staff who may not speak the citizen's language: the
 * subject first — the matched topics' German titles (the "talk to a person" request itself only
 * when there is nothing else), the guided flow with its step, the crisis entry, the citizen's
 * language — and, in the case view, the outcome of each message so far. Read from the current
 * content, so corrected titles show at once.
 */
import { flowLength } from '../../content/flowModel';
import type { Language } from '../../content/model';
import type { Knowledge } from '../knowledge';
import type { HandoffCase, TranscriptLine } from './model';

export interface GermanSummary {
  /** One line in German: "Thema: Miete · Anleitung „…“, Schritt 3 von 8 · Sprache: Ukrainisch". */
  headline: string;
  topics: Array<{ id: string; title: string; kind?: string }>;
  crisis?: { id: string; title: string };
  flow?: { id: string; title: string; step: string; n?: number; total: number; text: string };
  language: { code: Language; name: string; rtl: boolean };
  /** Per citizen message (newest last, at most 10): what Lotse did with it. Only in the case view. */
  outcomes?: Array<{ at: string; outcome: string; label: string; topic?: string }>;
}

/** Outcomes of a bot reply, in German for the console. */
const OUTCOME_LABELS: Record<string, string> = {
  answer: 'beantwortet',
  clarify: 'Rückfrage gestellt',
  nomatch: 'nicht verstanden',
  handoff: 'Mensch angeboten',
  crisis: 'Krisenhilfe gezeigt',
  flow: 'Anleitung',
};

const RTL = new Set<Language>(['ar', 'fa']);

function germanTitle(knowledge: Knowledge, id: string): string {
  const entry = knowledge.snapshot.entries.get(id);
  return entry?.texts.de?.title ?? entry?.texts['de-x-ls']?.title ?? entry?.summary.split(/[.:;]/)[0]?.slice(0, 80) ?? id;
}

/** "Ukrainisch", "Leichte Sprache". */
export function germanLanguageName(language: Language): string {
  if (language === 'de-x-ls') return 'Leichte Sprache';
  try {
    const name = new Intl.DisplayNames(['de'], { type: 'language' }).of(language);
    return name ? name.charAt(0).toUpperCase() + name.slice(1) : language;
  } catch {
    return language;
  }
}

/** The first line of a step's text as plain text (no Markdown, no placeholders). */
function firstLine(text: string): string {
  const line = (text.split('\n').find((l) => l.trim()) ?? '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\{\{[^}]*\}\}/g, '…')
    .replace(/[*_`#>]/g, '')
    .trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

export function germanSummary(knowledge: Knowledge, c: Pick<HandoffCase, 'topics' | 'flow' | 'crisis' | 'language'>, transcript?: TranscriptLine[]): GermanSummary {
  const all = c.topics
    .slice()
    .reverse()
    .map((id) => ({ id, title: germanTitle(knowledge, id), kind: knowledge.snapshot.entries.get(id)?.kind }));
  // "Mit einem Menschen sprechen" is how the citizen got here, not what it is about.
  const subject = all.filter((t) => t.kind !== 'handoff');
  const language = c.language ?? 'de';
  const summary: GermanSummary = {
    headline: '',
    topics: subject.length > 0 ? subject : all,
    language: { code: language, name: germanLanguageName(language), rtl: RTL.has(language) },
  };
  if (c.crisis) summary.crisis = { id: c.crisis, title: germanTitle(knowledge, c.crisis) };
  if (c.flow) {
    const flow = knowledge.snapshot.flows.get(c.flow.flowId);
    const step = flow?.steps[c.flow.stepId];
    summary.flow = {
      id: c.flow.flowId,
      title: flow?.title.de ?? c.flow.flowId,
      step: c.flow.stepId,
      n: step?.n,
      total: flow ? flowLength(flow) : 0,
      text: step ? firstLine(step.text.de ?? '') : '',
    };
  }
  if (transcript) summary.outcomes = outcomes(knowledge, transcript);
  summary.headline = headline(summary);
  return summary;
}

function headline(s: GermanSummary): string {
  const parts: string[] = [];
  if (s.crisis) parts.push(`Krise: ${s.crisis.title}`);
  const topics = s.topics.filter((t) => t.id !== s.crisis?.id).slice(0, 3);
  if (topics.length > 0) parts.push(`Thema: ${topics.map((t) => t.title).join(', ')}`);
  if (s.flow) parts.push(`Anleitung „${s.flow.title}“${s.flow.n ? `, Schritt ${s.flow.n} von ${s.flow.total}` : ''}${s.flow.text ? `: ${s.flow.text}` : ''}`);
  if (parts.length === 0) parts.push('Thema unbekannt – die Person hat direkt nach einem Menschen gefragt');
  parts.push(`Sprache: ${s.language.name}`);
  return parts.join(' · ');
}

/** For each citizen message, the outcome of the bot's first reply to it (the last 10). */
function outcomes(knowledge: Knowledge, lines: TranscriptLine[]): NonNullable<GermanSummary['outcomes']> {
  const out: NonNullable<GermanSummary['outcomes']> = [];
  let pending: TranscriptLine | undefined;
  for (const line of lines) {
    if (line.from === 'user') {
      pending = line;
    } else if (line.from === 'bot' && pending && line.outcome) {
      const entryId = line.entryId;
      out.push({ at: pending.at, outcome: line.outcome, label: OUTCOME_LABELS[line.outcome] ?? line.outcome, topic: entryId ? germanTitle(knowledge, entryId) : undefined });
      pending = undefined;
    }
  }
  return out.slice(-10);
}
