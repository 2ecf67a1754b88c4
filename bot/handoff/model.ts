/**
 * The handoff case: one request of a citizen to talk to a person, as the staff console sees it.
 * It lives in the Store's `handoffs` collection, and its eTag is what makes a claim safe: two
 * staff members who claim the same case write against the same eTag, and only one write wins.
 *
 * A case holds no personal data: the citizen's words are in the (redacted) transcript, shown
 * only after consent; a callback's phone number and preferred time are in the separate
 * `callbacks` collection, deleted when the callback is closed or after the configured days.
 */
import type { Language } from '../../content/model';
import type { ConversationAddress } from '../core/contracts';

/** Why Lotse offered a person. */
export const HANDOFF_REASONS = ['request', 'crisis', 'complex', 'urgent', 'misunderstood', 'frustrated', 'flow', 'unclaimed'] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

export type HandoffKind = 'live' | 'callback';

/** waiting → active (claimed) → closed; waiting → closed (cancelled, gone, switched to callback). */
export type CaseStatus = 'waiting' | 'active' | 'closed';

/** How a case ended; shown in German in the console. */
export const OUTCOMES = ['resolved', 'referred', 'appointment', 'callback_done', 'callback_not_reached', 'handed_back', 'citizen_cancelled', 'citizen_gone', 'switched_to_callback', 'no_reply', 'citizen_erased'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes a staff member may choose when closing (the others are set by Lotse). */
export const STAFF_OUTCOMES: readonly Outcome[] = ['resolved', 'referred', 'appointment', 'callback_done', 'callback_not_reached', 'no_reply'];

export interface StaffRef {
  id: string;
  displayName: string;
}

export interface HandoffCase {
  id: string;
  kind: HandoffKind;
  status: CaseStatus;
  address: ConversationAddress;
  language: Language;
  reason: HandoffReason;
  /** The crisis entry that led here, if any (staff see "Krise" first). */
  crisis?: string;
  /** Did the citizen agree that staff see the conversation so far? */
  consent: boolean;
  /** What the bot understood: entry ids (newest last), and the guided flow's position. */
  topics: string[];
  flow?: { flowId: string; stepId: string };
  createdAt: string;
  claimedAt?: string;
  closedAt?: string;
  claimedBy?: StaffRef;
  closedBy?: StaffRef;
  outcome?: Outcome;
  /** The citizen wrote since the claimer last replied (for the console's marker). */
  citizenWroteAt?: string;
  /** The citizen's channel refused a delivery: they left the chat. */
  citizenGone?: boolean;
  /** The citizen's last sign of life in this case (a message or a button while waiting). */
  citizenSeenAt?: string;
  /** The citizen was told that nobody is free yet and offered a callback. */
  unclaimedNotified?: boolean;
}

/** Personal data of a callback request, kept apart from the case and deleted as soon as it is done. */
export interface CallbackData {
  phone: string;
  preferredTime: string;
  consentAt: string;
}

/** One line of the stored (redacted) transcript of a conversation. */
export interface TranscriptLine {
  from: 'user' | 'bot' | 'staff';
  text: string;
  at: string;
  outcome?: string;
  entryId?: string;
  flow?: string;
  /** Display name of the staff member who wrote the line. */
  name?: string;
}

/** The logging the handoff parts need (pino's logger fits; no message text ever goes in). */
export interface HandoffLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class HandoffError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'closed' | 'not_yours' | 'gone' | 'left' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}
