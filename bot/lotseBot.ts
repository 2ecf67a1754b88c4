/**
 * The turn pipeline every channel uses:
 *   load state → read the activity (event, button or text) → resolve language → crisis guard →
 *   guided flow → match → decide on a person → render → save state and transcript.
 * State is written only after the turn succeeded; a failing turn answers with an apology in the
 * citizen's language and leaves stored state as it was.
 */
import crypto from 'node:crypto';
import { isLanguage, type Language } from '../content/model';
import type { Store } from './core/store';
import { errorForLog } from './core/errors';
import { entryReply, noMatchReply, replyForText, talkToPersonButton, entryButton, type Reply } from './answer';
import { messageActivity, replyActivity } from './activities';
import type { ActivityJson, Bot, ConversationAddress, TurnResult } from './contracts';
import { HandoffConversation, reasonForReply, type HandoffTurn, type OfferContext } from './handoff/conversation';
import type { HandoffDesk } from './handoff/desk';
import type { HandoffReason } from './handoff/model';
import { appendTranscript } from './handoff/transcript';
import { translator } from './i18n';
import type { Knowledge } from './knowledge';
import { resolveLanguage } from './language';
import { hasWords, normalize } from './nlu/normalize';
import { redact } from './redact';
import { COLLECTIONS, newConversationState, type ConversationState } from './state';
import { FlowDriver, type FlowReply, type FlowSession } from './flows/driver';

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
}

/** Topics offered as buttons in the welcome message, after the guided flow. */
const WELCOME_TOPICS = ['payment_date', 'continued_application', 'sick_note', 'activation_code_missing'];
const WELCOME_FLOW = 'portal_registration';
/** Longest text the bot reads; the rest of an essay is ignored (and the citizen told so). */
const MAX_TEXT = 1200;

interface Turn {
  activity: ActivityJson;
  address: ConversationAddress;
  state: ConversationState;
  now: Date;
  knowledge: Knowledge;
  out: ActivityJson[];
  /** Redacted lines for the transcript. */
  transcript: Array<{ from: 'user' | 'bot'; text: string; at: string; outcome?: string; entryId?: string; flow?: string }>;
  /** Guided flows in this turn (bot/flows). */
  flows: FlowSession;
}

function hashQuestion(text: string): string {
  return crypto.createHash('sha1').update(normalize(text)).digest('hex').slice(0, 12);
}

/** ALL CAPS shouting, as a sign of frustration (scripts without case are never "shouting"). */
function isShouting(text: string): boolean {
  const letters = text.replace(/[^\p{Lu}\p{Ll}]/gu, '');
  if (letters.length < 12) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper / letters.length > 0.8;
}

function sanitize(text: string): string {
  // Control characters (except line breaks and tabs) have no place in a chat message.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
}

export class LotseBot implements Bot {
  private readonly flows: FlowDriver;
  private readonly handoff: HandoffConversation;

  constructor(private readonly deps: BotDeps) {
    this.flows = new FlowDriver({ store: deps.store, logger: deps.logger });
    this.handoff = new HandoffConversation(deps.handoff);
  }

  async onActivity(activity: ActivityJson, address: ConversationAddress): Promise<TurnResult> {
    const now = this.deps.now?.() ?? new Date();
    let state = newConversationState();
    let etag: string | undefined;
    try {
      const stored = await this.deps.store.read<ConversationState>(COLLECTIONS.conversations, address.conversationId);
      if (stored) {
        state = { ...newConversationState(), ...stored.value };
        etag = stored.etag;
      }
      const base = { activity, address, state: structuredClone(state), now, knowledge: this.deps.knowledge(), out: [], transcript: [] };
      const turn: Turn = { ...base, flows: this.flows.session(base) };
      await this.handle(turn);
      turn.state.turns += 1;
      // Kept only as long as the job centre's profile says, then swept.
      const ttlSeconds = turn.knowledge.snapshot.profile.retentionDays * 86400;
      await Promise.all([
        this.deps.store.write(COLLECTIONS.conversations, address.conversationId, turn.state, { ifMatch: etag ?? null, ttlSeconds }),
        turn.transcript.length > 0 ? this.appendTranscript(address.conversationId, turn.transcript, ttlSeconds) : undefined,
      ]);
      await turn.flows.commit();
      return { activities: turn.out };
    } catch (error) {
      this.deps.logger.error({ error: errorForLog(error, 'turn.failed'), conversation: this.deps.pseudonym(address.conversationId) }, 'turn failed');
      const language = state.language ?? (isLanguage(activity.locale) ? activity.locale : 'de');
      return { activities: [this.apology(language)] };
    }
  }

