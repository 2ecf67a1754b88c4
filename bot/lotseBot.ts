/**
 * The conversation core as every channel sees it: one turn per inbound activity, run as a
 * pipeline of named steps over one TurnContext, committed as one transaction, then delivered.
 *
 *   load state ─► read ─► events ─► signals ─► handoff ─► buttons ─► words ─► language ─► flow ─► answer
 *              ─► commit (state, transcript, cases, callbacks, webhook events, replies) ─► deliver
 *
 * A turn that fails anywhere leaves nothing behind and is answered with an apology in the
 * citizen's language; a turn that loses the compare-and-set on the conversation (another turn of
 * the same conversation, or staff, committed first) runs once more from fresh state. An inbound
 * activity whose id was already processed is not run again: its stored replies are returned.
 */
import { isLanguage, type Language } from '../content/model';
import { messageActivity } from './activities';
import type { ActivityJson, Bot, ConversationAddress, TurnResult } from './core/contracts';
import { citizenMessageKey, errorCode, errorForLog, type ErrorCode } from './core/errors';
import { compose, type Pipeline } from './core/pipeline';
import { PreconditionFailedError, type Store } from './core/store';
import { TurnContext } from './core/turnContext';
import { StateKeys } from './core/keys';
import { FlowDriver } from './flows/driver';
import { ErasureStep } from './privacy/erasure';
import { HandoffConversation } from './handoff/conversation';
import type { HandoffDesk } from './handoff/desk';
import type { TranscriptLine } from './handoff/model';
import { MAX_TRANSCRIPT_LINES } from './handoff/transcript';
import { translator } from './i18n';
import type { Knowledge } from './knowledge';
import { COLLECTIONS, newConversationState, type ConversationState } from './state';
import { turnSteps } from './steps';

export interface BotLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface BotDeps {
  knowledge: () => Knowledge;
  store: Store;
  logger: BotLogger;
  /** Pseudonymise ids for logs. */
  pseudonym: (id: string) => string;
  now?: () => Date;
  /** The staff queue (live chat, callbacks); without it only the channels are listed. */
  handoff?: HandoffDesk;
  /** Store keys (scoped by channel, pseudonymised with LOG_SALT); the desk must use the same. */
  keys?: StateKeys;
  /** Collections of the adapters (e.g. a channel's stored history) that erasure on request must also clear. */
  erasableCollections?: string[];
}

/** Inbound activity ids remembered per conversation, to answer a re-delivered one without running it again. */
export const PROCESSED_IDS = 50;
/** How long the replies of a turn are kept for a re-delivered activity (crash recovery, retries). */
export const REPLIES_TTL_SECONDS = 3600;

/** The stored replies of one inbound activity (collection `turnReplies`). */
export interface StoredReplies {
  activities: ActivityJson[];
}

export class LotseBot implements Bot {
  private readonly flows: FlowDriver;
  private readonly pipeline: Pipeline;
  private readonly erasure: ErasureStep;
  readonly keys: StateKeys;

  constructor(private readonly deps: BotDeps) {
    this.keys = deps.keys ?? new StateKeys();
    this.flows = new FlowDriver({ store: deps.store, logger: deps.logger, keys: this.keys });
    this.erasure = new ErasureStep(deps.store, () => deps.now?.() ?? new Date(), { keys: this.keys, extraCollections: deps.erasableCollections });
    const s = turnSteps({ handoff: new HandoffConversation(deps.handoff), store: deps.store });
    // The order of a turn (docs/architecture.md, "How a message flows").
    this.pipeline = compose([s.read, s.events, s.signals, s.handoff, s.buttons, s.words, s.language, s.flow, s.answer]);
  }

