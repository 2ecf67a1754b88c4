/**
 * The citizen's side of a handoff, as a small state machine in `ConversationState.handoff`:
 *
 *   offer ─► offered ──"live chat"──► consent ──yes/no──► waiting ──staff claims──► active
 *                │                                           │  ▲                    │
 *                │                                           │  └── keep waiting     ├─ staff hand back / close ─► (bot again)
 *                │                                unclaimed after N min:             └─ citizen ends ─► (bot again)
 *                │                                callback offered ─┐
 *                └──"callback"──► consent ──► callbackConsent ──yes──► callbackTime ──► callbackPhone ──valid──► callback
 *
 * Consent comes before anything goes to staff: whether staff may read the conversation so far
 * (the case is queued either way, with the topic only), and for a callback, separately, whether
 * the phone number may be stored until the callback is done. The phone number is asked last, so
 * it never sits in the conversation state: it goes straight into the callback record.
 *
 * While a live request waits, the citizen's messages are passed on and answered with a short
 * notice; while staff are active the bot stays silent — except for a crisis, where the crisis
 * numbers always go out. Typing a new question at an offer or consent step leaves the handoff.
 */
import type { Language } from '../../content/model';
import { entryReply } from '../answer';
import { messageActivity, type ButtonValue } from '../activities';
import type { ActivityJson, ConversationAddress } from '../core/contracts';
import type { Transaction } from '../core/transaction';
import { detectCrisis } from '../signals/crisis';
import { botI18n, botLanguages, translator } from '../i18n';
import type { Knowledge } from '../knowledge';
import { normalize } from '../nlu/normalize';
import type { ConversationState, HandoffState } from '../state';
import type { HandoffDesk } from './desk';
import type { HandoffReason } from './model';
import { availability, offerContent, type Availability } from './offer';
import { hasDigits, parsePhone } from './phone';

/** What the handoff needs of a turn (bot/lotseBot.ts builds it). */
export interface HandoffTurn {
  address: ConversationAddress;
  state: ConversationState;
  now: Date;
  knowledge: Knowledge;
  language: Language;
  /** Send a message (kept in the transcript) or an event (not kept). */
  say(activity: ActivityJson, meta?: { outcome?: string; flow?: string }): void;
  /** The turn's transaction: cases and callbacks are committed with the turn, not before. */
  tx?: Transaction;
  /** The message's signals, when the turn computed them (the crisis is then not detected again). */
  signals?: { crisis?: string };
}

export interface OfferContext {
  urgent?: boolean;
  crisis?: string;
}

/** Preferred-time buttons; the console shows them in German. */
export const TIME_SLOTS = ['morning', 'afternoon', 'any'] as const;
/** Other questions asked while the phone number is missing: each is answered, then the form is recalled; after this many it is dropped, with a word. */
const MAX_PHONE_REMINDERS = 3;
const MAX_TIME_TEXT = 80;

type Button = { title: string; value: ButtonValue };

let yesNo: { yes: Set<string>; no: Set<string> } | undefined;

/** "ja", "yes", "так", "نعم" … from every bot language's `buttons.yes`/`buttons.no`. */
function yesOrNo(text: string): 'yes' | 'no' | undefined {
  if (!yesNo) {
    const i18n = botI18n();
    yesNo = { yes: new Set(), no: new Set() };
    for (const language of botLanguages()) {
      for (const key of ['yes', 'no'] as const) {
        const word = i18n.getResource(language, 'translation', `buttons.${key}`) as unknown;
        if (typeof word === 'string' && normalize(word)) yesNo[key].add(normalize(word));
      }
    }
    for (const w of ['ok', 'okay', 'ja gerne', 'yes please', 'sure']) yesNo.yes.add(w);
  }
  const n = normalize(text);
  if (yesNo.yes.has(n)) return 'yes';
  if (yesNo.no.has(n)) return 'no';
  return undefined;
}

let statusWords: Set<string> | undefined;

/** "mein Rückruf", "my callback", "мій дзвінок" … from every bot language's `handoff.words.status`. */
function asksForStatus(text: string): boolean {
  if (!statusWords) {
    const i18n = botI18n();
    statusWords = new Set();
    for (const language of botLanguages()) {
      const words = i18n.getResource(language, 'translation', 'handoff.words.status') as unknown;
      if (Array.isArray(words)) for (const w of words) if (typeof w === 'string' && normalize(w)) statusWords.add(normalize(w));
    }
  }
  const n = normalize(text);
  if (statusWords.has(n)) return true;
  // "was ist mit meinem rückruf", "where is my callback": a short message containing the phrase.
  const words = n.split(' ');
  if (words.length > 6) return false;
  const padded = ` ${n} `;
  return [...statusWords].some((phrase) => phrase.includes(' ') && padded.includes(` ${phrase} `));
}

