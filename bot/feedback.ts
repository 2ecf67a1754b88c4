/**
 * Thumbs up/down under an answer (`lotse/feedback` events from the chat page). What is kept:
 * a counter per entry × language (no ids, no text), and — for a thumbs-down with a reason — the
 * reason, redacted, in the editors' inbox for as long as the profile keeps conversations. One
 * vote per conversation and entry: a replayed or repeated event changes nothing.
 */
import { isLanguage, type Language } from '../content/model';
import { PreconditionFailedError, type Store } from './core/store';
import { redact } from './redact';

export const FEEDBACK_COLLECTIONS = {
  /** Counters: key = `<entryId>|<language>`. */
  counts: 'feedback',
  /** Redacted reasons of thumbs-down votes for the editors: key = random id. */
  inbox: 'inbox',
  /** Which conversation already voted on which entry: key = `<conversationId>|<entryId>`. */
  votes: 'feedbackVotes',
} as const;

export const MAX_REASON = 500;
const ENTRY_ID = /^[a-z0-9_]{1,80}$/;

export interface Feedback {
  entryId: string;
  vote: 'up' | 'down';
  reason?: string;
}

export interface FeedbackCounts {
  entryId: string;
  language: Language;
  up: number;
  down: number;
  updatedAt: string;
}

export interface InboxItem {
  kind: 'feedback';
  entryId: string;
  language: Language;
  reason: string;
  at: string;
}

/** The event's value if it is well-formed, else undefined (hostile input is dropped, not guessed at). */
export function parseFeedback(value: unknown): Feedback | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { entryId, vote, reason } = value as Record<string, unknown>;
  if (typeof entryId !== 'string' || !ENTRY_ID.test(entryId)) return undefined;
  if (vote !== 'up' && vote !== 'down') return undefined;
  if (reason !== undefined && typeof reason !== 'string') return undefined;
  // Control characters out, whitespace collapsed, bounded.
  const text = typeof reason === 'string' ? reason.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_REASON) : '';
  return text ? { entryId, vote, reason: text } : { entryId, vote };
}

export interface RecordFeedbackInput {
  conversationId: string;
  value: unknown;
  language: string;
  /** Entries that exist in the content; votes on unknown ids are ignored. */
  isEntry: (id: string) => boolean;
  retentionDays: number;
  now: Date;
}

export type FeedbackResult = 'counted' | 'invalid' | 'repeated';

export async function recordFeedback(store: Store, input: RecordFeedbackInput): Promise<FeedbackResult> {
  const feedback = parseFeedback(input.value);
  const language = isLanguage(input.language) ? input.language : undefined;
  if (!feedback || !language || !input.isEntry(feedback.entryId)) return 'invalid';
  const ttlSeconds = input.retentionDays * 86400;
  const at = input.now.toISOString();
  try {
    await store.write(FEEDBACK_COLLECTIONS.votes, `${input.conversationId}|${feedback.entryId}`, { vote: feedback.vote, at }, { ifMatch: null, ttlSeconds });
  } catch (error) {
    if (error instanceof PreconditionFailedError) return 'repeated';
    throw error;
  }
  await addToCount(store, feedback, language, at);
  if (feedback.vote === 'down' && feedback.reason) {
    const item: InboxItem = { kind: 'feedback', entryId: feedback.entryId, language, reason: redact(feedback.reason), at };
    await store.write(FEEDBACK_COLLECTIONS.inbox, `fb-${input.now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 10)}`, item, { ttlSeconds });
  }
  return 'counted';
}

/** Compare-and-set, so that two votes at the same moment are both counted. */
async function addToCount(store: Store, feedback: Feedback, language: Language, at: string): Promise<void> {
  const key = `${feedback.entryId}|${language}`;
  for (let attempt = 0; ; attempt++) {
    const stored = await store.read<FeedbackCounts>(FEEDBACK_COLLECTIONS.counts, key);
    const counts: FeedbackCounts = stored ? { ...stored.value } : { entryId: feedback.entryId, language, up: 0, down: 0, updatedAt: at };
    counts[feedback.vote] += 1;
    counts.updatedAt = at;
    try {
      await store.write(FEEDBACK_COLLECTIONS.counts, key, counts, { ifMatch: stored?.etag ?? null });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= 5) throw error;
    }
  }
}
