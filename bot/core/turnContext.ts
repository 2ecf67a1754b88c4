/**
 * The one context of a turn: created once per inbound activity and passed to every step of the
 * pipeline (bot/core/pipeline.ts). Feature modules see small views of it (`HandoffTurn`,
 * `FlowTurn`), which it satisfies as it is.
 */
import type { Language } from '../../content/model';
import type { FlowSession } from '../flows/driver';
import type { TranscriptLine } from '../handoff/model';
import type { Knowledge } from '../knowledge';
import { publicNumbersOf } from '../privacy/publicNumbers';
import { redact } from '../redact';
import type { Signals } from '../signals';
import type { ConversationState } from '../state';
import type { ActivityJson, ConversationAddress } from './contracts';
import { TurnTransaction } from './transaction';

/** What a bot line in the transcript says about itself (for reports and staff). */
export interface LineMeta {
  outcome?: string;
  entryId?: string;
  flow?: string;
}

/** Longest line kept in a transcript. */
const MAX_LINE = 2000;

export class TurnContext {
  /** The replies, in order; delivered only after the turn committed. */
  readonly out: ActivityJson[] = [];
  /** Redacted lines for the transcript, written with the turn. */
  readonly transcript: TranscriptLine[] = [];
  /** Every store write of the turn and what may happen only after them. */
  readonly tx = new TurnTransaction();
  /** The message's text, cleaned (empty for events and plain button presses). */
  text = '';
  /** A button's value (`{action, …}`), when the activity carries one. */
  value?: Record<string, unknown>;
  /** Computed once per message by the `signals` step. */
  signals?: Signals;
  /** The step running now (named in the log when the turn fails). */
  step?: string;
  /** Guided flows in this turn (bot/flows), attached when the context is built. */
  flows!: FlowSession;

  constructor(
    readonly activity: ActivityJson,
    readonly address: ConversationAddress,
    /** The conversation state; the turn's working copy, stored with the commit. */
    readonly state: ConversationState,
    readonly now: Date,
    readonly knowledge: Knowledge,
  ) {}

  /** The language to answer in right now. */
  get language(): Language {
    return this.state.language ?? 'de';
  }

  /** Send an activity: messages are kept (redacted) in the transcript, protocol events are not. */
  say(activity: ActivityJson, meta: LineMeta = {}): void {
    this.out.push(activity);
    if (activity.type !== 'message') return;
    // The job centre's own numbers in the bot's answers are not personal data: kept readable.
    const publicNumbers = publicNumbersOf(this.knowledge.snapshot.profile);
    this.transcript.push({ from: 'bot', text: redact(String(activity.text ?? ''), { publicNumbers }).slice(0, MAX_LINE), at: this.now.toISOString(), ...meta });
  }

  /** The citizen's message, redacted, for the transcript. */
  heard(text: string): void {
    this.transcript.push({ from: 'user', text: redact(text).slice(0, MAX_LINE), at: this.now.toISOString() });
  }
}
