/**
 * Runtime settings, read once from the environment. Every knob an operator may turn is here,
 * with the default that makes `npm start` work on a laptop.
 */
import path from 'node:path';
import crypto from 'node:crypto';

export interface Config {
  port: number;
  host: string;
  /** Public base URL printed at start and used for stream URLs when set (behind a proxy). */
  publicUrl?: string;
  dataDir: string;
  contentDir: string;
  profileId: string;
  /** Development mode: anonymous /api/messages on localhost, content file watching. */
  devMode: boolean;
  /** Secret that signs Direct Line tokens; random per process unless configured. */
  directLineSecret: string;
  tokenTtlSeconds: number;
  /** Origins allowed to embed the chat (CORS). '*' allows any. */
  allowedOrigins: string[];
  /** Secret for pseudonymising ids in logs. */
  logSalt: string;
  /** Token operators send as Bearer to POST /admin/content/reload. */
  adminToken?: string;
  /** Reload content when files change (development). */
  watchContent: boolean;
  logLevel: string;
  /** Azure Bot Service credentials for /api/messages; absent → only dev mode accepts anonymous. */
  botClientId?: string;
  /** Staff accounts of the console (`npm run staff:add` writes them). */
  staffFile: string;
  /** A console session ends after this many idle minutes. */
  staffSessionIdleMinutes: number;
  /** Outbound webhook for handoff events (a job centre's ticket system); off when no URL is set. */
  handoffWebhook?: { url: string; secret: string };
}

function list(value: string | undefined, fallback: string[]): string[] {
  if (!value) return fallback;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function int(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function webhookConfig(env: NodeJS.ProcessEnv): Config['handoffWebhook'] {
  const url = env.HANDOFF_WEBHOOK_URL;
  if (!url) return undefined;
  const secret = env.HANDOFF_WEBHOOK_SECRET ?? '';
  if (secret.length < 16) throw new Error('HANDOFF_WEBHOOK_SECRET (at least 16 characters) is required when HANDOFF_WEBHOOK_URL is set');
  if (!/^https?:\/\//.test(url)) throw new Error('HANDOFF_WEBHOOK_URL must be an http(s) URL');
  return { url, secret };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const devMode = env.NODE_ENV !== 'production';
  return {
    port: Number.parseInt(env.PORT ?? '', 10) >= 0 && env.PORT !== undefined && env.PORT !== '' ? Number.parseInt(env.PORT, 10) : 3978,
    host: env.HOST ?? (devMode ? '127.0.0.1' : '0.0.0.0'),
    publicUrl: env.PUBLIC_URL || undefined,
    dataDir: path.resolve(cwd, env.DATA_DIR ?? 'data'),
    contentDir: path.resolve(cwd, env.CONTENT_DIR ?? 'content'),
    profileId: env.PROFILE ?? 'musterstadt',
    devMode,
    directLineSecret: env.DIRECTLINE_SECRET ?? crypto.randomBytes(32).toString('hex'),
    tokenTtlSeconds: int(env.DIRECTLINE_TOKEN_TTL, 3600),
    allowedOrigins: list(env.ALLOWED_ORIGINS, ['*']),
    logSalt: env.LOG_SALT ?? crypto.randomBytes(16).toString('hex'),
    adminToken: env.ADMIN_TOKEN || undefined,
    watchContent: env.WATCH_CONTENT !== 'false' && env.NODE_ENV !== 'test',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    botClientId: env.clientId ?? env.MicrosoftAppId ?? undefined,
    staffFile: path.resolve(cwd, env.STAFF_FILE ?? path.join(env.DATA_DIR ?? 'data', 'staff.json')),
    staffSessionIdleMinutes: int(env.STAFF_SESSION_IDLE_MINUTES, 30),
    handoffWebhook: webhookConfig(env),
  };
}
