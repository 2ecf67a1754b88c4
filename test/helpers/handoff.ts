/**
 * A Lotse bot with the real content, a memory store, the handoff desk and a recording channel,
 * on a fixed clock — for the handoff tests that do not need HTTP.
 */
import path from 'node:path';
import { ChannelOutbox, type ActivityJson, type ConversationAddress } from '../../bot/core/contracts';
import { HandoffDesk } from '../../bot/handoff/desk';
import type { WebhookNotifier } from '../../bot/handoff/webhook';
import { buildKnowledge, type Knowledge } from '../../bot/knowledge';
import { LotseBot } from '../../bot/lotseBot';
import { COLLECTIONS, type ConversationState } from '../../bot/state';
import { loadContent } from '../../content/load';
import type { Profile } from '../../content/model';
import { MemoryStore } from '../../adapters/store/document';

export const knowledge = buildKnowledge(loadContent(path.resolve(__dirname, '..', '..', 'content'), 'musterstadt'));

/** A knowledge with a changed profile (same entries and index). */
export function withProfile(change: (p: Profile) => Profile): Knowledge {
  return { ...knowledge, snapshot: { ...knowledge.snapshot, profile: change(structuredClone(knowledge.snapshot.profile)) } };
}

/** Monday 23 November 2026, 11:00 in Berlin (live chat 09–15). */
export const MONDAY_11 = new Date('2026-11-23T10:00:00Z');
/** Saturday 21 November 2026, 22:00 in Berlin (everything closed). */
export const SATURDAY_NIGHT = new Date('2026-11-21T21:00:00Z');

export const silent = { info() {}, warn() {}, error() {} };

export interface Setup {
  bot: LotseBot;
  desk: HandoffDesk;
  store: MemoryStore;
  outbox: ChannelOutbox;
  /** What the desk delivered to the citizen's channel later (staff replies, notices). */
  delivered: ActivityJson[];
  clock: { now: Date };
  address: ConversationAddress;
  /** Leave the channel: deliveries fail from now on. */
  leave(): void;
  say(text: string, value?: Record<string, unknown>): Promise<ActivityJson[]>;
  press(button: ActivityJson['suggestedActions'] | ActivityJson | undefined, action: string, extra?: Record<string, unknown>): Promise<ActivityJson[]>;
  event(name: string, value: unknown): Promise<ActivityJson[]>;
  state(): Promise<ConversationState | undefined>;
  staffOnline(id?: string): void;
}

export function setupHandoff(options: { now?: Date; knowledge?: Knowledge; channelId?: string; conversationId?: string; store?: MemoryStore; webhook?: (store: MemoryStore) => WebhookNotifier } = {}): Setup {
  const store = options.store ?? new MemoryStore();
  const outbox = new ChannelOutbox();
  const delivered: ActivityJson[] = [];
  let gone = false;
  const channelId = options.channelId ?? 'test';
  outbox.register('test', async (_address, activities) => {
    if (gone) throw new Error('conversation ended');
    delivered.push(...activities);
  });
  const clock = { now: options.now ?? MONDAY_11 };
  const k = options.knowledge ?? knowledge;
  const desk = new HandoffDesk({ store, outbox, knowledge: () => k, logger: silent, pseudonym: (id) => id, now: () => clock.now, webhook: options.webhook?.(store) });
  const bot = new LotseBot({ knowledge: () => k, store, logger: silent, pseudonym: (id) => id, now: () => clock.now, handoff: desk });
  const address = { channelId, conversationId: options.conversationId ?? 'conv-1', userId: 'u1' };
  // Every turn takes a second, as in real life (transcript lines get their own times).
  const send = async (activity: ActivityJson) => {
    clock.now = new Date(clock.now.getTime() + 1000);
    return (await bot.onActivity({ from: { id: 'u1' }, ...activity }, address)).activities;
  };
  return {
    bot,
    desk,
    store,
    outbox,
    delivered,
    clock,
    address,
    leave: () => {
      gone = true;
    },
    say: (text, value) => send({ type: 'message', text, value }),
    async press(source, action, extra = {}) {
      const found = buttonsOf(source).find((b) => b.value.action === action && Object.entries(extra).every(([k, v]) => b.value[k] === v));
      if (!found) throw new Error(`no button ${action} ${JSON.stringify(extra)} in ${JSON.stringify(buttonsOf(source).map((b) => b.value))}`);
      return send({ type: 'message', text: found.title, value: found.value });
    },
    event: (name, value) => send({ type: 'event', name, value }),
    state: async () => (await store.read<ConversationState>(COLLECTIONS.conversations, bot.keys.conversation(address)))?.value,
    staffOnline: (id = 'anna') => desk.presence.touch(id, clock.now),
  };
}

export interface Button {
  title: string;
  value: { action: string; [key: string]: unknown };
}

/** The buttons of an activity (or of the last activity that has any in a list). */
export function buttonsOf(source: unknown): Button[] {
  const list = Array.isArray(source) ? (source as ActivityJson[]) : [source as ActivityJson];
  for (const activity of [...list].reverse()) {
    const actions = (activity?.suggestedActions as { actions?: Button[] } | undefined)?.actions;
    if (actions && actions.length > 0) return actions;
  }
  return [];
}

export const texts = (activities: ActivityJson[]): string => activities.map((a) => String(a.text ?? '')).join('\n');
export const messages = (activities: ActivityJson[]): ActivityJson[] => activities.filter((a) => a.type === 'message');
export const events = (activities: ActivityJson[], name: string): ActivityJson[] => activities.filter((a) => a.type === 'event' && a.name === name);
