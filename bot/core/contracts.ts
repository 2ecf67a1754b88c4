/**
 * The seams between the conversation core and everything around it.
 *
 * Channels (adapters/) turn their wire format into Activities and hand them to a
 * {@link Bot}; the core never imports an adapter. Messages that arrive later than the
 * turn that caused them (a staff reply, a hand-back notice) go out through the
 * {@link Outbox}, where each channel registers how it delivers to its conversations.
 */
import type { Activity } from '@microsoft/agents-activity';

/** A plain Bot Framework Activity as the core reads and writes it (JSON-shaped, no class). */
export type ActivityJson = Partial<Omit<Activity, 'toJsonString'>> & {
  type: string;
  [key: string]: unknown;
};

/** Where a conversation lives, enough for a channel to deliver to it later. */
export interface ConversationAddress {
  channelId: string;
  conversationId: string;
  userId: string;
  /** Channel-specific routing data (e.g. a Telegram chat id); never personal data beyond that. */
  routing?: Record<string, string>;
}

/** The result of one turn: the activities to send back, in order. */
export interface TurnResult {
  activities: ActivityJson[];
  /**
   * The inbound activity's id was processed before: the turn did not run again, and `activities`
   * are the replies stored then (empty once they expired after about an hour).
   */
  duplicate?: boolean;
}

/** The conversation core as every channel sees it. */
export interface Bot {
  /**
   * Handle one inbound activity (message, conversationUpdate, event) and return the replies.
   * Never throws: a failing turn yields an apology in the user's language and leaves stored
   * state as it was before the turn.
   */
  onActivity(activity: ActivityJson, address: ConversationAddress): Promise<TurnResult>;
}

/** Delivers activities that are not replies to the current turn (staff messages, notices). */
export interface Outbox {
  register(channelId: string, deliver: (address: ConversationAddress, activities: ActivityJson[]) => Promise<void>): void;
  send(address: ConversationAddress, activities: ActivityJson[]): Promise<void>;
  /** Can messages reach this channel later (e.g. a staff reply)? Live chat is offered only then. */
  canDeliver?(channelId: string): boolean;
}

/** The in-process outbox: one delivery function per channel id. */
export class ChannelOutbox implements Outbox {
  private readonly channels = new Map<string, (address: ConversationAddress, activities: ActivityJson[]) => Promise<void>>();

  register(channelId: string, deliver: (address: ConversationAddress, activities: ActivityJson[]) => Promise<void>): void {
    this.channels.set(channelId, deliver);
  }

  canDeliver(channelId: string): boolean {
    return this.channels.has(channelId);
  }

  async send(address: ConversationAddress, activities: ActivityJson[]): Promise<void> {
    const deliver = this.channels.get(address.channelId);
    if (!deliver) throw new Error(`No channel registered for ${address.channelId}`);
    await deliver(address, activities);
  }
}
