/**
 * Lotse's own Direct Line 3.0 endpoint, so that Microsoft's Web Chat (and botframework-directlinejs)
 * talk to Lotse without Azure: mount `router` at `/v3/directline`, call `attach(server)` for the
 * websocket streams and `close()` on shutdown.
 *
 * Pieces: tokens.ts (signed conversation tokens), registry.ts (transcripts, watermarks, turn
 * queue, idle expiry), rate-limit.ts (token buckets), stream.ts (websockets), routes.ts (REST),
 * turns.ts (echo → core → replies, outbox delivery). State is in memory: a restart ends every
 * open conversation (clients see 404 and start anew).
 */
import type http from 'node:http';
import type express from 'express';
import type { ActivityJson, Bot, Outbox } from '../../bot/core/contracts';
import type { Config } from '../../app/config';
import { pseudonymise, type Logger } from '../../app/logger';
import { TokenBucketLimiter } from './rate-limit';
import { ConversationRegistry, type RegistryLimits } from './registry';
import { createDirectLineRouter } from './routes';
import { createStreamServer } from './stream';
import { TokenService } from './tokens';
import { createTurnRunner } from './turns';
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
}

export const DEFAULT_LIMITS: DirectLineLimits = {
  // A citizen clicking quickly through a guided flow sends a message every second or two.
  conversationPerMinute: 30,
  conversationBurst: 20,
  addressPerMinute: 300,
  addressBurst: 300,
  maxTrackedAddresses: 20_000,
  maxConversations: 10_000,
  historyLength: 500,
  historyBytes: 256 * 1024,
  idleMs: 2 * 60 * 60 * 1000,
  maxPendingTurns: 50,
  sweepIntervalMs: 60_000,
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
}

export interface DirectLineService {
  router: express.Router;
  attach(server: http.Server): void;
  close(): void;
}

export function createDirectLineService(options: DirectLineOptions): DirectLineService {
  const { bot, outbox, config } = options;
  const limits: DirectLineLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const mountPath = options.mountPath ?? '/v3/directline';
  const logger = options.logger.child({ component: 'directline' });
  const pseudonym = (id: string): string => pseudonymise(config.logSalt, id);

  const tokens = new TokenService(config.directLineSecret, config.tokenTtlSeconds);
  const registry = new ConversationRegistry(limits);
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
  const turns = createTurnRunner({ bot, registry, logger, pseudonym });
  outbox.register(CHANNEL_ID, turns.deliver);

  const router = createDirectLineRouter({
    registry,
    tokens,
    turns,
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
    addressLimiter,
    isOriginAllowed: originPolicy(config.allowedOrigins),
    logger,
    pseudonym,
  });

  const sweeper = setInterval(() => {
    const expired = registry.sweep();
    addressLimiter.sweep();
    conversationLimiter.sweep();
    if (expired > 0) logger.info({ expired, open: registry.size }, 'idle conversations expired');
  }, limits.sweepIntervalMs);
  sweeper.unref();

  return {
    router,
    attach: (server) => streams.attach(server),
    close() {
      clearInterval(sweeper);
      streams.close();
      registry.clear();
      addressLimiter.clear();
      conversationLimiter.clear();
    },
  };
}