  private apology(language: Language): ActivityJson {
    const t = translator(language);
    try {
      const profile = this.deps.knowledge().snapshot.profile;
      return messageActivity(t('apology', { name: profile.name, phone: profile.phones.service }), language);
    } catch {
      // Even without content an apology goes out, just without the phone number.
      return messageActivity(t('apologyShort'), language);
    }
  }

  private async appendTranscript(conversationId: string, lines: Turn['transcript'], ttlSeconds: number): Promise<void> {
    // Staff replies append to the same transcript: compare-and-set, so no line is lost.
    await appendTranscript(this.deps.store, conversationId, lines, ttlSeconds);
  }

  private async handle(turn: Turn): Promise<void> {
    const { activity } = turn;
    if (activity.type === 'event') return this.handleEvent(turn);
    if (activity.type !== 'message') return;
    const value = activity.value as { action?: unknown; id?: unknown; language?: unknown } | undefined;
    const text = sanitize(typeof activity.text === 'string' ? activity.text : '');
    if (text) turn.transcript.push({ from: 'user', text: redact(text).slice(0, 2000), at: turn.now.toISOString() });
    // Handoff steps (consent, callback form) and conversations with staff come first.
    if (await this.handoff.intercept(this.handoffTurn(turn), text, value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined)) return;
    if (value && typeof value === 'object' && typeof value.action === 'string') return this.handleButton(turn, value.action, value);
    return this.handleText(turn, text);
  }

  private language(turn: Turn): Language {
    return turn.state.language ?? 'de';
  }

  private async handleEvent(turn: Turn): Promise<void> {
    const { activity, state } = turn;
    const value = (activity.value ?? {}) as { language?: unknown; flow?: unknown };
    if (activity.name === 'lotse/start') {
      if (isLanguage(value.language) && state.languageSource !== 'user') {
        state.language = value.language;
        state.languageSource = 'channel';
      }
      this.welcome(turn);
      // A deep link (/?flow=<id>) starts its flow; a returning citizen is offered to resume.
      this.sendFlowReply(turn, await turn.flows.onStart(value.flow));
    } else if (activity.name === 'lotse/language') {
      if (!isLanguage(value.language)) return;
      state.language = value.language;
      state.languageSource = 'user';
      this.say(turn, messageActivity(translator(value.language)('languageChanged'), value.language));
    }
  }

  private welcome(turn: Turn): void {
    const language = this.language(turn);
    const t = translator(language);
    const profile = turn.knowledge.snapshot.profile;
    const buttons = [turn.flows.offer(WELCOME_FLOW), ...WELCOME_TOPICS.map((id) => entryButton(turn.knowledge, id, language))].filter((b) => b !== undefined);
    this.say(turn, messageActivity(`${t('welcome', { name: profile.name })}\n\n${t('welcomePrivacy')}`, language, [...buttons, talkToPersonButton(language)]));
  }

  private async handleButton(turn: Turn, action: string, value: { id?: unknown; language?: unknown }): Promise<void> {
    const language = this.language(turn);
    switch (action) {
      case 'entry': {
        const entry = typeof value.id === 'string' ? turn.knowledge.snapshot.entries.get(value.id) : undefined;
        if (!entry) {
          // A button from an older content version, or a forged one.
          this.sendReply(turn, noMatchReply(language, false));
          return;
        }
        turn.state.misunderstandings = 0;
        this.sendReply(turn, entryReply(turn.knowledge, entry, language, turn.now));
        return;
      }
      case 'handoff':
        this.offerPerson(turn, 'request');
        return;
      case 'flow':
        this.sendFlowReply(turn, await turn.flows.onButton(value));
        return;
      case 'none':
        turn.state.misunderstandings += 1;
        this.sendReply(turn, noMatchReply(language, turn.state.misunderstandings >= 2));
        return;
      case 'language':
        if (isLanguage(value.language)) {
          turn.state.language = value.language;
          turn.state.languageSource = 'user';
          this.say(turn, messageActivity(translator(value.language)('languageChanged'), value.language));
        }
        return;
      default:
        this.sendReply(turn, noMatchReply(language, false));
    }
  }

