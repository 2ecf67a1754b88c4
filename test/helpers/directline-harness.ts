/**
 * A real HTTP server on 127.0.0.1:0 with Lotse's channel layer (Direct Line at /v3/directline,
 * Bot Framework at /api/messages) around a stub Bot, and small REST helpers for the tests.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { ChannelOutbox, type ActivityJson, type Bot, type ConversationAddress } from '../../bot/core/contracts';
import { loadConfig, type Config } from '../../app/config';
import { createDirectLineService, type DirectLineOptions } from '../../adapters/directline/service';
import { createBotFrameworkEndpoint } from '../../adapters/botframework/endpoint';

export interface BotCall {
  activity: ActivityJson;
  address: ConversationAddress;
}

/** Replies "reply: <text>"; text "boom" throws, "reject" rejects, "slow:<ms>" waits first. */
export function stubBot(calls: BotCall[] = []): Bot & { calls: BotCall[] } {
  return {
    calls,
    async onActivity(activity, address) {
      calls.push({ activity, address });
      const text = typeof activity.text === 'string' ? activity.text : '';
      if (text === 'boom') throw new Error(`bot exploded on ${text}`);
      if (text === 'reject') return Promise.reject(new TypeError('rejected'));
      const slow = /^slow:(\d+)/.exec(text);
      if (slow) await new Promise((resolve) => setTimeout(resolve, Number(slow[1])));
      if (activity.type !== 'message') return { activities: [] };
      return { activities: [{ type: 'message', text: `reply: ${text}`, locale: 'de' }] };
    },
  };
}

/** A Config as loadConfig builds it for tests (so it follows changes to Config), plus overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ NODE_ENV: 'test', PORT: '0', DIRECTLINE_SECRET: 'test-secret-0123456789abcdef', LOG_SALT: 'test-salt' }, '/nonexistent');
  return { ...base, devMode: true, botClientId: undefined, allowedOrigins: ['*'], ...overrides };
}

export interface Harness {
  base: string;
  /** The Direct Line domain for botframework-directlinejs. */
  domain: string;
  server: http.Server;
  bot: Bot;
  outbox: ChannelOutbox;
  config: Config;
  /** Every JSON log line the channel layer wrote. */
  logs: string[];
  /** Server-side sockets of websocket upgrades, to simulate network drops. */
  upgrades: Duplex[];
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    bot?: Bot;
    config?: Partial<Config>;
    directLine?: Pick<DirectLineOptions, 'exemptFromRateLimit' | 'limits' | 'store'>;
  } = {},
): Promise<Harness> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'debug', base: undefined }, sink);
  const config = testConfig(options.config);
  const bot = options.bot ?? stubBot();
  const outbox = new ChannelOutbox();
  const app = express();
  app.set('trust proxy', 'loopback');
  const directLine = createDirectLineService({ bot, outbox, config, logger, ...options.directLine });
  app.use('/v3/directline', directLine.router);
  app.use('/api/messages', createBotFrameworkEndpoint({ bot, config, logger }));
  const server = http.createServer(app);
  directLine.attach(server);
  const upgrades: Duplex[] = [];
  server.on('upgrade', (_req, socket: Duplex) => upgrades.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    domain: `${base}/v3/directline`,
    server,
    bot,
    outbox,
    config,
    logs,
    upgrades,
    async close() {
      directLine.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON of any shape
  body: any;
}

/** fetch with a JSON body (or a raw string), returning the parsed JSON answer. */
export async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.raw !== undefined || init.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = init.raw ?? JSON.stringify(init.body);
  }
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Starts a conversation over REST; returns its id and token. */
export async function startConversation(h: Harness, headers: Record<string, string> = {}): Promise<{ id: string; token: string; streamUrl: string }> {
  const res = await call(`${h.domain}/conversations`, { method: 'POST', headers });
  if (res.status !== 201) throw new Error(`start failed: ${res.status}`);
  return { id: res.body.conversationId, token: res.body.token, streamUrl: res.body.streamUrl };
}

export function message(text: string, userId = 'user-1'): ActivityJson {
  return { type: 'message', text, from: { id: userId, name: 'Test' }, locale: 'de-DE' } as ActivityJson;
}

export async function post(h: Harness, conversation: { id: string; token: string }, activity: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return call(`${h.domain}/conversations/${conversation.id}/activities`, { token: conversation.token, body: activity, headers });
}
