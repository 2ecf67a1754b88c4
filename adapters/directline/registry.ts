/**
 * The conversations of Lotse's Direct Line: an in-memory, bounded window of each transcript,
 * the watermark arithmetic, live subscribers (websockets), the one-turn-at-a-time queue, idle
 * expiry and the limits that keep one client from filling the registry.
 *
 * Every activity gets the next sequence number of its conversation (`stamp`); its id is
 * `<conversationId>|<seq>` and a watermark is the seq of the last activity a client has. An
 * activity becomes visible (`publish`) only after it is stored, so the watermark never advances
 * past what is stored; a seq whose write failed is skipped, never reused. A subscriber gets the
 * backlog after its watermark and all later activities in one synchronous step, so a
 * reconnecting client sees each activity exactly once.
 *
 * Limits (issue 15): a conversation without a user message expires after `emptyIdleMs`; one
 * client address holds at most `maxPerAddress` open conversations (at the cap its own oldest
 * conversation without a user message makes room); when the registry is full the least recently
 * used conversation goes — one without a user message first — so new citizens are never locked out.
 */
import crypto from 'node:crypto';
import type { ActivityJson } from '../../bot/core/contracts';

export interface RegistryLimits {
  /** Conversations kept at once; starting one more is refused. */
  maxConversations: number;
  /** Activities kept per conversation (oldest dropped first). */
  historyLength: number;
  /** Approximate JSON bytes kept per conversation (oldest dropped first). */
  historyBytes: number;
  /** A conversation without requests for this long is forgotten. */
  idleMs: number;
  /** Turns waiting in one conversation's queue before further posts are refused. */
  maxPendingTurns: number;
  /** A conversation in which the user has not sent a message is forgotten after this long idle. */
  emptyIdleMs?: number;
  /** Open conversations one client address may hold. */
  maxPerAddress?: number;
}

export type CreateResult = { ok: true; conversation: Conversation } | { ok: false; reason: 'address-limit' | 'full' };

export interface ActivityBatch {
  activities: ActivityJson[];
  watermark: string;
}

export interface Subscriber {
  deliver(batch: ActivityBatch): void;
  /** The conversation expired or the service closes. */
  end(): void;
}

interface Stored {
  seq: number;
  activity: ActivityJson;
  bytes: number;
}

export interface Conversation {
  readonly id: string;
  lastSeen: number;
  /** Last seq handed out (stored or burnt by a failed write). */
  seq: number;
  /** Last seq stored and visible: the watermark clients get. */
  published: number;
  /** When the conversation started (retention of its stored log is counted from here). */
  created: number;
  /** Has the user sent a message (not only an event)? */
  hasUserMessage: boolean;
  /** Seqs of stored user activities whose turn has not stored its replies yet (crash recovery). */
  unanswered: Set<number>;
  /** Creating client address (memory only, never stored). */
  address?: string;
  /** Older history still in the store (after a restart), loaded on first use. */
  loading?: Promise<void>;
  /** Stamp → store → publish of this conversation, one at a time. */
  writes: Promise<unknown>;
  history: Stored[];
  historyBytes: number;
  subscribers: Set<Subscriber>;
  queue: Promise<void>;
  pending: number;
}

const CONVERSATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

export function newConversationId(): string {
  return crypto.randomBytes(18).toString('base64url');
}

export function isConversationId(id: string): boolean {
  return CONVERSATION_ID.test(id);
}

