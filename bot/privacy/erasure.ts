/**
 * Erasure on request (GDPR Art. 17): a citizen says "delete my data" (or `/delete`) in any
 * language, confirms, and everything about the conversation and the user id goes — conversation
 * state, transcript, the user's flow record, callback phone numbers, webhook events of their
 * cases. Open handoff cases are not just deleted (staff would see them vanish mid-conversation):
 * they become a closed tombstone without any of the citizen's data, which the console shows as
 * "erased by the citizen", and which expires within a day.
 *
 * `eraseConversation` is the store-level function (also behind the admin command);
 * `ErasureStep` is the conversational part, called once early in a turn.
 */
import type { Store } from '../core/store';
import { COLLECTIONS } from '../state';
import type { ActivityJson, ConversationAddress } from '../core/contracts';
import type { StateKeys } from '../core/keys';
import { messageActivity } from '../activities';
import { translator } from '../i18n';
import type { Language } from '../../content/model';
import type { Outcome } from '../handoff/model';

/** Pending confirmations: key = conversation id, kept for minutes only. */
export const PRIVACY_COLLECTION = 'privacyRequests';
const CONFIRM_TTL_SECONDS = 15 * 60;
/** How long staff still see a tombstone for an erased case. */
const TOMBSTONE_TTL_SECONDS = 24 * 3600;
export const ERASED_OUTCOME: Outcome = 'citizen_erased';

export interface ErasureTarget {
  conversationId: string;
  /** With the channel, the user's records (flows) go too. */
  userId?: string;
  channelId?: string;
}

/** Does this stored value belong to the conversation (or the user on that channel)? */
function belongs(value: unknown, target: ErasureTarget, depth = 0): boolean {
  if (!value || typeof value !== 'object' || depth > 6) return false;
  const v = value as Record<string, unknown>;
  if (v.conversationId === target.conversationId) return true;
  // Activities (e.g. a channel's stored history) name it as conversation.id.
  if (depth === 0 && (v.conversation as { id?: unknown } | undefined)?.id === target.conversationId) return true;
  if (target.userId && v.userId === target.userId && (!target.channelId || v.channelId === target.channelId)) return true;
  return Object.values(v).some((child) => belongs(child, target, depth + 1));
}

/**
 * Erases everything about a conversation from every collection Lotse writes (plus `extra`
 * collections other modules own); returns how many items were removed per collection.
 */
