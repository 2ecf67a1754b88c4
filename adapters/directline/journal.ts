/**
 * The stored side of Direct Line conversations, so that an open Web Chat continues after a
 * restart (issue 9): per conversation one item in `dl_conversations` (last seq, start time,
 * unanswered user activities) and one item per activity in `dl_activities` under its id
 * `<conversationId>|<seq>`. Activities and the conversation item change in one store commit, so
 * the seq persisted is never behind a stored activity and ids are never reused.
 *
 * Only the last `historyLength` activities are kept (each commit deletes the one that falls out
 * of the window); everything expires `retentionMs` after the conversation's start, and an idle
 * or evicted conversation is deleted at once.
 */
import type { ActivityJson } from '../../bot/core/contracts';
import type { Store, StoreOp } from '../../bot/core/store';
import type { Conversation } from './registry';

export const CONVERSATIONS = 'dl_conversations';
export const ACTIVITIES = 'dl_activities';

export interface StoredConversation {
  seq: number;
  created: number;
  hasUserMessage: boolean;
  unanswered: number[];
}

export interface Stamped {
  seq: number;
  activity: ActivityJson;
}

export class DirectLineJournal {
  constructor(
    private readonly store: Store,
    private readonly historyLength: number,
    private readonly retentionMs: number,
  ) {}

  private expiresAt(conversation: Conversation): string {
    return new Date(conversation.created + this.retentionMs).toISOString();
  }

  private meta(conversation: Conversation): StoreOp {
    const value: StoredConversation = {
      seq: conversation.seq,
      created: conversation.created,
      hasUserMessage: conversation.hasUserMessage,
      unanswered: [...conversation.unanswered],
    };
    return { kind: 'write', collection: CONVERSATIONS, key: conversation.id, value, options: { expiresAt: this.expiresAt(conversation) } };
  }

  /** Stores a new conversation; resolves when durable. */
  async created(conversation: Conversation): Promise<void> {
    await this.store.commit([this.meta(conversation)]);
  }

  /** Stores activities and the conversation's counters together; resolves when durable. */
  async append(conversation: Conversation, stamped: Stamped[]): Promise<void> {
    const expiresAt = this.expiresAt(conversation);
    const ops: StoreOp[] = [];
    for (const { seq, activity } of stamped) {
      ops.push({ kind: 'write', collection: ACTIVITIES, key: `${conversation.id}|${seq}`, value: activity, options: { expiresAt } });
      const old = seq - this.historyLength;
      if (old > 0) ops.push({ kind: 'delete', collection: ACTIVITIES, key: `${conversation.id}|${old}` });
    }
    ops.push(this.meta(conversation));
    await this.store.commit(ops);
  }

  /** Every stored conversation (start-up). */
  async conversations(): Promise<Array<{ id: string; stored: StoredConversation }>> {
    const items = await this.store.list<StoredConversation>(CONVERSATIONS);
    return items
      .filter((item) => item.value && typeof item.value.seq === 'number')
      .map((item) => ({ id: item.key, stored: item.value }));
  }

  /** The stored activities of the window ending at `seq`, oldest first. */
  async history(conversationId: string, seq: number): Promise<Stamped[]> {
    const from = Math.max(1, seq - this.historyLength + 1);
    const found: Stamped[] = [];
    for (let s = from; s <= seq; s++) {
      const item = await this.store.read<ActivityJson>(ACTIVITIES, `${conversationId}|${s}`);
      if (item) found.push({ seq: s, activity: item.value });
    }
    return found;
  }

  async activity(conversationId: string, seq: number): Promise<ActivityJson | undefined> {
    return (await this.store.read<ActivityJson>(ACTIVITIES, `${conversationId}|${seq}`))?.value;
  }

  /** Deletes the conversation and its window of activities. */
  async forget(conversation: Conversation): Promise<void> {
    const ops: StoreOp[] = [{ kind: 'delete', collection: CONVERSATIONS, key: conversation.id }];
    for (let s = Math.max(1, conversation.seq - this.historyLength + 1); s <= conversation.seq; s++) {
      ops.push({ kind: 'delete', collection: ACTIVITIES, key: `${conversation.id}|${s}` });
    }
    await this.store.commit(ops);
  }
}
