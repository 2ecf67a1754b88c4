/**
 * Websocket streaming for Direct Line: `GET <mountPath>/conversations/:id/stream?t=<stream token>&watermark=N`
 * upgrades to a socket that first receives every activity after N, then each new batch as a
 * frame `{activities, watermark}`. The server pings every 30 s and drops sockets that do not
 * answer or that let too much unsent data pile up; the client then reconnects through
 * `GET conversations/:id?watermark=` and resumes without loss or repetition.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../app/logger';
import type { ActivityBatch, Conversation, ConversationRegistry } from './registry';
import { isConversationId, parseWatermark } from './registry';
import type { TokenBucketLimiter } from './rate-limit';
import { upgradeClientAddress } from './rate-limit';
import type { TokenService } from './tokens';

export interface StreamOptions {
  mountPath: string;
  registry: ConversationRegistry;
  tokens: TokenService;
  /** Stored conversations restored; upgrades wait for it. */
  ready: Promise<void>;
  loadHistory(conversation: Conversation): Promise<void>;
  addressLimiter: TokenBucketLimiter;
  isOriginAllowed(origin: string | undefined): boolean;
  logger: Logger;
  pseudonym(id: string): string;
  pingIntervalMs?: number;
  maxSocketsPerConversation?: number;
  maxBufferedBytes?: number;
}

export interface StreamServer {
  attach(server: http.Server): void;
  close(): void;
}

function refuse(socket: Duplex, status: number, reason: string, extraHeaders = ''): void {
  const body = JSON.stringify({ error: { code: 'StreamRefused', message: reason } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}Connection: close\r\n\r\n${body}`,
  );
}

export function createStreamServer(options: StreamOptions): StreamServer {
  const { registry, tokens, logger } = options;
  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  const maxSockets = options.maxSocketsPerConversation ?? 8;
  const maxBuffered = options.maxBufferedBytes ?? 1_000_000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const socketsByConversation = new Map<string, Set<WebSocket>>();
  const alive = new WeakSet<WebSocket>();
  const attached: Array<{ server: http.Server; listener: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void }> = [];
  const pathPattern = new RegExp(`^${options.mountPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/conversations/([^/]+)/stream$`);

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, pingIntervalMs);
  heartbeat.unref();

  function send(socket: WebSocket, batch: ActivityBatch): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBuffered) {
      // A client that does not read would make us hold its frames forever; it resumes by watermark.
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(batch));
  }

  function onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, server: http.Server): void {
    const url = new URL(req.url ?? '/', 'http://stream.invalid');
    const match = pathPattern.exec(url.pathname);
    if (!match) {
      // Leave other upgrade paths to other listeners; answer only if nobody else will.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'Not Found');
      return;
    }
    socket.on('error', () => socket.destroy());
    if (!options.isOriginAllowed(req.headers.origin)) return refuse(socket, 403, 'Forbidden');
    const limited = options.addressLimiter.take(upgradeClientAddress(req));
    if (!limited.allowed) return refuse(socket, 429, 'Too Many Requests', `Retry-After: ${limited.retryAfterSeconds}\r\n`);
    const conversationId = match[1];
    const check = tokens.verify(url.searchParams.get('t') ?? undefined, 'stream');
    if (!check.ok || check.conversationId !== conversationId) return refuse(socket, 403, 'Forbidden');
    const watermark = parseWatermark(url.searchParams.get('watermark') ?? undefined);
    if (watermark === undefined) return refuse(socket, 400, 'Bad Request');
    const open = socketsByConversation.get(conversationId);
    if (open && open.size >= maxSockets) return refuse(socket, 429, 'Too Many Requests', 'Retry-After: 5\r\n');
    options.ready
      .then(() => {
        const known = isConversationId(conversationId) ? registry.use(conversationId) : undefined;
        if (!known) return refuse(socket, 404, 'Not Found');
        return options.loadHistory(known).then(() => upgrade(req, socket, head, conversationId, watermark));
      })
      .catch(() => refuse(socket, 503, 'Service Unavailable'));
  }

  function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, watermark: number): void {
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The conversation may have expired while the handshake completed.
      const conversation = registry.use(conversationId);
      if (!conversation) {
        ws.close(1000, 'conversation ended');
        return;
      }
      alive.add(ws);
      const set = socketsByConversation.get(conversationId) ?? new Set<WebSocket>();
      set.add(ws);
      socketsByConversation.set(conversationId, set);
      const subscription = registry.subscribe(conversation, watermark, {
        deliver: (batch) => send(ws, batch),
        end: () => ws.close(1000, 'conversation ended'),
      });
      if (subscription.backlog.activities.length > 0) send(ws, subscription.backlog);
      ws.on('pong', () => alive.add(ws));
      ws.on('message', () => {
        // Clients send empty keep-alive frames: proof of life, content ignored. They do not keep
        // the conversation from expiring; only requests and posts do.
        alive.add(ws);
      });
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        subscription.unsubscribe();
        set.delete(ws);
        if (set.size === 0) socketsByConversation.delete(conversationId);
      });
      logger.debug({ conversation: options.pseudonym(conversationId), watermark }, 'stream opened');
    });
  }

  return {
    attach(server) {
      const listener = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => onUpgrade(req, socket, head, server);
      server.on('upgrade', listener);
      attached.push({ server, listener });
    },
    close() {
      clearInterval(heartbeat);
      for (const { server, listener } of attached.splice(0)) server.off('upgrade', listener);
      for (const socket of wss.clients) socket.terminate();
      socketsByConversation.clear();
      wss.close();
    },
  };
}
