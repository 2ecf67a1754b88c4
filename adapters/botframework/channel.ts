/**
 * Azure Bot Service (`/api/messages`) as a {@link Channel}. Replies go back in the turn
 * (`context.sendActivities`); messages outside a turn would need the connector's proactive API,
 * which Lotse does not use — so live chat with staff is not offered on this channel (callbacks are).
 */
import type { ActivityJson, ConversationAddress } from '../../bot/core/contracts';
import type { Channel, ChannelCapabilities } from '../channels/contract';

/** Channel id Lotse's core sees for turns from Azure; the Azure channel itself is in `routing.channel`. */
export const BOTFRAMEWORK_CHANNEL_ID = 'botframework';

export const BOTFRAMEWORK_CAPABILITIES: ChannelCapabilities = {
  // Teams shows at most 10 suggested actions (and only in 1:1 chats); Azure's Web Chat more.
  maxButtons: 10,
  maxButtonTitle: 100,
  maxPayloadBytes: 4096,
  maxTextLength: 20_000,
  markdown: 'markdown',
  typing: false,
};

const ROUTED_TYPES = new Set(['message', 'event']);

export const botFrameworkChannel: Channel = {
  id: BOTFRAMEWORK_CHANNEL_ID,
  capabilities: BOTFRAMEWORK_CAPABILITIES,
  toActivity(body) {
    const activity = body as ActivityJson & { conversation?: { id?: string }; from?: { id?: string }; channelId?: string; serviceUrl?: string };
    if (!activity || typeof activity !== 'object' || !ROUTED_TYPES.has(activity.type)) return { ok: false, status: 200, reason: 'not routed to the core' };
    const address: ConversationAddress = {
      channelId: BOTFRAMEWORK_CHANNEL_ID,
      conversationId: activity.conversation?.id ?? '',
      userId: activity.from?.id ?? '',
      routing: { channel: activity.channelId ?? '', ...(activity.serviceUrl ? { serviceUrl: activity.serviceUrl } : {}) },
    };
    return { ok: true, activity, address };
  },
  async deliver() {
    throw new Error('Bot Framework conversations are answered only within a turn');
  },
};