function sanitizeShort(text: string, max: number): string {
  return text.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

export class HandoffConversation {
  constructor(private readonly desk?: HandoffDesk) {}

  private available(turn: HandoffTurn): Availability {
    const profile = turn.knowledge.snapshot.profile;
    if (!this.desk) return { ...availability(profile, turn.now, false), callback: false };
    return availability(profile, turn.now, this.desk.staffOnline(), this.desk.canDeliver(turn.address.channelId));
  }

  private message(turn: HandoffTurn, key: string, buttons: Button[] = [], values: Record<string, unknown> = {}): void {
    const t = translator(turn.language);
    turn.say(messageActivity(t(key, { name: turn.knowledge.snapshot.profile.name, ...values }), turn.language, buttons, { handoff: { step: key } }), { outcome: 'handoff' });
  }

  private button(turn: HandoffTurn, key: string, value: ButtonValue): Button {
    return { title: translator(turn.language)(key), value };
  }

  /** Offer a person: every channel, with buttons for live chat (if possible now) and a callback. */
  offer(turn: HandoffTurn, reason: HandoffReason, context: OfferContext = {}): void {
    const current = turn.state.handoff;
    if (current?.status === 'waiting' || current?.status === 'active') {
      this.message(turn, current.status === 'active' ? 'handoff.live.alreadyActive' : 'handoff.live.alreadyWaiting', [this.button(turn, 'handoff.button.stopWaiting', { action: 'handoff.cancel' })]);
      return;
    }
    const { text, buttons } = offerContent(turn.knowledge, turn.language, this.available(turn), context);
    const position = turn.state.flow;
    turn.say(messageActivity(text, turn.language, buttons, { handoff: { step: 'offer', reason }, ...(position ? { handoffContext: { flow: position.flowId, step: position.stepId } } : {}) }), {
      outcome: 'handoff',
      flow: position && `${position.flowId}/${position.stepId}`,
    });
    // A pending callback stays registered; otherwise the offer becomes the current step.
    if (current?.status === 'callback') return;
    turn.state.handoff = { status: 'offered', reason, crisis: context.crisis, since: turn.now.toISOString() };
  }

  /**
   * Runs before the bot's own handling. Returns true when the handoff took the turn (a handoff
   * button, a consent or callback answer, a message while waiting for or talking to staff).
   */
  async intercept(turn: HandoffTurn, text: string, value: Record<string, unknown> | undefined): Promise<boolean> {
    const action = typeof value?.action === 'string' ? value.action : undefined;
    if (action?.startsWith('handoff.')) {
      await this.onButton(turn, action, value ?? {});
      return true;
    }
    const h = turn.state.handoff;
    if (!action && text && asksForStatus(text)) {
      this.showStatus(turn);
      return true;
    }
    if (!h) return false;
    // A crisis typed into the callback form is never taken for a time or a number.
    if (!action && text && h.status !== 'waiting' && h.status !== 'active' && crisisEntry(turn, text)) {
      if (h.status !== 'callback') delete turn.state.handoff;
      return false;
    }
    switch (h.status) {
      case 'waiting':
      case 'active':
        return this.whileWithStaff(turn, h, text, action);
      case 'callback':
        await this.syncCallback(turn, h);
        return false;
      case 'offered':
        if (!action) delete turn.state.handoff;
        return false;
      case 'consent':
      case 'callbackConsent': {
        if (action) return false;
        const answer = yesOrNo(text);
        if (!answer) {
          delete turn.state.handoff;
          return false;
        }
        if (h.status === 'consent') await this.onConsent(turn, h, answer === 'yes');
        else this.onCallbackConsent(turn, h, answer === 'yes');
        return true;
      }
      case 'callbackTime': {
        if (action || !text || text.length > MAX_TIME_TEXT) {
          delete turn.state.handoff;
          return false;
        }
        h.preferredTime = sanitizeShort(text, MAX_TIME_TEXT);
        h.status = 'callbackPhone';
        this.message(turn, 'handoff.callback.askPhone', [this.button(turn, 'handoff.button.cancel', { action: 'handoff.cancel' })]);
        return true;
      }
      case 'callbackPhone':
        // A number (in figures or words) is read; anything else is answered and the form recalled afterwards (remindPending).
        if (action || !hasDigits(text)) {
          h.remind = true;
          return false;
        }
        await this.onPhone(turn, h, text);
        return true;
    }
  }

  /**
   * After a turn the handoff did not take: a callback form still waiting for the phone number is
   * recalled, so a request is never lost silently — and after a few other questions dropped with
   * a word and a button to ask again.
   */
  remindPending(turn: HandoffTurn): void {
    const h = turn.state.handoff;
    if (h?.status !== 'callbackPhone' || !h.remind) return;
    delete h.remind;
    h.reminders = (h.reminders ?? 0) + 1;
    if (h.reminders >= MAX_PHONE_REMINDERS) {
      delete turn.state.handoff;
      this.message(turn, 'handoff.callback.dropped', [this.button(turn, 'handoff.button.callback', { action: 'handoff.callback' })]);
      return;
    }
    this.message(turn, 'handoff.callback.stillOpen', [this.button(turn, 'handoff.button.cancel', { action: 'handoff.cancel' })]);
  }

  /** "My callback": what the citizen asked for, with the way to cancel it. */
  private showStatus(turn: HandoffTurn): void {
    const h = turn.state.handoff;
    const t = translator(turn.language);
    if (h?.status === 'callback') {
      const slot = h.preferredTime?.startsWith('slot:') ? h.preferredTime.slice(5) : undefined;
      const time = slot ? t(`handoff.button.${slot}`) : (h.preferredTime ?? t('handoff.button.any'));
      return this.message(turn, 'handoff.callback.status', [this.button(turn, 'handoff.button.cancelCallback', { action: 'handoff.cancel' })], { time });
    }
    if (h?.status === 'callbackTime' || h?.status === 'callbackPhone' || h?.status === 'callbackConsent') {
      return this.message(turn, 'handoff.callback.statusIncomplete', [this.button(turn, 'handoff.button.cancel', { action: 'handoff.cancel' })]);
    }
    if (h?.status === 'waiting' || h?.status === 'active') {
      return this.message(turn, h.status === 'active' ? 'handoff.live.alreadyActive' : 'handoff.live.alreadyWaiting', [this.button(turn, 'handoff.button.stopWaiting', { action: 'handoff.cancel' })]);
    }
    this.message(turn, 'handoff.callback.statusNone', this.available(turn).callback ? [this.button(turn, 'handoff.button.callback', { action: 'handoff.callback' })] : []);
  }

  private async onButton(turn: HandoffTurn, action: string, value: Record<string, unknown>): Promise<void> {
    const h = turn.state.handoff;
    const profile = turn.knowledge.snapshot.profile;
    switch (action) {
      case 'handoff.live': {
        if (h?.status === 'waiting' || h?.status === 'active') return this.offer(turn, 'request');
        if (!this.available(turn).liveChat) {
          this.message(turn, 'handoff.live.notAvailable');
          return this.offer(turn, (h?.reason as HandoffReason) ?? 'request');
        }
        turn.state.handoff = { ...this.base(turn, h), status: 'consent', kind: 'live' };
        return this.askConsent(turn);
      }
      case 'handoff.callback': {
        if (!this.desk || !profile.handoff.callback) return this.offer(turn, 'request');
        let consent = h?.consent;
        if (h?.id && h.status === 'waiting') {
          // Nobody took the live chat: the waiting request becomes a callback request.
          for (const a of await this.desk.citizenEnded(h.id, 'switched_to_callback', turn.tx)) turn.say(a);
        } else if (h?.status === 'active') {
          return this.offer(turn, 'request');
        } else {
          consent = undefined;
        }
        turn.state.handoff = { ...this.base(turn, h), status: 'consent', kind: 'callback', consent };
        if (consent === undefined) return this.askConsent(turn);
        return this.askCallbackConsent(turn);
      }
      case 'handoff.consent':
        if (h?.status !== 'consent') return this.stale(turn);
        return this.onConsent(turn, h, value.share === true);
      case 'handoff.callbackConsent':
        if (h?.status !== 'callbackConsent') return this.stale(turn);
        return this.onCallbackConsent(turn, h, value.agree === true);
      case 'handoff.time': {
        if (h?.status !== 'callbackTime') return this.stale(turn);
        const slot = TIME_SLOTS.find((s) => s === value.slot);
        if (!slot) return this.stale(turn);
        h.preferredTime = `slot:${slot}`;
        h.status = 'callbackPhone';
        this.message(turn, 'handoff.callback.askPhone', [this.button(turn, 'handoff.button.cancel', { action: 'handoff.cancel' })]);
        return;
      }
      case 'handoff.status':
        return this.showStatus(turn);
      case 'handoff.keepWaiting':
        if (h?.status === 'waiting' && h.id) await this.desk?.citizenSeen(h.id);
        if (h?.status === 'waiting') return this.message(turn, 'handoff.live.keepWaiting', [this.button(turn, 'handoff.button.stopWaiting', { action: 'handoff.cancel' })]);
        return this.stale(turn);
      case 'handoff.cancel': {
        if (h?.id && this.desk && (h.status === 'waiting' || h.status === 'active' || h.status === 'callback')) {
          for (const a of await this.desk.citizenEnded(h.id, 'citizen_cancelled', turn.tx)) turn.say(a);
        }
        endCase(turn);
        return this.message(turn, 'handoff.cancelled');
      }
      default:
        return this.stale(turn);
    }
  }

  /** Fields every step keeps: why, since when, which crisis, consent so far. */
  private base(turn: HandoffTurn, h: HandoffState | undefined): Pick<HandoffState, 'reason' | 'crisis' | 'since' | 'consent'> {
    return { reason: h?.reason ?? 'request', crisis: h?.crisis, consent: h?.consent, since: turn.now.toISOString() };
  }

  private stale(turn: HandoffTurn): void {
    const h = turn.state.handoff;
    if (h?.status === 'waiting' || h?.status === 'active') return this.offer(turn, 'request');
    this.message(turn, 'handoff.stale');
    this.offer(turn, (h?.reason as HandoffReason) ?? 'request');
  }

  private askConsent(turn: HandoffTurn): void {
    this.message(turn, 'handoff.consent.question', [
      this.button(turn, 'handoff.button.consentYes', { action: 'handoff.consent', share: true }),
      this.button(turn, 'handoff.button.consentNo', { action: 'handoff.consent', share: false }),
      this.button(turn, 'handoff.button.cancel', { action: 'handoff.cancel' }),
    ]);
  }

  private askCallbackConsent(turn: HandoffTurn): void {
    this.message(
      turn,
      'handoff.callback.consent',
      [
        this.button(turn, 'handoff.button.agree', { action: 'handoff.callbackConsent', agree: true }),
        this.button(turn, 'handoff.button.disagree', { action: 'handoff.callbackConsent', agree: false }),
      ],
      { days: turn.knowledge.snapshot.profile.handoff.callbackRetentionDays },
    );
  }

  private async onConsent(turn: HandoffTurn, h: HandoffState, share: boolean): Promise<void> {
    h.consent = share;
    if (h.kind === 'callback') {
      h.status = 'callbackConsent';
      return this.askCallbackConsent(turn);
    }
    return this.openLive(turn, h);
  }

  private onCallbackConsent(turn: HandoffTurn, h: HandoffState, agree: boolean): void {
    if (!agree) {
      delete turn.state.handoff;
      this.message(turn, 'handoff.callback.declined');
      const { text } = offerContent(turn.knowledge, turn.language, { ...this.available(turn), liveChat: false, callback: false });
      turn.say(messageActivity(text, turn.language), { outcome: 'handoff' });
      return;
    }
    h.status = 'callbackTime';
    this.message(turn, 'handoff.callback.askTime', TIME_SLOTS.map((slot) => this.button(turn, `handoff.button.${slot}`, { action: 'handoff.time', slot })));
  }

  private async openLive(turn: HandoffTurn, h: HandoffState): Promise<void> {
    if (!this.desk) return this.offer(turn, 'request');
    const opened = await this.desk.open(this.request(turn, h, 'live'), turn.tx);
    turn.state.handoff = { ...h, status: 'waiting', kind: 'live', id: opened.case.id, since: turn.now.toISOString() };
    for (const a of opened.activities) turn.say(a);
    this.message(turn, 'handoff.live.waiting', [this.button(turn, 'handoff.button.stopWaiting', { action: 'handoff.cancel' })]);
  }

  private async onPhone(turn: HandoffTurn, h: HandoffState, text: string): Promise<void> {
    const phone = parsePhone(text);
    if (!phone) {
      // A near miss (too short, a digit missing): asked again, kindly, as often as needed — the cancel button is always there.
      h.attempts = (h.attempts ?? 0) + 1;
      return this.message(turn, h.attempts > 1 ? 'handoff.callback.invalidPhoneAgain' : 'handoff.callback.invalidPhone', [this.button(turn, 'handoff.button.cancel', { action: 'handoff.cancel' })]);
    }
    if (!this.desk) return;
    const opened = await this.desk.open({ ...this.request(turn, h, 'callback'), callback: { phone, preferredTime: h.preferredTime ?? 'slot:any' } }, turn.tx);
    turn.state.handoff = { status: 'callback', kind: 'callback', id: opened.case.id, reason: h.reason, consent: h.consent, preferredTime: h.preferredTime, since: turn.now.toISOString() };
    for (const a of opened.activities) turn.say(a);
    this.message(turn, 'handoff.callback.done', [this.button(turn, 'handoff.button.myCallback', { action: 'handoff.status' }), this.button(turn, 'handoff.button.cancelCallback', { action: 'handoff.cancel' })], {
      days: turn.knowledge.snapshot.profile.handoff.callbackRetentionDays,
    });
  }

  private request(turn: HandoffTurn, h: HandoffState, kind: 'live' | 'callback') {
    const position = turn.state.flow;
    return {
      address: turn.address,
      language: turn.language,
      kind,
      reason: h.reason as HandoffReason,
      crisis: h.crisis,
      consent: h.consent === true,
      topics: turn.state.topics,
      flow: position ? { flowId: position.flowId, stepId: position.stepId } : undefined,
    };
  }

  /** A callback case that staff closed: forget it. */
  private async syncCallback(turn: HandoffTurn, h: HandoffState): Promise<void> {
    const item = h.id && this.desk ? await this.desk.read(h.id) : undefined;
    if (!item || item.value.status === 'closed') endCase(turn);
  }

  /** A message while waiting for staff or talking to them. */
  private async whileWithStaff(turn: HandoffTurn, h: HandoffState, text: string, action: string | undefined): Promise<boolean> {
    const item = h.id && this.desk ? await this.desk.read(h.id) : undefined;
    if (!item || item.value.status === 'closed') {
      // Staff handed back or closed (the citizen was told then), or the case expired: the bot answers again.
      endCase(turn);
      return false;
    }
    h.status = item.value.status;
    if (action === 'handoff') {
      this.offer(turn, 'request');
      return true;
    }
    if (action) return h.status === 'active';
    if (!text) return true;
    await this.desk?.citizenWrote(item.value.id, turn.tx);
    // A crisis is answered with the numbers even while staff are active: safety over silence.
    const entry = crisisEntry(turn, text);
    if (entry) {
      const reply = entryReply(turn.knowledge, entry, turn.language, turn.now);
      turn.say(messageActivity(reply.text, turn.language, [], { outcome: 'crisis', entryId: entry.id }), { outcome: 'crisis' });
    }
    if (h.status === 'waiting') this.message(turn, 'handoff.live.passedOn', [this.button(turn, 'handoff.button.stopWaiting', { action: 'handoff.cancel' })]);
    return true;
  }
}

/**
 * A case is over: the bot answers again with a fresh memory — asking the rent question once more
 * after staff handed back is a new question, not a sign of frustration.
 */
function endCase(turn: HandoffTurn): void {
  delete turn.state.handoff;
  turn.state.recent = [];
  turn.state.misunderstandings = 0;
}

/**
 * Crisis words in any language (not the matcher's similarity: in a phone number or a chat with
 * staff, "Nummer" must not look like "Nummer gegen Kummer").
 */
function crisisEntry(turn: HandoffTurn, text: string) {
  const crisis = turn.signals ? turn.signals.crisis : detectCrisis(turn.knowledge, text, { kind: 'nomatch', why: 'empty' });
  return crisis ? turn.knowledge.snapshot.entries.get(crisis) : undefined;
}

/** Why a reply offers a person, and whether the emergency desk belongs in the offer. */
export function reasonForReply(knowledge: Knowledge, reply: { outcome: string; entryId?: string }): [HandoffReason, OfferContext] {
  const kind = reply.entryId ? knowledge.snapshot.entries.get(reply.entryId)?.kind : undefined;
  // The emergency desk (no money today) belongs to the offer only where it helps.
  if (reply.outcome === 'crisis') return ['crisis', { urgent: reply.entryId !== undefined && knowledge.snapshot.system.crisis.urgent.includes(reply.entryId), crisis: reply.entryId }];
  if (kind === 'urgent') return ['urgent', { urgent: true }];
  if (kind === 'complex') return ['complex', {}];
  if (reply.outcome === 'handoff' && !reply.entryId) return ['misunderstood', {}];
  return ['request', {}];
}
