/**
 * Builds everything the server needs from a Config: store, content, bot, outbox, routes.
 * Tests call this with a temporary data dir and port 0.
 */
import { ChannelOutbox } from '../bot/core/contracts';
import { LotseBot } from '../bot/lotseBot';
import { sweepAbandonedFlows } from '../bot/flows/stats';
import { crisisExemption } from '../adapters/channels/crisisExemption';
import { SqliteStore } from '../adapters/store/sqlite';
import { PostgresStore } from '../adapters/store/postgres';
import type { Store } from '../bot/core/store';
import { errorForLog } from '../bot/core/errors';
import { StateKeys } from '../bot/core/keys';
import { createAskRouter } from '../adapters/ask/router';
import { StaffAccounts } from '../adapters/staff/accounts';
import { createStaffRouter } from '../adapters/staff/router';
import { LoginThrottle } from '../adapters/staff/sessions';
import { eraseConversation } from '../bot/privacy/erasure';
import { ACTIVITIES as DIRECTLINE_ACTIVITIES, CONVERSATIONS as DIRECTLINE_CONVERSATIONS } from '../adapters/directline/journal';
import { FEEDBACK_COLLECTIONS } from '../bot/feedback';
import { HandoffDesk } from '../bot/handoff/desk';
import { WebhookNotifier } from '../bot/handoff/webhook';
import type { Config } from './config';
import { ContentService } from './contentService';
import { createAdminRouter } from './adminRoutes';
import { createLogger, pseudonymise, type Logger } from './logger';
import type { AppParts } from './server';

export interface Lotse extends AppParts {
  content: ContentService;
  store: Store;
  /** The staff queue behind the console and the bot's handoff. */
  handoff: HandoffDesk;
  webhook?: WebhookNotifier;
  shutdown(): Promise<void>;
}

export interface BootstrapOptions {
  /** The clock of the bot and the staff queue (tests fix it to a time in or out of office hours). */
  now?: () => Date;
}

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** DATABASE_URL selects PostgreSQL (migrated at start under an advisory lock); else the embedded SQLite store. */
async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.databaseUrl) {
    return PostgresStore.open({
      connectionString: config.databaseUrl,
      schema: config.databaseSchema,
      onConnectionError: (error, attempt) => logger.warn({ error: errorForLog(error), attempt }, 'database connection lost or refused; retrying'),
    });
  }
  return SqliteStore.open(config.dataDir, {
    onImport: (collection, items) => logger.info({ collection, items }, 'lowdb collection imported into the SQLite store; old file moved aside'),
    onLeftover: (file) => logger.warn({ file }, 'temporary file left by an interrupted write deleted'),
  });
}

export async function bootstrap(config: Config, logger: Logger = createLogger(config.logLevel), store?: Store, options: BootstrapOptions = {}): Promise<Lotse> {
  const content = ContentService.start(config.contentDir, config.profileId, logger, config.dataDir);
  if (config.devMode && config.watchContent) content.watch();
  const db = store ?? (await openStore(config, logger));
  // With PostgreSQL, /healthz answers 503 while the database cannot be reached (checked every 5 s).
  const dbCheck = db instanceof PostgresStore ? setInterval(() => void db.ping(), 5000).unref() : undefined;
  const outbox = new ChannelOutbox();
  const pseudonym = (id: string): string => pseudonymise(config.logSalt, id);
  const knowledge = () => content.current();
  // Conversation and user keys in the store: scoped by channel, pseudonymised with LOG_SALT.
  const keys = new StateKeys(config.logSalt);
  const webhook = config.handoffWebhook && new WebhookNotifier(db, config.handoffWebhook, logger.child({ component: 'webhook' }), options.now);
  const handoff = new HandoffDesk({ store: db, outbox, knowledge, logger: logger.child({ component: 'handoff' }), pseudonym, now: options.now, webhook: webhook || undefined, keys });
  handoff.start();
  if (webhook) void webhook.deliverDue();
  const nowMs = options.now && ((): number => (options.now as () => Date)().getTime());
  const loginThrottle = new LoginThrottle(undefined, nowMs);
  const staffRouter = createStaffRouter({
    loginThrottle,
    deviceKey: config.logSalt,
    desk: handoff,
    accounts: new StaffAccounts(config.staffFile),
    logger: logger.child({ component: 'staff' }),
    pseudonym,
    webhook: webhook || undefined,
    sessionIdleMinutes: config.staffSessionIdleMinutes,
    publicUrl: config.publicUrl,
    now: options.now && (() => (options.now as () => Date)().getTime()),
  });
  // Erasure on request also clears what the channels keep (the Direct Line history) and the feedback inbox.
  const erasableCollections = [DIRECTLINE_CONVERSATIONS, DIRECTLINE_ACTIVITIES, FEEDBACK_COLLECTIONS.inbox];
  const bot = new LotseBot({ knowledge, store: db, logger, pseudonym, now: options.now, handoff, keys, erasableCollections });
  const sweeper = setInterval(() => {
    db.sweep().then(
      (removed) => removed > 0 && logger.info({ removed }, 'expired data deleted'),
      (error: unknown) => logger.error({ error: errorForLog(error) }, 'sweep failed'),
    );
    // Guided flows left alone for 24 h are counted as abandoned at their step (aggregated counts only).
    sweepAbandonedFlows(db, content.current().snapshot, options.now?.()).then(
      (abandoned) => abandoned > 0 && logger.info({ abandoned }, 'idle guided flows counted as abandoned'),
      (error: unknown) => logger.error({ error: errorForLog(error) }, 'flow sweep failed'),
    );
  }, SWEEP_EVERY_MS);
  sweeper.unref();
  void db.sweep();
  return {
    config,
    logger,
    bot,
    outbox,
    content,
    store: db,
    handoff,
    webhook: webhook || undefined,
    extraRouters: [createAskRouter({ knowledge: () => content.current(), allowedOrigins: config.allowedOrigins }), createAdminRouter(content, config.adminToken, { loginThrottle, now: nowMs, erase: (conversationId) => eraseConversation(db, { conversationId }, { now: options.now?.(), keys, channels: ['directline', 'msteams', 'webchat', 'emulator'], extraCollections: erasableCollections }) }), staffRouter],
    exemptFromRateLimit: crisisExemption(knowledge),
    isReady: () => !(db instanceof PostgresStore) || db.reachable,
    shutdown: async () => {
      clearInterval(sweeper);
      clearInterval(dbCheck);
      handoff.stop();
      if (webhook) webhook.close();
      content.close();
      await db.close();
    },
  };
}
