/**
 * What the bot understood, in German, for staff who may not speak the citizen's language:
 * the matched topics' German titles, the guided flow with its step, and the crisis entry.
 * Read from the current content, so corrected titles show at once.
 */
import { flowLength } from '../../content/flowModel';
import type { Knowledge } from '../knowledge';
import type { HandoffCase } from './model';

export interface GermanSummary {
  topics: Array<{ id: string; title: string; kind?: string }>;
  crisis?: { id: string; title: string };
  flow?: { id: string; title: string; step: string; n?: number; total: number; text: string };
}

function germanTitle(knowledge: Knowledge, id: string): string {
  const entry = knowledge.snapshot.entries.get(id);
  return entry?.texts.de?.title ?? entry?.texts['de-x-ls']?.title ?? entry?.summary.split(/[.:;]/)[0]?.slice(0, 80) ?? id;
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

export function germanSummary(knowledge: Knowledge, c: Pick<HandoffCase, 'topics' | 'flow' | 'crisis'>): GermanSummary {
  const summary: GermanSummary = {
    topics: c.topics
      .slice()
      .reverse()
      .map((id) => ({ id, title: germanTitle(knowledge, id), kind: knowledge.snapshot.entries.get(id)?.kind })),
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
  return summary;
}
