/**
 * The handoff desk: the staff queue and everything staff do with a case — claim, reply, hand
 * back, close — and what the citizen is told about it, through the Outbox in their language.
 * The core's side of the staff console; the HTTP routes (adapters/staff) only call this.
 *
 * Concurrency: every change of a case is a compare-and-set on its eTag. Two staff members who
 * claim the same case both write against the eTag they read; the store lets exactly one win,
 * the other gets a conflict naming who has it.
 */
import crypto from 'node:crypto';
import { PreconditionFailedError, type Store, type StoredItem, type StoreOp } from '../core/store';
import type { Transaction } from '../core/transaction';
import { StateKeys } from '../core/keys';
import { eventActivity, messageActivity } from '../activities';
import type { ActivityJson, Outbox } from '../core/contracts';
import { translator } from '../i18n';
import type { Knowledge } from '../knowledge';
import { redact } from '../redact';
import { publicNumbersOf } from '../privacy/publicNumbers';
import { COLLECTIONS } from '../state';
import type { Language } from '../../content/model';
import { HandoffError, type CallbackData, type HandoffCase, type HandoffLogger, type Outcome, type StaffRef, type TranscriptLine } from './model';
import { StaffPresence } from './presence';
import { quickTextFor, quickTextLibrary, type QuickTextItem } from './quickTexts';
import { germanSummary, type GermanSummary } from './summary';
import { appendTranscript, readTranscript, transcriptActivities } from './transcript';
import type { WebhookNotifier } from './webhook';

export interface DeskDeps {
  store: Store;
  outbox: Outbox;
  knowledge: () => Knowledge;
  logger: HandoffLogger;
  pseudonym: (id: string) => string;
  now?: () => Date;
  presence?: StaffPresence;
  webhook?: WebhookNotifier;
  /** Store keys; the same as the bot's (transcripts are kept under the conversation's key). */
  keys?: StateKeys;
}

export type OpenRequest = Pick<HandoffCase, 'address' | 'language' | 'kind' | 'reason' | 'crisis' | 'consent' | 'topics' | 'flow'> & {
  callback?: { phone: string; preferredTime: string };
};

/** A case as the console lists it. */
export interface QueueItem {
  case: HandoffCase;
  etag: string;
  /**
   * Seconds since the request (waiting) or since the claim (active). The clock stops when the
   * case is closed or handed back, or when the citizen left: then it is the time it ran.
   */
  waitingSeconds: number;
  /** Is the clock still running? */
  clockRunning: boolean;
  /** The citizen of a live request left (channel gone, conversation ended, silent beyond the live window): it cannot be claimed. */
  left: boolean;
  summary: GermanSummary;
}

export interface CaseView extends QueueItem {
  /** Redacted lines; without consent only what was written since the request. */
  transcript: TranscriptLine[];
  /** Phone number and preferred time: only for the staff member who claimed the callback. */
  callback?: CallbackData;
}

/**
 * A waiting live request whose citizen showed no sign of life for this long is taken as left:
 * the chat page was closed (a Direct Line conversation's token lives 30 minutes without refresh).
 */
export const LEFT_AFTER_MS = 30 * 60 * 1000;

/** Longest staff message. */
export const MAX_STAFF_TEXT = 2000;
/** Closed cases stay in the console's list this long. */
const RECENTLY_CLOSED_MS = 2 * 60 * 60 * 1000;
const CASE_ID = /^[A-Za-z0-9_-]{10,40}$/;

export function isCaseId(id: unknown): id is string {
  return typeof id === 'string' && CASE_ID.test(id);
}

export class HandoffDesk {
  readonly presence: StaffPresence;
  private readonly keys: StateKeys;
  private timer?: NodeJS.Timeout;