export async function eraseConversation(
  store: Store,
  target: ErasureTarget,
  options: {
    now?: Date;
    extraCollections?: string[];
    /** The pseudonymised store keys of conversations and users (bot/core/keys.ts). */
    keys?: Pick<StateKeys, 'conversation' | 'user'>;
    /** Channels to try when only the conversation id is known (the admin command). */
    channels?: readonly string[];
  } = {},
): Promise<Record<string, number>> {
  const now = options.now ?? new Date();
  const removed: Record<string, number> = {};
  const count = (collection: string): void => {
    removed[collection] = (removed[collection] ?? 0) + 1;
  };
  // From the admin command only the conversation id is known: its cases name the user.
  if (!target.userId) {
    const handoffs = await store.list<{ address?: Partial<ConversationAddress> }>(COLLECTIONS.handoffs);
    const address = handoffs.map((i) => i.value.address).find((a) => a?.conversationId === target.conversationId);
    if (address?.userId) target = { ...target, userId: address.userId, channelId: address.channelId };
  }
  const legacyUserKey = target.userId && target.channelId ? `${target.channelId}:${target.userId}` : undefined;
  // State lives under pseudonymised keys per channel; without the channel every known one is tried.
  const channels = target.channelId ? [target.channelId] : [...new Set(options.channels ?? [])];
  const conversationKeys = new Set<string>([target.conversationId]);
  const userKeys = new Set<string>(legacyUserKey ? [legacyUserKey] : []);
  if (options.keys) {
    for (const channelId of channels) {
      conversationKeys.add(options.keys.conversation({ channelId, conversationId: target.conversationId }));
      if (target.userId) userKeys.add(options.keys.user({ channelId, userId: target.userId }));
    }
  }
  const userKey = legacyUserKey;

  // Cases first: their ids lead to callbacks and webhook events, which carry no conversation id.
  const caseIds = new Set<string>();
  for (const item of await store.list<Record<string, unknown>>(COLLECTIONS.handoffs)) {
    if (!belongs(item.value, target)) continue;
    caseIds.add(item.key);
    const c = item.value;
    if (c.status === 'closed') {
      await store.delete(COLLECTIONS.handoffs, item.key);
    } else {
      const tombstone = {
        id: c.id,
        kind: c.kind,
        status: 'closed',
        address: { channelId: (c.address as { channelId?: string } | undefined)?.channelId ?? '', conversationId: '', userId: '' },
        language: c.language,
        reason: c.reason,
        consent: false,
        topics: [],
        createdAt: c.createdAt,
        claimedAt: c.claimedAt,
        claimedBy: c.claimedBy,
        closedAt: now.toISOString(),
        outcome: ERASED_OUTCOME,
        citizenGone: true,
      };
      await store.write(COLLECTIONS.handoffs, item.key, tombstone, { ttlSeconds: TOMBSTONE_TTL_SECONDS });
    }
    count(COLLECTIONS.handoffs);
  }
  for (const id of caseIds) {
    if (await store.read(COLLECTIONS.callbacks, id)) {
      await store.delete(COLLECTIONS.callbacks, id);
      count(COLLECTIONS.callbacks);
    }
  }
  for (const item of await store.list<{ event?: { data?: { caseId?: unknown } } }>(COLLECTIONS.webhookDeliveries)) {
    const caseId = item.value.event?.data?.caseId ?? (item.value as { caseId?: unknown }).caseId;
    if (typeof caseId === 'string' && caseIds.has(caseId)) {
      await store.delete(COLLECTIONS.webhookDeliveries, item.key);
      count(COLLECTIONS.webhookDeliveries);
    }
  }

  // Everything keyed by the conversation or the user, or holding their ids.
  const keyed: Array<[string, string | undefined]> = [
    ...[...conversationKeys].flatMap((key): Array<[string, string]> => [
      [COLLECTIONS.conversations, key],
      [COLLECTIONS.transcripts, key],
    ]),
    [PRIVACY_COLLECTION, target.conversationId],
    ...[...userKeys].map((key): [string, string] => [COLLECTIONS.users, key]),
  ];
  for (const [collection, key] of keyed) {
    if (key && (await store.read(collection, key))) {
      await store.delete(collection, key);
      count(collection);
    }
  }
  const scanned = [COLLECTIONS.conversations, COLLECTIONS.users, COLLECTIONS.callbacks, COLLECTIONS.turnReplies, ...(options.extraCollections ?? [])];
  const ownKey = (key: string): boolean =>
    key === target.conversationId ||
    key.startsWith(`${target.conversationId}|`) ||
    (userKey !== undefined && key === userKey) ||
    userKeys.has(key) ||
    [...conversationKeys].some((k) => key === k || key.startsWith(`${k}/`));
  for (const collection of scanned) {
    for (const item of await store.list(collection)) {
      if (ownKey(item.key) || belongs(item.value, target)) {
        await store.delete(collection, item.key);
        count(collection);
      }
    }
  }
  return removed;
}

// ——— the conversational step ———

const ERASE_ACTION = 'privacy.erase';

function words(language: Language, key: 'eraseWords' | 'yesWords' | 'noWords'): string[] {
  const t = translator(language);
  const own = t(`privacy.${key}`, { returnObjects: true }) as unknown;
  return Array.isArray(own) ? own.map((w) => String(w)) : [];
}

