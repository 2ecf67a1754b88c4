/**
 * One turn of a Direct Line conversation — strictly one at a time per conversation:
 *
 *   1. the user's activity gets id `<conversationId>|<seq>` and is stored (store commit, durable)
 *      before anything else; only then is it echoed to the client;
 *   2. the core runs: `bot.onActivity(activity, address)`;
 *   3. the replies are stored together with "this user activity is answered", then shown.
 *
 * The POST is answered `200 {id}` after step 3, so an acknowledged message is stored and so are
 * its replies. A crash between 1 and 3 leaves the user activity "unanswered" in the store;
 * `recover()` submits it again at start-up (the core answers a duplicate id with its stored
 * replies instead of running the turn twice). Outbox messages (staff replies, notices) are
 * stored the same way before they are shown.
 */
import type { ActivityJson, Bot, ConversationAddress } from '../../bot/core/contracts';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/core/errors';
import { renderForChannel } from '../channels/render';
import { DIRECTLINE_CAPABILITIES } from './channel';
import { botActivity, CHANNEL_ID, userActivity, type InboundActivity } from './activities';
import type { Conversation, ConversationRegistry } from './registry';
import type { DirectLineJournal } from './journal';

export type TurnOutcome =
  | { status: 'done'; id: string }
  | { status: 'busy' }
  | { status: 'failed'; id: string }
  | { status: 'not-stored' };

export interface TurnRunner {
  run(conversation: Conversation, inbound: InboundActivity): Promise<TurnOutcome>;
  /** Runs the turns of stored user activities that have no stored replies (after a crash). */
  recover(conversation: Conversation): Promise<number>;
  /** The outbox delivery function for channel 'directline'. */
  deliver(address: ConversationAddress, activities: ActivityJson[]): Promise<void>;
}

export { errorForLog } from '../../bot/core/errors';

export function createTurnRunner(deps: {
  bot: Bot;
  registry: ConversationRegistry;
  journal: DirectLineJournal;
  logger: Logger;
  pseudonym: (id: string) => string;
}): TurnRunner {
  const { bot, registry, journal, logger, pseudonym } = deps;

  /**
   * Stamp → store → publish, one at a time per conversation so that activities become visible in
   * seq order. `before` changes the conversation's counters that are stored in the same commit.
   */
  function store(
    conversation: Conversation,
    activities: ActivityJson[],
    change: { inbound?: boolean; answered?: number } = {},
  ): Promise<ActivityJson[]> {
    const task = conversation.writes.then(async () => {
      const stamped = registry.stamp(conversation, activities);
      const wasEmpty = !conversation.hasUserMessage;
      if (change.inbound) for (const s of stamped) conversation.unanswered.add(s.seq);
      if (change.inbound && stamped.some((s) => s.activity.type === 'message')) conversation.hasUserMessage = true;
      const answeredHere = change.answered !== undefined && conversation.unanswered.delete(change.answered);
      try {
        await journal.append(conversation, stamped);
      } catch (error) {
        // Nothing was stored: undo the counters (the seqs stay burnt, the watermark unchanged).
        if (change.inbound) for (const s of stamped) conversation.unanswered.delete(s.seq);
        if (wasEmpty) conversation.hasUserMessage = false;
        if (answeredHere) conversation.unanswered.add(change.answered as number);
        throw error;
      }
      if (conversation.hasUserMessage && wasEmpty) registry.markUserMessage(conversation);
      return registry.publish(conversation, stamped);
    });
    conversation.writes = task.catch(() => undefined);
    return task;
  }

  async function answer(conversation: Conversation, echo: ActivityJson, userId: string): Promise<TurnOutcome> {
    const echoId = echo.id as string;
    const seq = Number(echoId.slice(echoId.lastIndexOf('|') + 1));
    const started = Date.now();
    let replies: ActivityJson[];
    try {
      const result = await bot.onActivity(JSON.parse(JSON.stringify(echo)) as ActivityJson, {
        channelId: CHANNEL_ID,
        conversationId: conversation.id,
        userId,
      });
      replies = await renderForChannel(Array.isArray(result?.activities) ? result.activities : [], DIRECTLINE_CAPABILITIES);
    } catch (error) {
      logger.error({ conversation: pseudonym(conversation.id), type: echo.type, error: errorForLog(error) }, 'turn failed');
      // Not answered, but not retried either: a core that throws on this activity would throw again.
      await store(conversation, [], { answered: seq }).catch(() => undefined);
      return { status: 'failed', id: echoId };
    }
    try {
      await store(conversation, replies.map((reply) => botActivity(conversation.id, userId, reply, echoId)), { answered: seq });
    } catch (error) {
      logger.error({ conversation: pseudonym(conversation.id), error: errorForLog(error) }, 'replies could not be stored');
      return { status: 'failed', id: echoId };
    }
    logger.debug({ conversation: pseudonym(conversation.id), type: echo.type, replies: replies.length, ms: Date.now() - started }, 'turn');
    return { status: 'done', id: echoId };
  }

  async function turn(conversation: Conversation, inbound: InboundActivity): Promise<TurnOutcome> {
    let echo: ActivityJson;
    try {
      [echo] = await store(conversation, [userActivity(conversation.id, inbound)], { inbound: true });
    } catch (error) {
      logger.error({ conversation: pseudonym(conversation.id), type: inbound.type, error: errorForLog(error) }, 'user activity could not be stored');
      return { status: 'not-stored' };
    }
    return answer(conversation, echo, inbound.from.id);
  }

  return {
    async run(conversation, inbound) {
      const queued = registry.runInOrder(conversation, () => turn(conversation, inbound));
      return queued ?? { status: 'busy' };
    },

    async recover(conversation) {
      let recovered = 0;
      for (const seq of [...conversation.unanswered].sort((a, b) => a - b)) {
        const activity = await journal.activity(conversation.id, seq);
        const userId = activity?.from && typeof activity.from === 'object' ? String((activity.from as { id?: unknown }).id ?? '') : '';
        if (!activity || !userId) {
          conversation.unanswered.delete(seq);
          continue;
        }
        const done = await registry.runInOrder(conversation, () => answer(conversation, activity, userId));
        if (done?.status === 'done') recovered += 1;
      }
      return recovered;
    },

    async deliver(address, activities) {
      // Not queued behind the running turn on purpose: a core that sends through the outbox
      // while handling a turn of the same conversation would otherwise wait for itself.
      const conversation = registry.use(address.conversationId);
      if (!conversation) throw new Error('Direct Line conversation is unknown or expired');
      await store(conversation, activities.map((activity) => botActivity(conversation.id, address.userId, activity)));
      logger.debug({ conversation: pseudonym(conversation.id), activities: activities.length }, 'outbox delivery');
    },
  };
}