  constructor(private readonly deps: DeskDeps) {
    this.presence = deps.presence ?? new StaffPresence();
    this.keys = deps.keys ?? new StateKeys();
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The local job centre's profile (current content). */
  profile() {
    return this.deps.knowledge().snapshot.profile;
  }

  private caseTtl(): number {
    return this.profile().retentionDays * 86400;
  }

  /** Anyone in the console and available for live chat right now? */
  staffOnline(): boolean {
    return this.presence.online(this.now()) > 0;
  }

  /** Can a staff reply reach this channel later? */
  canDeliver(channelId: string): boolean {
    return this.deps.outbox.canDeliver?.(channelId) ?? true;
  }

  /**
   * Puts a request in the queue; returns the case and the protocol's `handoff.initiate` event for
   * the channel. Inside a turn (`tx`) the case, the callback data and the webhook event are
   * committed with the turn, and nothing is announced before that commit.
   */
  async open(request: OpenRequest, tx?: Transaction): Promise<{ case: HandoffCase; activities: ActivityJson[] }> {
    const now = this.now();
    const id = crypto.randomBytes(15).toString('base64url');
    const c: HandoffCase = {
      id,
      kind: request.kind,
      status: 'waiting',
      address: request.address,
      language: request.language,
      reason: request.reason,
      crisis: request.crisis,
      consent: request.consent,
      topics: request.topics.slice(-5),
      flow: request.flow,
      createdAt: now.toISOString(),
    };
    const ops: StoreOp[] = [];
    if (request.callback) {
      const data: CallbackData = { ...request.callback, consentAt: now.toISOString() };
      ops.push({ kind: 'write', collection: COLLECTIONS.callbacks, key: id, value: data, options: { ttlSeconds: this.profile().handoff.callbackRetentionDays * 86400 } });
    }
    ops.push({ kind: 'write', collection: COLLECTIONS.handoffs, key: id, value: c, options: { ifMatch: null, ttlSeconds: this.caseTtl() } });
    await this.apply(tx, ops, [['handoff.created', c]], () =>
      this.deps.logger.info({ handoff: id, kind: c.kind, reason: c.reason, conversation: this.deps.pseudonym(c.address.conversationId) }, 'handoff requested'),
    );
    const transcript = c.consent ? await readTranscript(this.deps.store, this.keys.conversation(c.address)) : [];
    const initiate = eventActivity('handoff.initiate', this.context(c));
    initiate.attachments = [{ contentType: 'application/json', name: 'Transcript', content: transcriptActivities(transcript) }];
    return { case: c, activities: [initiate] };
  }

  async read(id: string): Promise<StoredItem<HandoffCase> | undefined> {
    if (!isCaseId(id)) return undefined;
    return this.deps.store.read<HandoffCase>(COLLECTIONS.handoffs, id);
  }

  /** Waiting and active cases, then the recently closed ones; waiting ones oldest first. */
  async queue(): Promise<QueueItem[]> {
    const now = this.now();
    const knowledge = this.deps.knowledge();
    const items = await this.deps.store.list<HandoffCase>(COLLECTIONS.handoffs);
    const rank = { waiting: 0, active: 1, closed: 2 } as const;
    return items
      .filter((i) => i.value.status !== 'closed' || now.getTime() - Date.parse(i.value.closedAt ?? '') < RECENTLY_CLOSED_MS)
      .sort((a, b) => rank[a.value.status] - rank[b.value.status] || a.value.createdAt.localeCompare(b.value.createdAt))
      .map((i) => this.item(i, knowledge, now));
  }

  /** Has the citizen of this live request left (see LEFT_AFTER_MS)? */
  hasLeft(c: HandoffCase, now: Date = this.now()): boolean {
    if (c.kind !== 'live' || c.status === 'closed') return false;
    if (c.citizenGone) return true;
    return now.getTime() - lastSign(c) > LEFT_AFTER_MS;
  }

  private item(i: StoredItem<HandoffCase>, knowledge: Knowledge, now: Date, transcript?: TranscriptLine[]): QueueItem {
    const c = i.value;
    const start = Date.parse((c.status === 'active' || c.status === 'closed' ? c.claimedAt : undefined) ?? c.createdAt);
    const left = this.hasLeft(c, now);
    // A closed (handed back) case stops its clock at closing; a left one at the citizen's last sign of life.
    const end = c.status === 'closed' ? Date.parse(c.closedAt ?? c.createdAt) : left ? Math.min(now.getTime(), c.citizenGone ? now.getTime() : lastSign(c) + LEFT_AFTER_MS) : now.getTime();
    return {
      case: c,
      etag: i.etag,
      waitingSeconds: Math.max(0, Math.round((end - start) / 1000)),
      clockRunning: c.status !== 'closed' && !left,
      left,
      summary: germanSummary(knowledge, c, transcript),
    };
  }

  /** One case with its transcript (after consent) and, for its claimer, the callback data. */
  async view(id: string, staff: StaffRef): Promise<CaseView> {
    const item = await this.mustRead(id);
    const c = item.value;
    const lines = await readTranscript(this.deps.store, this.keys.conversation(c.address));
    const transcript = c.consent ? lines : lines.filter((l) => l.at >= c.createdAt);
    const view: CaseView = { ...this.item(item, this.deps.knowledge(), this.now(), transcript), transcript };
    if (c.kind === 'callback' && c.status === 'active' && c.claimedBy?.id === staff.id) {
      view.callback = (await this.deps.store.read<CallbackData>(COLLECTIONS.callbacks, id))?.value;
    }
    return view;
  }

  /**
   * Claim a waiting case. `seenEtag` is the eTag the console showed; a case that changed status
   * since then is a conflict. Claiming one's own active case again (a second tab) is fine.
   */
  async claim(id: string, staff: StaffRef, seenEtag?: string): Promise<HandoffCase> {
    const item = await this.mustRead(id);
    const c = item.value;
    if (c.status === 'active' && c.claimedBy?.id === staff.id) return c;
    if (c.status === 'closed') throw new HandoffError('closed', 'Diese Anfrage ist bereits abgeschlossen.');
    if (c.status === 'active') throw new HandoffError('conflict', `Bereits übernommen von ${c.claimedBy?.displayName ?? 'jemand anderem'}.`);
    if (this.hasLeft(c)) throw new HandoffError('left', 'Die Person hat den Chat verlassen. Diese Anfrage kann nicht mehr übernommen werden.');
    if (seenEtag !== undefined && typeof seenEtag !== 'string') throw new HandoffError('invalid', 'Ungültige Anfrage.');
    const now = this.now();
    const claimed: HandoffCase = { ...c, status: 'active', claimedBy: staff, claimedAt: now.toISOString() };
    try {
      await this.apply(undefined, [{ kind: 'write', collection: COLLECTIONS.handoffs, key: id, value: claimed, options: { ifMatch: item.etag, ttlSeconds: this.caseTtl() } }], [['handoff.accepted', claimed]]);
    } catch (error) {
      if (!(error instanceof HandoffError) || error.code !== 'conflict') throw error;
      const current = await this.read(id);
      const by = current?.value.claimedBy?.displayName;
      throw new HandoffError('conflict', by ? `Bereits übernommen von ${by}.` : 'Die Anfrage wurde gerade geändert. Bitte erneut versuchen.');
    }
    this.deps.logger.info({ handoff: id, staff: this.deps.pseudonym(staff.id) }, 'handoff claimed');
    if (c.kind === 'live') {
      const t = translator(c.language);
      await this.deliver(claimed, [
        eventActivity('handoff.status', { state: 'accepted', caseId: id }),
        messageActivity(t('handoff.live.accepted', { name: staff.displayName, centre: this.profile().name }), c.language, [], { handoff: { state: 'accepted', staff: staff.displayName } }),
      ]);
    }
    return claimed;
  }

  /** A staff reply, delivered to the citizen's channel and kept (redacted) in the transcript. */
  async reply(id: string, staff: StaffRef, rawText: string): Promise<void> {
    const text = sanitizeStaffText(rawText);
    if (!text) throw new HandoffError('invalid', 'Die Nachricht ist leer.');
    const item = await this.mustRead(id);
    const c = item.value;
    this.mustBeClaimer(c, staff);
    if (c.kind !== 'live') throw new HandoffError('invalid', 'Bei einem Rückruf gibt es keinen Chat.');
    if (c.citizenGone) throw new HandoffError('gone', 'Die Person ist nicht mehr im Chat.');
    const delivered = await this.deliver(c, [messageActivity(`**${staff.displayName}** · ${this.profile().name}\n\n${text}`, c.language, [], { staff: { name: staff.displayName } })]);
    if (!delivered) throw new HandoffError('gone', 'Die Person ist nicht mehr im Chat. Die Nachricht wurde nicht zugestellt.');
    await appendTranscript(this.deps.store, this.keys.conversation(c.address), [{ from: 'staff', name: staff.displayName, text: redact(text, { publicNumbers: publicNumbersOf(this.profile()) }), at: this.now().toISOString() }], this.caseTtl());
    await this.update(id, (current) => ({ ...current, citizenWroteAt: undefined }));
  }

  /** A quick text from the job centre's library, sent in the citizen's language (staff see the German version). */
  async quickText(id: string, staff: StaffRef, key: string): Promise<void> {
    if (typeof key !== 'string' || !quickTextFor(this.profile(), key, 'de')) throw new HandoffError('invalid', 'Unbekannter Textbaustein.');
    const item = await this.mustRead(id);
    const text = quickTextFor(this.profile(), key, item.value.language)?.translation.text ?? '';
    await this.reply(id, staff, text);
  }

  /** The quick-text library, each text in German and in `language` (the case's citizen's). */
  quickTexts(language: Language): QuickTextItem[] {
    return quickTextLibrary(this.profile(), language);
  }

  /** Hand the conversation back to Lotse; the citizen is told so in their language. */
  async handBack(id: string, staff: StaffRef): Promise<HandoffCase> {
    return this.finish(id, staff, 'handed_back', 'handoff.live.handedBack');
  }

  /** Close with an outcome (and delete a callback's phone number). */
  async close(id: string, staff: StaffRef, outcome: Outcome): Promise<HandoffCase> {
    return this.finish(id, staff, outcome, 'handoff.live.closed');
  }

  private async finish(id: string, staff: StaffRef, outcome: Outcome, message: string): Promise<HandoffCase> {
    const item = await this.mustRead(id);
    const c = item.value;
    if (c.status === 'closed') throw new HandoffError('closed', 'Diese Anfrage ist bereits abgeschlossen.');
    // A waiting case may be closed by anyone (e.g. a callback done by phone without claiming); an active one only by its claimer.
    if (c.status === 'active') this.mustBeClaimer(c, staff);
    const closed = await this.closeCase(item, outcome, staff);
    if (c.kind === 'live' && c.status === 'active' && !c.citizenGone) {
      const t = translator(c.language);
      await this.deliver(closed, [
        eventActivity('handoff.status', { state: 'completed', caseId: id }),
        messageActivity(t(message, { name: staff.displayName }), c.language, [], { handoff: { state: 'completed' } }),
      ]);
    }
    return closed;
  }

  /** The citizen wrote while waiting or during the live chat (marks the case for staff). */
  async citizenWrote(id: string, tx?: Transaction): Promise<HandoffCase | undefined> {
    const at = this.now().toISOString();
    const change = (c: HandoffCase): HandoffCase => (c.status === 'closed' ? c : { ...c, citizenWroteAt: at, citizenSeenAt: at, citizenGone: false });
    if (!tx) return this.update(id, change);
    // Inside a turn: one guarded write with the turn (a staff action in between makes the turn retry).
    const item = await this.read(id);
    if (!item) return undefined;
    const next = change(item.value);
    if (next !== item.value) tx.add({ kind: 'write', collection: COLLECTIONS.handoffs, key: id, value: next, options: { ifMatch: item.etag, ttlSeconds: this.caseTtl() } });
    return next;
  }

  /** A button from the citizen while waiting ("keep waiting"): still there. */
  async citizenSeen(id: string): Promise<void> {
    const at = this.now().toISOString();
    await this.update(id, (c) => (c.status === 'closed' ? c : { ...c, citizenSeenAt: at }));
  }

  /**
   * The citizen stopped waiting, switched to a callback or ended the live chat. Returns the
   * `handoff.status` event for the channel (failed if nobody had taken it yet, else completed).
   */
  async citizenEnded(id: string, outcome: 'citizen_cancelled' | 'switched_to_callback', tx?: Transaction): Promise<ActivityJson[]> {
    const item = await this.read(id);
    if (!item || item.value.status === 'closed') return [];
    const closed = await this.closeCase(item, outcome, undefined, tx);
    return [eventActivity('handoff.status', { state: item.value.status === 'active' ? 'completed' : 'failed', caseId: closed.id })];
  }

  /**
   * Periodic check: a live request nobody claimed within the profile's `unclaimedMinutes` →
   * tell the citizen and offer a callback (once per case).
   */
  async tick(): Promise<number> {
    const now = this.now();
    const profile = this.profile();
    const limitMs = profile.handoff.unclaimedMinutes * 60_000;
    let told = 0;
    for (const item of await this.deps.store.list<HandoffCase>(COLLECTIONS.handoffs)) {
      const c = item.value;
      if (c.kind !== 'live' || c.status !== 'waiting' || c.unclaimedNotified || c.citizenGone) continue;
      if (now.getTime() - Date.parse(c.createdAt) < limitMs) continue;
      const marked = await this.update(c.id, (current) => (current.status === 'waiting' && !current.unclaimedNotified ? { ...current, unclaimedNotified: true } : current));
      if (!marked?.unclaimedNotified || marked.status !== 'waiting') continue;
      const t = translator(c.language);
      const buttons = [
        ...(profile.handoff.callback ? [{ title: t('handoff.button.callback'), value: { action: 'handoff.callback' } }] : []),
        { title: t('handoff.button.keepWaiting'), value: { action: 'handoff.keepWaiting' } },
        { title: t('handoff.button.stopWaiting'), value: { action: 'handoff.cancel' } },
      ];
      await this.deliver(marked, [messageActivity(t('handoff.live.unclaimed', { minutes: profile.handoff.unclaimedMinutes }), c.language, buttons, { handoff: { state: 'unclaimed' } })]);
      this.notify('handoff.unclaimed', marked);
      told++;
    }
    return told;
  }

  /** Runs tick() every `everyMs` until stop(). */
  start(everyMs = 15_000): void {
    this.timer ??= setInterval(() => {
      this.tick().catch((error: unknown) => this.deps.logger.error({ err: (error as Error).name }, 'handoff check failed'));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  // ---- internals ---------------------------------------------------------------------------

  private async mustRead(id: string): Promise<StoredItem<HandoffCase>> {
    const item = await this.read(id);
    if (!item) throw new HandoffError('not_found', 'Diese Anfrage gibt es nicht (mehr).');
    return item;
  }

  private mustBeClaimer(c: HandoffCase, staff: StaffRef): void {
    if (c.status === 'closed') throw new HandoffError('closed', 'Diese Anfrage ist bereits abgeschlossen. Die Nachricht wurde nicht gesendet.');
    if (c.status !== 'active') throw new HandoffError('not_yours', 'Bitte übernehmen Sie die Anfrage zuerst.');
    if (c.claimedBy?.id !== staff.id) throw new HandoffError('not_yours', `Diese Anfrage bearbeitet ${c.claimedBy?.displayName ?? 'jemand anderes'}.`);
  }

  private async closeCase(item: StoredItem<HandoffCase>, outcome: Outcome, staff?: StaffRef, tx?: Transaction): Promise<HandoffCase> {
    const c = item.value;
    const closed: HandoffCase = { ...c, status: 'closed', outcome, closedAt: this.now().toISOString(), closedBy: staff };
    await this.apply(
      tx,
      [
        { kind: 'write', collection: COLLECTIONS.handoffs, key: c.id, value: closed, options: { ifMatch: item.etag, ttlSeconds: this.caseTtl() } },
        // The phone number is needed only until the callback is done.
        { kind: 'delete', collection: COLLECTIONS.callbacks, key: c.id },
      ],
      [[c.status === 'active' ? 'handoff.completed' : 'handoff.failed', closed]],
      () => this.deps.logger.info({ handoff: c.id, outcome }, 'handoff closed'),
    );
    return closed;
  }

  /**
   * Writes a change of cases together with the webhook events announcing it: in the turn's
   * transaction when there is one, else at once — all or nothing either way. The events are
   * delivered, and `after` runs, only once the change is stored.
   */
  private async apply(tx: Transaction | undefined, ops: StoreOp[], events: Array<[string, HandoffCase]>, after?: () => void): Promise<void> {
    const webhook = this.deps.webhook;
    const all = [...ops, ...(webhook ? events.map(([type, c]) => webhook.eventOp(type, this.eventData(c))) : [])];
    const announce = (): void => {
      after?.();
      if (webhook && events.length > 0) void webhook.deliverDue();
    };
    if (tx) {
      for (const op of all) tx.add(op);
      tx.afterCommit(announce);
      return;
    }
    try {
      await this.deps.store.commit(all);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      throw new HandoffError('conflict', 'Die Anfrage wurde gerade geändert. Bitte erneut versuchen.');
    }
    announce();
  }

  /** Read-modify-write with retries on concurrent changes. */
  private async update(id: string, change: (c: HandoffCase) => HandoffCase): Promise<HandoffCase | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.read(id);
      if (!item) return undefined;
      const next = change(item.value);
      if (next === item.value) return next;
      try {
        await this.deps.store.write(COLLECTIONS.handoffs, id, next, { ifMatch: item.etag, ttlSeconds: this.caseTtl() });
        return next;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    throw new HandoffError('conflict', 'Die Anfrage wird gerade geändert. Bitte erneut versuchen.');
  }

  /** Sends to the citizen; a refused delivery marks the citizen as gone. */
  private async deliver(c: HandoffCase, activities: ActivityJson[]): Promise<boolean> {
    try {
      await this.deps.outbox.send(c.address, activities);
      return true;
    } catch (error) {
      this.deps.logger.warn({ handoff: c.id, err: (error as Error).name }, 'citizen not reachable');
      await this.update(c.id, (current) => (current.citizenGone ? current : { ...current, citizenGone: true }));
      return false;
    }
  }

  /** The protocol's handoff context: what the bot knows, no personal data. */
  private context(c: HandoffCase): Record<string, unknown> {
    const summary = germanSummary(this.deps.knowledge(), c);
    return {
      caseId: c.id,
      kind: c.kind,
      reason: c.reason,
      language: c.language,
      channel: c.address.channelId,
      crisis: c.crisis,
      topics: summary.topics.map((t) => t.id),
      flow: c.flow,
      consent: c.consent,
    };
  }

  /** What a webhook event says about a case: no transcript, no phone number. */
  private eventData(c: HandoffCase): Record<string, unknown> {
    const summary = germanSummary(this.deps.knowledge(), c);
    return {
      caseId: c.id,
      kind: c.kind,
      status: c.status,
      channel: c.address.channelId,
      language: c.language,
      reason: c.reason,
      crisis: summary.crisis,
      topics: summary.topics.map(({ id, title }) => ({ id, title })),
      flow: summary.flow && { id: summary.flow.id, title: summary.flow.title, step: summary.flow.step, n: summary.flow.n },
      createdAt: c.createdAt,
      claimedAt: c.claimedAt,
      closedAt: c.closedAt,
      staff: c.claimedBy?.displayName,
      outcome: c.outcome,
    };
  }

  /** An event about a case that is already stored (e.g. the unclaimed notice). */
  private notify(type: string, c: HandoffCase): void {
    const webhook = this.deps.webhook;
    if (!webhook) return;
    webhook.emit(type, this.eventData(c)).catch((error: unknown) => this.deps.logger.error({ err: (error as Error).name, handoff: c.id }, 'webhook event not stored'));
  }
}

/** The citizen's last sign of life in a case (ms). */
function lastSign(c: HandoffCase): number {
  return Math.max(Date.parse(c.createdAt), Date.parse(c.citizenSeenAt ?? '') || 0, Date.parse(c.citizenWroteAt ?? '') || 0);
}


function sanitizeStaffText(text: unknown): string {
  if (typeof text !== 'string') return '';
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim()
    .slice(0, MAX_STAFF_TEXT);
}