  private handleText(turn: Turn, raw: string): void {
    const { state } = turn;
    if (!hasWords(raw)) {
      const language = this.language(turn);
      this.say(turn, messageActivity(translator(language)('askAgainEmpty'), language));
      return;
    }
    const text = raw.length > MAX_TEXT ? raw.slice(0, MAX_TEXT) : raw;
    const decision = resolveLanguage(text, state.language, state.languageSource);
    state.language = decision.language;
    state.languageSource = decision.source;
    const language = decision.language;
    const t = translator(language);
    if (decision.switchedFrom && decision.source === 'user') {
      this.say(turn, messageActivity(t('languageChanged'), language));
      return;
    }
    if (decision.switchedFrom) this.say(turn, messageActivity(t('languageSwitched'), language));
    if (raw.length > MAX_TEXT) this.say(turn, messageActivity(t('tooLong'), language));
    // Inside a flow: "back", "stop", a date or an option's label move the flow; anything else is a question.
    const flowReply = turn.flows.onText(text);
    if (flowReply) return this.sendFlowReply(turn, flowReply);

    const question = hashQuestion(text);
    const repeated = state.recent.includes(question);
    state.recent = [...state.recent, question].slice(-3);

    const reply = replyForText(turn.knowledge, text, language, { now: turn.now, misunderstandings: state.misunderstandings });
    if (reply.outcome === 'nomatch' || reply.outcome === 'handoff' && !reply.entryId) state.misunderstandings += 1;
    else if (reply.outcome !== 'clarify') state.misunderstandings = 0;

    const frustrated = (repeated || isShouting(raw)) && reply.outcome !== 'crisis';
    if (frustrated && reply.outcome !== 'answer') {
      this.say(turn, messageActivity(t('frustration'), language));
      this.offerPerson(turn, 'frustrated');
      return;
    }
    this.sendReply(turn, reply);
    if (reply.outcome === 'nomatch' && state.misunderstandings >= 2) this.offerPerson(turn, 'misunderstood');
  }

  private sendReply(turn: Turn, reply: Reply): void {
    if (reply.entryId) turn.state.topics = [...turn.state.topics.filter((t) => t !== reply.entryId), reply.entryId].slice(-5);
    // Inside a flow: "back to step n"; an answer that has a flow: "step by step".
    const flowButtons = turn.flows.extraButtons(reply);
    this.say(turn, replyActivity({ ...reply, suggestions: [...flowButtons, ...reply.suggestions] }), { outcome: reply.outcome, entryId: reply.entryId });
    if (reply.offerPerson) this.offerPerson(turn, ...reasonForReply(turn.knowledge, reply));
  }

  private sendFlowReply(turn: Turn, reply: FlowReply): void {
    for (const activity of reply.activities) this.say(turn, activity, { outcome: 'flow' });
    if (reply.handoff) this.offerPerson(turn, 'flow');
  }

  /** Offer a person (bot/handoff): every channel, live chat or callback as buttons; inside a flow, its step goes along. */
  private offerPerson(turn: Turn, reason: HandoffReason, context: OfferContext = {}): void {
    this.handoff.offer(this.handoffTurn(turn), reason, context);
  }

  private handoffTurn(turn: Turn): HandoffTurn {
    return {
      address: turn.address,
      state: turn.state,
      now: turn.now,
      knowledge: turn.knowledge,
      language: this.language(turn),
      // Protocol events go to the channel but not into the transcript.
      say: (activity, meta) => (activity.type === 'message' ? this.say(turn, activity, meta) : void turn.out.push(activity)),
    };
  }

  private say(turn: Turn, activity: ActivityJson, meta: { outcome?: string; entryId?: string; flow?: string } = {}): void {
    turn.out.push(activity);
    turn.transcript.push({ from: 'bot', text: redact(String(activity.text ?? '')).slice(0, 2000), at: turn.now.toISOString(), ...meta });
  }
}
