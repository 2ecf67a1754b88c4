/**
 * The render layer: the core's Activities made to fit one channel's capabilities.
 * - Buttons beyond `maxButtons` become a numbered list in the text; typing the number chooses.
 * - Titles longer than `maxButtonTitle` are shortened with "…".
 * - Payloads larger than `maxPayloadBytes` travel as short opaque tokens (`{t: "…"}`), resolved
 *   server-side from the conversation's token table ({@link ButtonTokens}).
 * - Text longer than `maxTextLength` is split at paragraph boundaries (then lines, then words).
 * - Markdown becomes the channel's dialect; a `typing` activity precedes each message of a
 *   multi-message reply where the channel shows typing.
 * Inbound, {@link resolveInbound} turns a token or a typed number back into the button's value.
 */
import type { ActivityJson } from '../../bot/core/contracts';
import type { Store } from '../../bot/core/store';
import type { ChannelCapabilities, MarkdownDialect } from './contract';

interface Action {
  type?: string;
  title: string;
  text?: string;
  displayText?: string;
  value?: unknown;
}

/** Button values and numbered choices, per conversation, kept server-side. */
export interface ButtonTokens {
  /** Stores the values (and the numbered choices of the newest message); returns a token per value. */
  issue(scope: string, values: unknown[], numbered: unknown[]): Promise<string[]>;
  resolveToken(scope: string, token: string): Promise<unknown | undefined>;
  resolveNumber(scope: string, n: number): Promise<unknown | undefined>;
}

const TOKENS_KEPT = 60;

/** The token table in the store (collection `buttonTokens`, one item per conversation, expiring with it). */
export class StoreButtonTokens implements ButtonTokens {
  constructor(
    private readonly store: Store,
    private readonly ttlSeconds = 86400,
  ) {}

  async issue(scope: string, values: unknown[], numbered: unknown[]): Promise<string[]> {
    const stored = await this.store.read<{ tokens: Array<[string, unknown]>; numbered: unknown[] }>('buttonTokens', scope);
    const tokens = stored?.value.tokens ?? [];
    const issued = values.map((value) => {
      const token = Math.random().toString(36).slice(2, 10);
      tokens.push([token, value]);
      return token;
    });
    await this.store.write('buttonTokens', scope, { tokens: tokens.slice(-TOKENS_KEPT), numbered: numbered.length > 0 ? numbered : (stored?.value.numbered ?? []) }, { ttlSeconds: this.ttlSeconds });
    return issued;
  }

  async resolveToken(scope: string, token: string): Promise<unknown | undefined> {
    const stored = await this.store.read<{ tokens: Array<[string, unknown]> }>('buttonTokens', scope);
    return stored?.value.tokens.find(([t]) => t === token)?.[1];
  }

  async resolveNumber(scope: string, n: number): Promise<unknown | undefined> {
    const stored = await this.store.read<{ numbered: unknown[] }>('buttonTokens', scope);
    return stored?.value.numbered[n - 1];
  }
}

/** Markdown (as the core writes it: `**bold**`, `[text](url)`, `# heading`, lists) in a channel's dialect. */
export function toDialect(text: string, dialect: MarkdownDialect): string {
  switch (dialect) {
    case 'markdown':
      return text;
    case 'plain':
      return text
        .replace(/\*\*(.+?)\*\*/g, '$1')
        .replace(/\[([^\]]+)\]\((\S+?)\)/g, '$1 ($2)')
        .replace(/^#{1,6}\s+/gm, '');
    case 'whatsapp':
      return text
        .replace(/\*\*(.+?)\*\*/g, '*$1*')
        .replace(/\[([^\]]+)\]\((\S+?)\)/g, '$1: $2')
        .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
    case 'telegram-html': {
      const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return escaped
        .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
        .replace(/\[([^\]]+)\]\((\S+?)\)/g, (_m, t: string, u: string) => `<a href="${u.replace(/"/g, '&quot;')}">${t}</a>`)
        .replace(/^#{1,6}\s+(.+)$/gm, '<b>$1</b>');
    }
  }
}