/** `''`/absent → 0, digits → their value, anything else → undefined (bad request). */
export function parseWatermark(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return 0;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

export class ConversationRegistry {
  /** In least-recently-used order (use() moves a conversation to the end). */
  private readonly conversations = new Map<string, Conversation>();
  /** Conversations without a user message, in creation order: the first to make room. */
  private readonly empty = new Set<string>();
  private readonly byAddress = new Map<string, Set<string>>();

  constructor(
    private readonly limits: RegistryLimits,
    private readonly now: () => number = Date.now,
    /** Told about every conversation that is forgotten (expired or evicted), e.g. to delete its stored log. */
    private readonly onRemove: (conversation: Conversation, why: 'idle' | 'evicted' | 'closed') => void = () => {},
  ) {}

  /** Creates the conversation, or returns undefined when there is no room for it. */
  create(id: string, address?: string): Conversation | undefined {
    const result = this.open(id, address);
    return result.ok ? result.conversation : undefined;
  }

  /** Creates the conversation (making room by the rules above) or says why not. */
  open(id: string, address?: string, restored?: Partial<Pick<Conversation, 'seq' | 'created' | 'hasUserMessage' | 'unanswered'>>): CreateResult {
    const existing = this.conversations.get(id);
    if (existing) return { ok: true, conversation: existing };
    const maxPerAddress = this.limits.maxPerAddress ?? Infinity;
    const mine = address !== undefined ? this.byAddress.get(address) : undefined;
    if (mine && mine.size >= maxPerAddress) {
      const victim = [...mine].map((cid) => this.conversations.get(cid)).find((c) => c && !c.hasUserMessage && c.pending === 0);
      if (!victim) return { ok: false, reason: 'address-limit' };
      this.remove(victim, 'evicted');
    }
    if (this.conversations.size >= this.limits.maxConversations && !this.evictOne()) return { ok: false, reason: 'full' };
    const seq = restored?.seq ?? 0;
    const conversation: Conversation = {
      id,
      lastSeen: this.now(),
      seq,
      published: seq,
      created: restored?.created ?? this.now(),
      hasUserMessage: restored?.hasUserMessage ?? false,
      unanswered: restored?.unanswered ?? new Set(),
      address,
      writes: Promise.resolve(),
      history: [],
      historyBytes: 0,
      subscribers: new Set(),
      queue: Promise.resolve(),
      pending: 0,
    };
    this.conversations.set(id, conversation);
    if (!conversation.hasUserMessage) this.empty.add(id);
    if (address !== undefined) {
      const set = this.byAddress.get(address) ?? new Set<string>();
      set.add(id);
      this.byAddress.set(address, set);
    }
    return { ok: true, conversation };
  }

  /** Oldest conversation without a user message, else the least recently used one; never one with a turn running. */
  private evictOne(): boolean {
    for (const id of this.empty) {
      const c = this.conversations.get(id);
      if (c && c.pending === 0) {
        this.remove(c, 'evicted');
        return true;
      }
    }
    for (const c of this.conversations.values()) {
      if (c.pending === 0) {
        this.remove(c, 'evicted');
        return true;
      }
    }
    return false;
  }

  /** Marks that the user has written: the conversation now lives by the normal idle time. */
  markUserMessage(conversation: Conversation): void {
    conversation.hasUserMessage = true;
    this.empty.delete(conversation.id);
  }

  /** The conversation, marked as used now; undefined when unknown or expired. */
  use(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (conversation) {
      conversation.lastSeen = this.now();
      this.conversations.delete(id);
      this.conversations.set(id, conversation);
    }
    return conversation;
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Gives each activity the next seq, id and timestamp (copies); not visible until published. */
  stamp(conversation: Conversation, activities: ActivityJson[]): Array<{ seq: number; activity: ActivityJson }> {
    return activities.map((activity) => {
      conversation.seq += 1;
      const copy = JSON.parse(JSON.stringify(activity)) as ActivityJson;
      Object.assign(copy, { id: `${conversation.id}|${conversation.seq}`, timestamp: new Date(this.now()).toISOString() });
      return { seq: conversation.seq, activity: copy };
    });
  }

  /** Puts stored activities (in seq order) into the window and pushes them to subscribers. */
  publish(conversation: Conversation, stamped: Array<{ seq: number; activity: ActivityJson }>): ActivityJson[] {
    if (stamped.length === 0) return [];
    for (const { seq, activity } of stamped) {
      const bytes = JSON.stringify(activity).length;
      conversation.history.push({ seq, activity, bytes });
      conversation.historyBytes += bytes;
      conversation.published = seq;
    }
    this.trim(conversation);
    const activities = stamped.map((s) => s.activity);
    const batch = { activities, watermark: String(conversation.published) };
    for (const subscriber of conversation.subscribers) subscriber.deliver(batch);
    return activities;
  }

  /** Older activities read back from the store after a restart, placed before everything newer. */
  restoreHistory(conversation: Conversation, stored: Array<{ seq: number; activity: ActivityJson }>): void {
    const first = conversation.history[0]?.seq ?? Infinity;
    const older = stored.filter((s) => s.seq < first).map(({ seq, activity }) => ({ seq, activity, bytes: JSON.stringify(activity).length }));
    conversation.history.unshift(...older);
    conversation.historyBytes += older.reduce((sum, s) => sum + s.bytes, 0);
    this.trim(conversation);
  }

  /** Stamps and publishes at once (no store in between). */
  append(conversation: Conversation, activities: ActivityJson[]): ActivityJson[] {
    return this.publish(conversation, this.stamp(conversation, activities));
  }

  /** Everything stored after the watermark. */
  after(conversation: Conversation, watermark: number): ActivityBatch {
    const activities = conversation.history.filter((entry) => entry.seq > watermark).map((entry) => entry.activity);
    return { activities, watermark: String(conversation.published) };
  }

  /** Backlog after the watermark plus every later activity, with nothing lost or repeated in between. */
  subscribe(conversation: Conversation, watermark: number, subscriber: Subscriber): { backlog: ActivityBatch; unsubscribe(): void } {
    const backlog = this.after(conversation, watermark);
    conversation.subscribers.add(subscriber);
    return { backlog, unsubscribe: () => conversation.subscribers.delete(subscriber) };
  }

  /**
   * Runs the task after every earlier task of this conversation has settled. Returns undefined
   * without running it when too many turns are already waiting.
   */
  runInOrder<T>(conversation: Conversation, task: () => Promise<T>): Promise<T> | undefined {
    if (conversation.pending >= this.limits.maxPendingTurns) return undefined;
    conversation.pending += 1;
    const result = conversation.queue.then(task);
    conversation.queue = result.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      conversation.pending -= 1;
    });
    return result;
  }

  /** Forgets conversations idle longer than the limit (never one with a turn in progress). */
  sweep(): number {
    const cutoff = this.now() - this.limits.idleMs;
    const emptyCutoff = this.now() - (this.limits.emptyIdleMs ?? this.limits.idleMs);
    let removed = 0;
    for (const conversation of [...this.conversations.values()]) {
      const limit = conversation.hasUserMessage ? cutoff : emptyCutoff;
      if (conversation.lastSeen > limit || conversation.pending > 0) continue;
      this.remove(conversation, 'idle');
      removed += 1;
    }
    return removed;
  }

  /**
   * Drops the in-memory history of conversations nobody has looked at for `idleMs` (no open
   * websocket, no turn running): it is in the store and read back on the next request, so memory
   * stays bounded however many conversations are open. Returns the conversations unloaded.
   */
  unloadIdleHistories(idleMs: number): Conversation[] {
    const cutoff = this.now() - idleMs;
    const unloaded: Conversation[] = [];
    for (const conversation of this.conversations.values()) {
      if (conversation.history.length === 0 || conversation.lastSeen > cutoff || conversation.pending > 0 || conversation.subscribers.size > 0) continue;
      conversation.history = [];
      conversation.historyBytes = 0;
      conversation.loading = undefined;
      unloaded.push(conversation);
    }
    return unloaded;
  }

  /** Every open conversation (start-up recovery). */
  all(): Conversation[] {
    return [...this.conversations.values()];
  }

  /** Forgets every conversation in memory (service shutdown; stored logs stay). */
  clear(): void {
    for (const conversation of [...this.conversations.values()]) this.remove(conversation, 'closed');
  }

  private remove(conversation: Conversation, why: 'idle' | 'evicted' | 'closed'): void {
    this.conversations.delete(conversation.id);
    this.empty.delete(conversation.id);
    if (conversation.address !== undefined) {
      const set = this.byAddress.get(conversation.address);
      set?.delete(conversation.id);
      if (set && set.size === 0) this.byAddress.delete(conversation.address);
    }
    this.onRemove(conversation, why);
    for (const subscriber of conversation.subscribers) subscriber.end();
    conversation.subscribers.clear();
  }

  private trim(conversation: Conversation): void {
    const { history } = conversation;
    let drop = 0;
    while (
      history.length - drop > 1 &&
      (history.length - drop > this.limits.historyLength || conversation.historyBytes > this.limits.historyBytes)
    ) {
      conversation.historyBytes -= history[drop].bytes;
      drop += 1;
    }
    if (drop > 0) history.splice(0, drop);
  }
}
