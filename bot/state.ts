/**
 * What Lotse remembers about a conversation and a returning user — no names, no case data:
 * the language, where the citizen is in a guided flow, and how the conversation is going.
 */
import type { Language } from '../content/model';
import type { LanguageSource } from './language';

export interface FlowPosition {
  flowId: string;
  stepId: string;
  /** Flow version the step id belongs to (flows change while citizens are inside them). */
  version: string;
  /** Step ids visited, for "back". */
  trail: string[];
  /** Values the flow asked for (e.g. the end date of the award period), never personal data. */
  values?: Record<string, string>;
  updatedAt: string;
  /** Already counted as abandoned (24 h without activity); cleared by the next move. */
  abandoned?: boolean;
}

export interface HandoffState {
  id: string;
  status: 'offered' | 'consent' | 'waiting' | 'active' | 'closed';
  since: string;
}

export interface ConversationState {
  language?: Language;
  languageSource?: LanguageSource;
  /** Misunderstandings in a row (no match, or "none of these"). */
  misunderstandings: number;
  /** Hashes of the last questions, to notice a citizen repeating themselves. */
  recent: string[];
  /** What the bot understood so far (entry ids), for staff who take over. */
  topics: string[];
  flow?: FlowPosition;
  /** A flow the citizen may resume (offered once at the start of a conversation). */
  resumeOffered?: boolean;
  handoff?: HandoffState;
  turns: number;
}

export interface UserState {
  language?: Language;
  /** Unfinished flows, for "continue at step 4 of 7". */
  flows: Record<string, FlowPosition>;
}

export function newConversationState(): ConversationState {
  return { misunderstandings: 0, recent: [], topics: [], turns: 0 };
}

export function newUserState(): UserState {
  return { flows: {} };
}

export const COLLECTIONS = {
  conversations: 'conversations',
  users: 'users',
  transcripts: 'transcripts',
  /** Aggregated step counters per flow (no ids): key = flow id. */
  flowStats: 'flowStats',
} as const;