/** Splits text into parts of at most `max` characters: at paragraphs, else lines, else words. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = '';
  const push = (piece: string, joiner: string) => {
    if (!current) current = piece;
    else if (current.length + joiner.length + piece.length <= max) current += joiner + piece;
    else {
      parts.push(current);
      current = piece;
    }
  };
  for (const paragraph of text.split(/\n{2,}/)) {
    if (paragraph.length <= max) {
      push(paragraph, '\n\n');
      continue;
    }
    for (const line of paragraph.split('\n')) {
      if (line.length <= max) {
        push(line, '\n');
        continue;
      }
      for (const word of line.split(' ')) {
        // A single word longer than the limit (a long URL) is cut: nothing may exceed the channel's limit.
        for (let i = 0; i < word.length; i += max) push(word.slice(i, i + max), ' ');
      }
    }
  }
  if (current) parts.push(current);
  return parts;
}

function shorten(title: string, max: number): string {
  return title.length <= max ? title : `${title.slice(0, Math.max(1, max - 1))}…`;
}

export interface RenderOptions {
  /** The conversation the token table belongs to (required when tokens may be needed). */
  scope?: string;
  tokens?: ButtonTokens;
}

/** Fits the activities of one reply to a channel. */
export async function renderForChannel(activities: ActivityJson[], caps: ChannelCapabilities, options: RenderOptions = {}): Promise<ActivityJson[]> {
  const out: ActivityJson[] = [];
  for (const activity of activities) {
    if (activity.type !== 'message') {
      out.push(activity);
      continue;
    }
    const actions = ((activity.suggestedActions as { actions?: Action[] } | undefined)?.actions ?? []).map((a) => ({ ...a }));
    const shown = actions.slice(0, caps.maxButtons);
    const overflow = actions.slice(caps.maxButtons);
    let text = typeof activity.text === 'string' ? activity.text : '';
    if (overflow.length > 0) {
      // Numbered after the shown buttons, so the numbers match what the citizen counts.
      const list = overflow.map((a, i) => `${caps.maxButtons + i + 1}. ${a.title}`).join('\n');
      text = text ? `${text}\n\n${list}` : list;
    }
    const tooBig = shown.filter((a) => Buffer.byteLength(JSON.stringify(a.value ?? null)) > caps.maxPayloadBytes);
    if ((tooBig.length > 0 || overflow.length > 0) && options.tokens && options.scope) {
      const tokens = await options.tokens.issue(options.scope, tooBig.map((a) => a.value), overflow.length > 0 ? actions.map((a) => a.value) : []);
      tooBig.forEach((a, i) => (a.value = { t: tokens[i] }));
    }
    for (const a of shown) {
      a.title = shorten(a.title, caps.maxButtonTitle);
      if (a.text !== undefined) a.text = a.title;
      if (a.displayText !== undefined) a.displayText = a.title;
    }
    const parts = splitText(toDialect(text, caps.markdown), caps.maxTextLength);
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const message: ActivityJson = { ...activity, text: part };
      if (caps.markdown !== 'markdown') message.textFormat = 'plain';
      if (last && shown.length > 0) message.suggestedActions = { ...(activity.suggestedActions as object), actions: shown } as ActivityJson['suggestedActions'];
      else delete message.suggestedActions;
      out.push(message);
    });
  }
  const messages = out.filter((a) => a.type === 'message').length;
  if (!caps.typing || messages < 2) return out;
  return out.flatMap((a) => (a.type === 'message' ? [{ type: 'typing' }, a] : [a]));
}

/** A token or a typed number back to the button value it stands for (unknown ones stay as they are). */
export async function resolveInbound(activity: ActivityJson, scope: string, tokens: ButtonTokens): Promise<ActivityJson> {
  const value = activity.value as { t?: unknown } | undefined;
  if (value && typeof value === 'object' && typeof value.t === 'string' && Object.keys(value).length === 1) {
    const resolved = await tokens.resolveToken(scope, value.t);
    return resolved === undefined ? { ...activity, value: undefined } : { ...activity, value: resolved };
  }
  const n = typeof activity.text === 'string' ? /^\s*(\d{1,2})\s*\.?\s*$/.exec(activity.text) : null;
  if (n && activity.value === undefined) {
    const chosen = await tokens.resolveNumber(scope, Number(n[1]));
    if (chosen !== undefined) return { ...activity, value: chosen };
  }
  return activity;
}
