/**
 * The composition root: one express app with every surface mounted, and the HTTP server that
 * carries it (including Direct Line's websocket upgrades). Nothing here knows how a turn works.
 */
import http from 'node:http';
import express from 'express';
import type { ActivityJson, Bot } from '../bot/core/contracts';
import { ChannelOutbox } from '../bot/core/contracts';
import type { Config } from './config';
import type { Logger } from './logger';
import { createDirectLineService } from '../adapters/directline/service';
import { createBotFrameworkEndpoint } from '../adapters/botframework/endpoint';
import { createWebRouter } from '../web/router';

export interface AppParts {
  config: Config;
  logger: Logger;
  bot: Bot;
  outbox: ChannelOutbox;
  /** Extra routers mounted before the web pages (e.g. /api/ask, /staff, /admin). */
  extraRouters?: express.Router[];
  /** Messages that must never be rate-limited (crisis: a citizen in danger is never told to wait). */
  exemptFromRateLimit?: (activity: ActivityJson) => boolean;
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

  app.get('/healthz', (_req, res) => {
    if (parts.isReady && !parts.isReady()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    res.json({ status: 'ok' });
  });

  const directLine = createDirectLineService({ bot, outbox, config, logger, exemptFromRateLimit: parts.exemptFromRateLimit });
  app.use('/v3/directline', directLine.router);
  app.use('/api/messages', createBotFrameworkEndpoint({ bot, config, logger }));
  for (const router of parts.extraRouters ?? []) app.use(router);
  app.use(createWebRouter({ config }));

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
