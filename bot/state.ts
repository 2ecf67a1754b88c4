/**
 * What Lotse remembers about a conversation and a returning user — no names, no case data:
 * the language, where the citizen is in a guided flow, and how the conversation is going.
 */
import type { Language } from '../content/model';
import type { LanguageSource } from './signals/language';

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
  /** An ending already counted for this position (idle 24 h, or handed to a person); cleared by the next move. */
  counted?: 'abandoned' | 'handedOff';
}

/**
 * Where the conversation is on its way to a person (bot/handoff/conversation.ts):
 * offered → consent → waiting (live) → active (staff claimed) → back to the bot, or
 * offered → consent → callbackConsent → callbackTime → callbackPhone → callback (waiting for the call).
 * The case in the `handoffs` collection is the truth about waiting/active/closed; this is the bot's copy.
 */
export interface HandoffState {
  status: 'offered' | 'consent' | 'callbackConsent' | 'callbackTime' | 'callbackPhone' | 'waiting' | 'active' | 'callback';
  /** Case id once the request is in the staff queue. */
  id?: string;
  kind?: 'live' | 'callback';
  reason: string;
  /** The crisis entry that led to the offer. */
  crisis?: string;
  /** The citizen agreed that staff see the conversation so far. */
  consent?: boolean;
  /** Preferred time for a callback, until the phone number completes the request. */
  preferredTime?: string;
  /** Invalid phone numbers entered so far. */
  attempts?: number;
  /** Other questions answered while the phone number was missing (the form is recalled after each). */
  reminders?: number;
  /** This turn left the callback form for another question: recall it after the answer. */
  remind?: boolean;
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
  handoff?: HandoffState;
  turns: number;
  /** Ids of the last inbound activities processed (a re-delivered one is answered from `turnReplies`). */
  processed?: string[];
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
  /** Requests to talk to a person (the staff queue): key = case id. */
  handoffs: 'handoffs',
  /** Phone number and preferred time of a callback request: key = case id; deleted when done. */
  callbacks: 'callbacks',
  /** Outbound webhook deliveries, kept until delivered (failed ones stay visible): key = event id. */
  webhookDeliveries: 'webhookDeliveries',
  /** The replies of a turn, stored with it, for a re-delivered inbound activity: key = conversation key/activity id; about 1 h. */
  turnReplies: 'turnReplies',
} as const;
