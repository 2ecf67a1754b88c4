/**
 * The composition root: one express app with every surface mounted, and the HTTP server that
 * carries it (including Direct Line's websocket upgrades). Nothing here knows how a turn works.
 */
import http from 'node:http';
import express from 'express';
import type { ActivityJson, Bot } from '../bot/core/contracts';
import { ChannelOutbox } from '../bot/core/contracts';
import type { Config } from './config';
import type { Store } from '../bot/core/store';
import type { Logger } from './logger';
import { createDirectLineService } from '../adapters/directline/service';
import { createBotFrameworkEndpoint } from '../adapters/botframework/endpoint';
import { createWebRouter } from '../web/router';
import { jsonErrorHandler } from '../adapters/httpErrors';

export interface AppParts {
  config: Config;
  logger: Logger;
  bot: Bot;
  outbox: ChannelOutbox;
  /** Extra routers mounted before the web pages (e.g. /api/ask, /staff, /admin). */
  extraRouters?: express.Router[];
  /** Messages that must never be rate-limited (crisis: a citizen in danger is never told to wait). */
  exemptFromRateLimit?: (activity: ActivityJson) => boolean;
  /** Durable store for Direct Line conversations (survive a restart); memory when absent. */
  store?: Store;
  /** Readiness: /healthz answers 200 only when this returns true. */
  isReady?: () => boolean;
}

export interface RunningServer {
  app: express.Express;
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export function createApp(parts: AppParts): { app: express.Express; attach(server: http.Server): void; close(): void } {
  const { config, logger, bot, outbox } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpsOnly = parts.config.publicUrl?.startsWith('https:') ?? false;
  app.use((req, res, next) => {
    // Every response, JSON and files alike: browsers must not guess a type (a JSON error echoing input as HTML).
    res.set('X-Content-Type-Options', 'nosniff');
    // Behind an HTTPS proxy (X-Forwarded-Proto from a trusted hop) or with an https public URL.
    if (req.secure || httpsOnly) res.set('Strict-Transport-Security', 'max-age=31536000');
    next();
  });

  app.get('/healthz', (_req, res) => {
    if (parts.isReady && !parts.isReady()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    res.json({ status: 'ok' });
  });

  const directLine = createDirectLineService({ bot, outbox, config, logger, exemptFromRateLimit: parts.exemptFromRateLimit, store: parts.store });
  app.use('/v3/directline', directLine.router);
  app.use('/api/messages', createBotFrameworkEndpoint({ bot, config, logger }));
  for (const router of parts.extraRouters ?? []) app.use(router);
  app.use(createWebRouter({ config }));
  // Last resort for every route: a JSON envelope instead of express's HTML page (which shows a
  // stack in development and logs the error — with the start of a malformed body — in production).
  app.use(jsonErrorHandler((error) => logger.error({ error: (error as Error)?.name }, 'request failed'), 'the limit'));

  return {
    app,
    attach: (server) => directLine.attach(server),
    close: () => directLine.close(),
  };
}

/** Start listening; resolves with the chat page URL. */
export async function startServer(parts: AppParts): Promise<RunningServer> {
  const { app, attach, close } = createApp(parts);
  const server = http.createServer(app);
  attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(parts.config.port, parts.config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : parts.config.port;
  const host = parts.config.host === '0.0.0.0' ? 'localhost' : parts.config.host;
  const url = parts.config.publicUrl ?? `http://${host}:${port}/`;
  return {
    app,
    server,
    url,
    close: async () => {
      close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
