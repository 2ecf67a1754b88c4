/**
 * Lotse's own Direct Line 3.0 endpoint, so that Microsoft's Web Chat (and botframework-directlinejs)
 * talk to Lotse without Azure: mount `router` at `/v3/directline`, call `attach(server)` for the
 * websocket streams and `close()` on shutdown.
 *
 * Pieces: tokens.ts (signed conversation tokens), registry.ts (transcripts, watermarks, turn
 * queue, idle expiry), rate-limit.ts (token buckets), stream.ts (websockets), routes.ts (REST),
 * turns.ts (store → core → store replies, outbox delivery), journal.ts (the stored log).
 *
 * Conversations, their activity windows and seqs are kept in the store (`options.store`; a
 * memory store when none is given), so with a configured DIRECTLINE_SECRET an open Web Chat
 * continues after a restart: tokens still verify, the conversation is restored from the store,
 * reconnecting with a watermark replays the stored history, and ids are never reused. At start
 * the turns of stored user messages that have no stored reply (a crash mid-turn) run again.
 */
import type http from 'node:http';
import type express from 'express';
import type { ActivityJson, Bot, Outbox } from '../../bot/core/contracts';
import type { Config } from '../../app/config';
import type { Store } from '../../bot/core/store';
import { MemoryStore } from '../store/document';
import { DirectLineJournal } from './journal';
import { pseudonymise, type Logger } from '../../app/logger';
import { TokenBucketLimiter } from './rate-limit';
import { ConversationRegistry, type Conversation, type RegistryLimits } from './registry';
import { createDirectLineRouter } from './routes';
import { createStreamServer } from './stream';
import { TokenService } from './tokens';
import { createTurnRunner, errorForLog } from './turns';
import { originPolicy } from './cors';
import { CHANNEL_ID } from './activities';

export interface DirectLineLimits extends RegistryLimits {
  /** Messages per conversation and minute (token bucket refill). */
  conversationPerMinute: number;
  /** Messages a conversation may send at once. */
  conversationBurst: number;
  /** Requests per client address and minute. */
  addressPerMinute: number;
  addressBurst: number;
  /** Client addresses remembered by the limiter. */
  maxTrackedAddresses: number;
  /** How often idle conversations and full buckets are swept. */
  sweepIntervalMs: number;
  /** The history of a conversation unlooked-at this long leaves memory (it stays in the store). */
  historyIdleMs: number;
  /** The stored log of a conversation is deleted this long after its start at the latest. */
  retentionMs: number;
}

export const DEFAULT_LIMITS: DirectLineLimits = {
  // A citizen clicking quickly through a guided flow sends a message every second or two.
  conversationPerMinute: 30,
  conversationBurst: 20,
  addressPerMinute: 300,
  addressBurst: 300,
  maxTrackedAddresses: 20_000,
  maxConversations: 10_000,
  // What a reconnecting client needs to resume, not the whole conversation (the core keeps the transcript).
  historyLength: 100,
  historyBytes: 64 * 1024,
  idleMs: 2 * 60 * 60 * 1000,
  // Web Chat posts its first activity within seconds of starting a conversation.
  emptyIdleMs: 5 * 60 * 1000,
  // A job centre's public PCs share one address; more than this many open chats from one address is a script.
  maxPerAddress: 50,
  maxPendingTurns: 50,
  sweepIntervalMs: 60_000,
  historyIdleMs: 3 * 60 * 1000,
  retentionMs: 24 * 60 * 60 * 1000,
};

export interface DirectLineOptions {
  bot: Bot;
  outbox: Outbox;
  config: Config;
  logger: Logger;
  /** Activities for which this returns true are never rate-limited (the core passes its crisis check). */
  exemptFromRateLimit?: (activity: ActivityJson) => boolean;
  limits?: Partial<DirectLineLimits>;
  /** Where the router is mounted; stream URLs and websocket upgrades use it. */
  mountPath?: string;
  /** Where conversations and their activities are kept (durably, for restarts); memory when absent. */
  store?: Store;
}

export interface DirectLineService {
  router: express.Router;
  attach(server: http.Server): void;
  /** Resolves once stored conversations are restored (requests wait for it). */
  ready: Promise<void>;
  close(): void;
}

