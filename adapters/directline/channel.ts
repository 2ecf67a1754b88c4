/**
 * Direct Line as a {@link Channel}: Web Chat shows Markdown and many buttons, so the render layer
 * changes little here; inbound activities are read against the whitelist in ./activities.ts.
 */
import type { ActivityJson, ConversationAddress } from '../../bot/core/contracts';
import type { Channel, ChannelCapabilities } from '../channels/contract';
import { CHANNEL_ID, parseInboundActivity, userActivity } from './activities';

export const DIRECTLINE_CAPABILITIES: ChannelCapabilities = {
  maxButtons: 20,
  maxButtonTitle: 200,
  maxPayloadBytes: 4096,
  maxTextLength: 20_000,
  markdown: 'markdown',
  // Web Chat shows typing, but the bot answers at once; an indicator would only flicker.
  typing: false,
};

export function directLineChannel(deliver: (address: ConversationAddress, activities: ActivityJson[]) => Promise<void>): Channel {
  return {
    id: CHANNEL_ID,
    capabilities: DIRECTLINE_CAPABILITIES,
    toActivity(body, context = {}) {
      const parsed = parseInboundActivity(body);
      if (!parsed.ok) return { ok: false, status: 400, reason: parsed.problems.join('; ') };
      const conversationId = context.conversationId ?? '';
      return { ok: true, activity: userActivity(conversationId, parsed.activity), address: { channelId: CHANNEL_ID, conversationId, userId: parsed.activity.from.id } };
    },
    deliver,
  };
}