function plain(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFC')
    .replace(/[\u200c\u200f\u200e]/g, ' ')
    .replace(/[.!?,;:،؟"'«»„“”]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ALL_LANGUAGES: Language[] = ['de', 'de-x-ls', 'en', 'uk', 'ru', 'ar', 'tr', 'fa', 'ro', 'bg', 'pl', 'fr'];

let phrases: string[][] | undefined;
/** Every language's phrases, split into words once (this runs on every message). */
function erasePhrases(): string[][] {
  phrases ??= ALL_LANGUAGES.flatMap((lang) => words(lang, 'eraseWords')).map((w) => plain(w).split(' '));
  return phrases;
}

/** "delete my data" in any language Lotse speaks (a citizen may ask in another than the chat's), or /delete. */
export function asksForErasure(text: string): boolean {
  const p = plain(text);
  if (/^\/(?:delete|erase|löschen|loeschen|forget)\b/.test(p)) return true;
  if (p.length > 200) return false;
  const said = p.split(' ');
  // Every word of a phrase somewhere in the message, in any order and inflection ("Löschen Sie bitte meine Daten").
  const has = (phrase: string[]): boolean => phrase.every((w) => said.some((s) => s === w || (w.length >= 4 && s.startsWith(w))));
  return erasePhrases().some(has);
}

function answerIs(text: string, language: Language, key: 'yesWords' | 'noWords'): boolean {
  const p = plain(text);
  return words(language, key).some((w) => p === plain(w));
}

export interface ErasureTurn {
  activity: ActivityJson;
  address: ConversationAddress;
  language: Language;
}

export interface ErasureOutcome {
  activities: ActivityJson[];
  /** True once the data is gone: the turn must not write anything about this conversation again. */
  erased: boolean;
}

export class ErasureStep {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
    private readonly options: { keys?: Pick<StateKeys, 'conversation' | 'user'>; extraCollections?: string[] } = {},
  ) {}

  /** Handles the turn when it is about erasure (request, confirmation, refusal); otherwise undefined. */
  async handle(turn: ErasureTurn): Promise<ErasureOutcome | undefined> {
    const { activity, address, language } = turn;
    if (activity.type !== 'message') return undefined;
    const t = translator(language);
    const text = typeof activity.text === 'string' ? activity.text : '';
    const value = activity.value as { action?: unknown; confirm?: unknown } | undefined;
    const button = value && typeof value === 'object' && value.action === ERASE_ACTION ? value.confirm === true : undefined;

    if (button === undefined && asksForErasure(text)) {
      await this.store.write(PRIVACY_COLLECTION, address.conversationId, { askedAt: this.now().toISOString() }, { ttlSeconds: CONFIRM_TTL_SECONDS });
      const confirm = messageActivity(t('privacy.confirm'), language, [
        { title: t('privacy.yes'), value: { action: ERASE_ACTION, confirm: true } },
        { title: t('privacy.no'), value: { action: ERASE_ACTION, confirm: false } },
      ]);
      return { activities: [confirm], erased: false };
    }

    // The buttons are an explicit answer; a typed yes/no counts only right after the question.
    let yes = button;
    if (yes === undefined) {
      if (text.length === 0 || text.length > 40) return undefined;
      if (!(await this.store.read(PRIVACY_COLLECTION, address.conversationId))) return undefined;
      yes = answerIs(text, language, 'yesWords') ? true : answerIs(text, language, 'noWords') ? false : undefined;
      if (yes === undefined) {
        await this.store.delete(PRIVACY_COLLECTION, address.conversationId);
        return undefined;
      }
    }
    if (!yes) {
      await this.store.delete(PRIVACY_COLLECTION, address.conversationId);
      return { activities: [messageActivity(t('privacy.kept'), language)], erased: false };
    }
    await eraseConversation(this.store, { conversationId: address.conversationId, userId: address.userId, channelId: address.channelId }, { now: this.now(), ...this.options });
    return { activities: [messageActivity(t('privacy.erased'), language)], erased: true };
  }
}
