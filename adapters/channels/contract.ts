/**
 * The one contract every channel implements (Direct Line and Bot Framework now, the messengers
 * next): an id, what the channel can show (capabilities, which drive the render layer in
 * ./render.ts), how its inbound wire format becomes an Activity, and how activities are
 * delivered to a conversation later (staff replies, notices). The core sees only Activities.
 */
import type { ActivityJson, ConversationAddress } from '../../bot/core/contracts';

/** How a channel formats text: Bot Framework Markdown, Telegram's HTML, WhatsApp's `*bold*`, or none. */
export type MarkdownDialect = 'markdown' | 'telegram-html' | 'whatsapp' | 'plain';

export interface ChannelCapabilities {
  /** Buttons shown under one message; the rest become a numbered list. */
  maxButtons: number;
  /** Characters of a button's title. */
  maxButtonTitle: number;
  /** Bytes of a button's payload; larger values travel as short opaque tokens resolved server-side. */
  maxPayloadBytes: number;
  /** Characters of one message; longer text is split at paragraph boundaries. */
  maxTextLength: number;
  markdown: MarkdownDialect;
  /** Shows a typing indicator (sent before each message of a multi-message reply). */
  typing: boolean;
}

/** One inbound message from the channel, read into an Activity for the core (or refused). */
export type Inbound = { ok: true; activity: ActivityJson; address: ConversationAddress } | { ok: false; status: number; reason: string };

export interface Channel {
  /** The channel id the core sees in `ConversationAddress.channelId`. */
  readonly id: string;
  readonly capabilities: ChannelCapabilities;
  /** Wire format → Activity (validated; anything malformed is refused with a status). */
  toActivity(body: unknown, context?: Record<string, string>): Inbound;
  /** Delivers activities to a conversation outside a turn (registered with the Outbox). */
  deliver(address: ConversationAddress, activities: ActivityJson[]): Promise<void>;
}
