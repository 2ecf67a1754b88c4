/**
 * The conversations of Lotse's Direct Line: an in-memory, bounded transcript per conversation,
 * the watermark arithmetic, live subscribers (websockets), the one-turn-at-a-time queue and
 * idle expiry.
 *
 * Every appended activity gets the next sequence number of its conversation; its id is
 * `<conversationId>|<seq>` and a watermark is the seq of the last activity a client has. A
 * subscriber gets the backlog after its watermark and all later activities in one synchronous
 * step, so a reconnecting client sees each activity exactly once.
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
}

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
  seq: number;
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
  private readonly conversations = new Map<string, Conversation>();

  constructor(
    private readonly limits: RegistryLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates the conversation, or returns undefined when the registry is full. */
  create(id: string): Conversation | undefined {
    const existing = this.conversations.get(id);
    if (existing) return existing;
    if (this.conversations.size >= this.limits.maxConversations) return undefined;
    const conversation: Conversation = {
      id,
      lastSeen: this.now(),
      seq: 0,
      history: [],
      historyBytes: 0,
      subscribers: new Set(),
      queue: Promise.resolve(),
      pending: 0,
    };
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** The conversation, marked as used now; undefined when unknown or expired. */
  use(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (conversation) conversation.lastSeen = this.now();
    return conversation;
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Stamps id and timestamp on copies of the activities, stores them and pushes them to subscribers. */
  append(conversation: Conversation, activities: ActivityJson[]): ActivityJson[] {
    if (activities.length === 0) return [];
    const stamped: ActivityJson[] = [];
    for (const activity of activities) {
      conversation.seq += 1;
      const copy = JSON.parse(JSON.stringify(activity)) as ActivityJson;
      Object.assign(copy, { id: `${conversation.id}|${conversation.seq}`, timestamp: new Date(this.now()).toISOString() });
      const bytes = JSON.stringify(copy).length;
      conversation.history.push({ seq: conversation.seq, activity: copy, bytes });
      conversation.historyBytes += bytes;
      stamped.push(copy);
    }
    this.trim(conversation);
    const batch = { activities: stamped, watermark: String(conversation.seq) };
    for (const subscriber of conversation.subscribers) subscriber.deliver(batch);
    return stamped;
  }

  /** Everything stored after the watermark. */
  after(conversation: Conversation, watermark: number): ActivityBatch {
    const activities = conversation.history.filter((entry) => entry.seq > watermark).map((entry) => entry.activity);
    return { activities, watermark: String(conversation.seq) };
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
    let removed = 0;
    for (const conversation of [...this.conversations.values()]) {
      if (conversation.lastSeen > cutoff || conversation.pending > 0) continue;
      this.remove(conversation);
      removed += 1;
    }
    return removed;
  }

  clear(): void {
    for (const conversation of [...this.conversations.values()]) this.remove(conversation);
  }

  private remove(conversation: Conversation): void {
    this.conversations.delete(conversation.id);
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