export function createDirectLineService(options: DirectLineOptions): DirectLineService {
  const { bot, outbox, config } = options;
  const limits: DirectLineLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const mountPath = options.mountPath ?? '/v3/directline';
  const logger = options.logger.child({ component: 'directline' });
  const pseudonym = (id: string): string => pseudonymise(config.logSalt, id);

  const tokens = new TokenService(config.directLineSecret, config.tokenTtlSeconds);
  const journal = new DirectLineJournal(options.store ?? new MemoryStore(), limits.historyLength, limits.retentionMs);
  const registry = new ConversationRegistry(limits, Date.now, (conversation, why) => {
    if (why === 'closed') return;
    restoredIds.delete(conversation.id);
    // After its last pending write, so a delivery in flight cannot re-create what was deleted.
    void conversation.writes
      .then(() => journal.forget(conversation))
      .catch((error: unknown) => logger.error({ error: errorForLog(error) }, 'stored conversation could not be deleted'));
  });
  const addressLimiter = new TokenBucketLimiter({
    perMinute: limits.addressPerMinute,
    burst: limits.addressBurst,
    maxKeys: limits.maxTrackedAddresses,
  });
  const conversationLimiter = new TokenBucketLimiter({
    perMinute: limits.conversationPerMinute,
    burst: limits.conversationBurst,
    maxKeys: limits.maxConversations,
  });
  const turns = createTurnRunner({ bot, registry, journal, logger, pseudonym });
  outbox.register(CHANNEL_ID, turns.deliver);

  let closed = false;
  /** Restored conversations whose stored window is not loaded yet, with their seq at restore. */
  const restoredIds = new Map<string, number>();
  const ready = restore();
  /** Conversations from the store; then the turns a crash interrupted, in the background. */
  async function restore(): Promise<void> {
    let restored = 0;
    try {
      for (const { id, stored } of await journal.conversations()) {
        const opened = registry.open(id, undefined, {
          seq: stored.seq,
          created: stored.created,
          hasUserMessage: stored.hasUserMessage,
          unanswered: new Set(Array.isArray(stored.unanswered) ? stored.unanswered : []),
        });
        if (!opened.ok) break;
        if (stored.hasUserMessage) registry.markUserMessage(opened.conversation);
        if (stored.seq > 0) restoredIds.set(id, stored.seq);
        restored += 1;
      }
    } catch (error) {
      logger.error({ error: errorForLog(error) }, 'stored conversations could not be read');
    }
    if (restored > 0) logger.info({ restored }, 'conversations restored from the store');
    const interrupted = registry.all().filter((c) => c.unanswered.size > 0);
    void (async () => {
      let recovered = 0;
      for (const conversation of interrupted) {
        if (closed) return;
        recovered += await turns.recover(conversation).catch(() => 0);
      }
      if (interrupted.length > 0) logger.info({ conversations: interrupted.length, recovered }, 'interrupted turns answered after restart');
    })();
  }

  /** Loads the stored window of a restored conversation once, before it is read. */
  function loadHistory(conversation: Conversation): Promise<void> {
    if (!restoredIds.has(conversation.id)) return Promise.resolve();
    conversation.loading ??= journal.history(conversation.id, restoredIds.get(conversation.id) as number).then(
      (stored) => {
        registry.restoreHistory(conversation, stored);
        restoredIds.delete(conversation.id);
      },
      (error: unknown) => {
        conversation.loading = undefined;
        throw error;
      },
    );
    return conversation.loading;
  }

  const router = createDirectLineRouter({
    registry,
    tokens,
    turns,
    journal,
    ready,
    loadHistory,
    addressLimiter,
    conversationLimiter,
    allowedOrigins: config.allowedOrigins,
    mountPath,
    publicUrl: config.publicUrl,
    exemptFromRateLimit: options.exemptFromRateLimit,
    logger,
    pseudonym,
  });
  const streams = createStreamServer({
    mountPath,
    registry,
    tokens,
    ready,
    loadHistory,
    addressLimiter,
    isOriginAllowed: originPolicy(config.allowedOrigins),
    logger,
    pseudonym,
  });

  const sweeper = setInterval(() => {
    const expired = registry.sweep();
    // Idle histories leave memory; the next request reads them back from the store.
    for (const conversation of registry.unloadIdleHistories(limits.historyIdleMs)) restoredIds.set(conversation.id, conversation.published);
    addressLimiter.sweep();
    conversationLimiter.sweep();
    if (expired > 0) logger.info({ expired, open: registry.size }, 'idle conversations expired');
  }, limits.sweepIntervalMs);
  sweeper.unref();

  return {
    router,
    attach: (server) => streams.attach(server),
    ready,
    close() {
      closed = true;
      clearInterval(sweeper);
      streams.close();
      registry.clear();
      addressLimiter.clear();
      conversationLimiter.clear();
    },
  };
}
