/**
 * What a Direct Line client may post, and how Lotse dresses the activities it stores.
 *
 * Inbound activities are parsed against a whitelist: unknown fields (a forged `conversation`,
 * `recipient` or `serviceUrl`) are dropped, never passed to the core. The user id is the
 * client's `from.id` — Web Chat keeps one per user, and the core recognises returning users by it.
 */
import { z } from 'zod';
import type { ActivityJson } from '../../bot/core/contracts';

export const MAX_TEXT_LENGTH = 5000;
export const BOT_ACCOUNT = Object.freeze({ id: 'lotse', name: 'Lotse', role: 'bot' });
export const CHANNEL_ID = 'directline';

const account = z.object({
  id: z.string().min(1).max(128),
  name: z.string().max(128).optional(),
});
const jsonObject = z.record(z.string(), z.unknown());

const inboundActivity = z.object({
  type: z.enum(['message', 'event', 'conversationUpdate', 'typing']),
  from: account,
  text: z.string().max(MAX_TEXT_LENGTH).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(35).optional(),
  localTimestamp: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  value: z.unknown().optional(),
  channelData: jsonObject.optional(),
  attachments: z.array(jsonObject).max(10).optional(),
  entities: z.array(jsonObject).max(10).optional(),
  membersAdded: z.array(account).max(10).optional(),
  membersRemoved: z.array(account).max(10).optional(),
});

export type InboundActivity = z.infer<typeof inboundActivity>;

export type Parsed = { ok: true; activity: InboundActivity } | { ok: false; problems: string[] };

/** Deeper JSON than any Web Chat card or button value; deeper input is refused before it is copied or stored. */
export const MAX_DEPTH = 32;
const MAX_NODES = 5000;

/** Iterative (a recursive walk would overflow on the input it guards against). */
function tooDeepOrLarge(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return true;
    if (node && typeof node === 'object') for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Validates a posted body; problems name fields and rules, never the submitted values. */
export function parseInboundActivity(body: unknown): Parsed {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, problems: ['(body): expected an activity object'] };
  if (tooDeepOrLarge(body)) return { ok: false, problems: [`(body): nested deeper than ${MAX_DEPTH} levels or too many fields`] };
  const result = inboundActivity.safeParse(body);
  if (result.success) return { ok: true, activity: result.data };
  const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`);
  return { ok: false, problems };
}

/** The user's activity as it is echoed, stored and given to the core. */
export function userActivity(conversationId: string, inbound: InboundActivity): ActivityJson {
  return {
    ...inbound,
    from: { ...inbound.from, role: 'user' },
    recipient: { ...BOT_ACCOUNT },
    conversation: { id: conversationId },
    channelId: CHANNEL_ID,
  } as ActivityJson;
}

/** A bot activity (a reply or an outbox message) with the fields the client relies on. */
export function botActivity(conversationId: string, userId: string, activity: ActivityJson, replyToId?: string): ActivityJson {
  return {
    ...activity,
    from: { ...BOT_ACCOUNT },
    recipient: { id: userId, role: 'user' },
    conversation: { id: conversationId },
    channelId: CHANNEL_ID,
    ...(replyToId && !activity.replyToId ? { replyToId } : {}),
  } as ActivityJson;
}
