/**
 * One turn of a Direct Line conversation: echo the user's activity, ask the core, store the
 * replies — strictly one turn at a time per conversation — and the outbox path for messages
 * that arrive later (staff replies, notices).
 */
import type { ActivityJson, Bot, ConversationAddress } from '../../bot/core/contracts';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/core/errors';
import { renderForChannel } from '../channels/render';
import { DIRECTLINE_CAPABILITIES } from './channel';
import { botActivity, CHANNEL_ID, userActivity, type InboundActivity } from './activities';
import type { Conversation, ConversationRegistry } from './registry';

export type TurnOutcome =
  | { status: 'done'; id: string }
  | { status: 'busy' }
  | { status: 'failed'; id: string };

export interface TurnRunner {
  run(conversation: Conversation, inbound: InboundActivity): Promise<TurnOutcome>;
  /** The outbox delivery function for channel 'directline'. */
  deliver(address: ConversationAddress, activities: ActivityJson[]): Promise<void>;
}

export { errorForLog } from '../../bot/core/errors';

export function createTurnRunner(deps: {
  bot: Bot;
  registry: ConversationRegistry;
  logger: Logger;
  pseudonym: (id: string) => string;
}): TurnRunner {
  const { bot, registry, logger, pseudonym } = deps;

  async function turn(conversation: Conversation, inbound: InboundActivity): Promise<TurnOutcome> {
    const [echo] = registry.append(conversation, [userActivity(conversation.id, inbound)]);
    const echoId = echo.id as string;
    const userId = inbound.from.id;
    const started = Date.now();
    try {
      const result = await bot.onActivity(JSON.parse(JSON.stringify(echo)) as ActivityJson, {
        channelId: CHANNEL_ID,
        conversationId: conversation.id,
        userId,
      });
      const replies = await renderForChannel(Array.isArray(result?.activities) ? result.activities : [], DIRECTLINE_CAPABILITIES);
      registry.append(conversation, replies.map((reply) => botActivity(conversation.id, userId, reply, echoId)));
      logger.debug({ conversation: pseudonym(conversation.id), type: inbound.type, replies: replies.length, ms: Date.now() - started }, 'turn');
      return { status: 'done', id: echoId };
    } catch (error) {
      logger.error({ conversation: pseudonym(conversation.id), type: inbound.type, error: errorForLog(error) }, 'turn failed');
      return { status: 'failed', id: echoId };
    }
  }

  return {
    async run(conversation, inbound) {
      const queued = registry.runInOrder(conversation, () => turn(conversation, inbound));
      return queued ?? { status: 'busy' };
    },

    async deliver(address, activities) {
      // Not queued behind the running turn on purpose: a core that sends through the outbox
      // while handling a turn of the same conversation would otherwise wait for itself.
      const conversation = registry.use(address.conversationId);
      if (!conversation) throw new Error('Direct Line conversation is unknown or expired');
      registry.append(conversation, activities.map((activity) => botActivity(conversation.id, address.userId, activity)));
      logger.debug({ conversation: pseudonym(conversation.id), activities: activities.length }, 'outbox delivery');
    },
  };
}