  async onActivity(activity: ActivityJson, address: ConversationAddress): Promise<TurnResult> {
    let language: Language | undefined;
    let ctx: TurnContext | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await this.deps.store.read<ConversationState>(COLLECTIONS.conversations, this.keys.conversation(address));
        const state: ConversationState = { ...newConversationState(), ...stored?.value };
        language = state.language;
        const inboundId = typeof activity.id === 'string' && activity.id ? activity.id : undefined;
        if (inboundId && state.processed?.includes(inboundId)) return await this.replayed(address, inboundId);
        // "Delete my data" and its confirmation: after erasure nothing about this conversation is written again.
        const erasure = await this.erasure.handle({ activity, address, language: state.language ?? (isLanguage(activity.locale) ? activity.locale : 'de') });
        if (erasure) return { activities: erasure.activities };
        ctx = new TurnContext(activity, address, structuredClone(state), this.deps.now?.() ?? new Date(), this.deps.knowledge());
        ctx.flows = this.flows.session(ctx);
        await this.pipeline.run(ctx);
        await this.commit(ctx, stored?.etag, inboundId);
        return { activities: ctx.out };
      } catch (error) {
        // Another turn or staff committed first: run the turn again on what they stored.
        if (error instanceof PreconditionFailedError && attempt === 1) continue;
        const code: ErrorCode = error instanceof PreconditionFailedError ? 'turn.conflict' : errorCode(error);
        this.deps.logger.error({ error: errorForLog(error, code), step: ctx?.step, conversation: this.deps.pseudonym(address.conversationId) }, 'turn failed');
        return { activities: [this.apology(language ?? (isLanguage(activity.locale) ? activity.locale : 'de'), code)] };
      }
    }
  }

  /** A re-delivered activity: what was answered then (nothing, once those replies expired). */
  private async replayed(address: ConversationAddress, inboundId: string): Promise<TurnResult> {
    const replies = await this.deps.store.read<StoredReplies>(COLLECTIONS.turnReplies, `${this.keys.conversation(address)}/${inboundId}`);
    return { activities: replies?.value.activities ?? [], duplicate: true };
  }

  /** Everything the turn wrote, in one all-or-nothing commit; announcements only after it. */
  private async commit(ctx: TurnContext, etag: string | undefined, inboundId: string | undefined): Promise<void> {
    const { store } = this.deps;
    const key = this.keys.conversation(ctx.address);
    // Kept only as long as the job centre's profile says, counted from the conversation's start
    // (keepExpiry: a new turn does not extend it), then swept.
    const ttlSeconds = ctx.knowledge.snapshot.profile.retentionDays * 86400;
    ctx.state.turns += 1;
    if (inboundId) ctx.state.processed = [...(ctx.state.processed ?? []), inboundId].slice(-PROCESSED_IDS);
    const tx = ctx.tx;
    tx.add({ kind: 'write', collection: COLLECTIONS.conversations, key, value: ctx.state, options: { ifMatch: etag ?? null, ttlSeconds, keepExpiry: true } });
    if (ctx.transcript.length > 0) {
      // Staff replies append to the same transcript: compare-and-set, so no line is lost (a staff line in between makes the turn retry).
      const transcript = await store.read<TranscriptLine[]>(COLLECTIONS.transcripts, key);
      const lines = [...(transcript?.value ?? []), ...ctx.transcript].slice(-MAX_TRANSCRIPT_LINES);
      tx.add({ kind: 'write', collection: COLLECTIONS.transcripts, key, value: lines, options: { ifMatch: transcript?.etag ?? null, ttlSeconds, keepExpiry: true } });
    }
    // The outbox row: a re-delivered inbound activity gets exactly these replies.
    if (inboundId) {
      const replies: StoredReplies = { activities: ctx.out };
      tx.add({ kind: 'write', collection: COLLECTIONS.turnReplies, key: `${key}/${inboundId}`, value: replies, options: { ttlSeconds: REPLIES_TTL_SECONDS } });
    }
    // Flow positions per returning user (with the turn) and the aggregated step counters (after it).
    await ctx.flows.stage(tx);
    await tx.commit(store, (error) => this.deps.logger.warn({ error: errorForLog(error) }, 'after-commit effect failed'));
  }

  private apology(language: Language, code: ErrorCode): ActivityJson {
    const t = translator(language);
    try {
      const profile = this.deps.knowledge().snapshot.profile;
      return messageActivity(t(citizenMessageKey(undefined, code), { name: profile.name, phone: profile.phones.service }), language);
    } catch {
      // Even without content an apology goes out, just without the phone number.
      return messageActivity(t(citizenMessageKey(undefined, 'content.unavailable')), language);
    }
  }
}
