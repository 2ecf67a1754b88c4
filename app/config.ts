/**
 * Runtime settings, read once from the environment and validated with zod. Every knob an operator
 * may turn is here, with the default that makes `npm start` work on a laptop. A value that is set
 * but wrong stops the start with a message naming the variable — never a silent fallback — and
 * production (`NODE_ENV=production`) refuses to start without its secrets.
 */
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

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
  /** Secret that signs Direct Line tokens; random per process unless configured (required in production). */
  directLineSecret: string;
  tokenTtlSeconds: number;
  /** Origins allowed to embed the chat (CORS). '*' allows any. */
  allowedOrigins: string[];
  /** Secret for pseudonymising ids in logs and state keys (required in production). */
  logSalt: string;
  /** Token operators send as Bearer to POST /admin/content/reload (required in production). */
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
  /** PostgreSQL connection (DATABASE_URL): several instances share it; absent → the embedded SQLite store. */
  databaseUrl?: string;
  /** Schema of Lotse's tables in that database (DATABASE_SCHEMA, default `public`). */
  databaseSchema?: string;
  /** Outbound webhook for handoff events (a job centre's ticket system); off when no URL is set. */
  handoffWebhook?: { url: string; secret: string };
}

/** Thrown when the environment does not describe a runnable Lotse; the message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIN_SECRET = 16;

/** An unset or empty variable is "not set": operators blank a line in .env to use the default. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const positiveInt = z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().positive('must be greater than 0'));
const httpUrl = z.string().url('must be a URL').refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');
const secret = (name: string) => z.string().min(MIN_SECRET, `${name} must have at least ${MIN_SECRET} characters`);

const envSchema = z
  .object({
    NODE_ENV: optional(z.enum(['production', 'development', 'test'])),
    PORT: optional(z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().int().min(0).max(65535, 'must be at most 65535'))),
    HOST: optional(z.string().min(1)),
    PUBLIC_URL: optional(httpUrl),
    DATA_DIR: optional(z.string()),
    CONTENT_DIR: optional(z.string()),
    PROFILE: optional(z.string().regex(/^[a-z0-9_-]{1,60}$/, 'must be a profile id (a-z, 0-9, _ and -)')),
    DIRECTLINE_SECRET: optional(z.string()),
    DIRECTLINE_TOKEN_TTL: optional(positiveInt),
    ALLOWED_ORIGINS: optional(z.string()),
    LOG_SALT: optional(z.string()),
    ADMIN_TOKEN: optional(z.string()),
    WATCH_CONTENT: optional(z.enum(['true', 'false'])),
    LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
    clientId: optional(z.string()),
    MicrosoftAppId: optional(z.string()),
    STAFF_FILE: optional(z.string()),
    STAFF_SESSION_IDLE_MINUTES: optional(positiveInt),
    HANDOFF_WEBHOOK_URL: optional(httpUrl),
    HANDOFF_WEBHOOK_SECRET: optional(z.string()),
    DATABASE_SCHEMA: optional(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a schema name (a-z, 0-9 and _)')),
    DATABASE_URL: optional(z.string().url('must be a URL').refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// URL')),
  })
  .superRefine((env, ctx) => {
    const problem = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
    if (env.HANDOFF_WEBHOOK_URL && (env.HANDOFF_WEBHOOK_SECRET ?? '').length < MIN_SECRET) {
      problem('HANDOFF_WEBHOOK_SECRET', `HANDOFF_WEBHOOK_SECRET (at least ${MIN_SECRET} characters) is required when HANDOFF_WEBHOOK_URL is set`);
    }
    if (env.NODE_ENV !== 'production') return;
    // A random secret per process would end every conversation and every staff session on restart,
    // and a random salt makes pseudonymised ids useless across restarts: production names them.
    for (const [variable, value] of [['DIRECTLINE_SECRET', env.DIRECTLINE_SECRET], ['LOG_SALT', env.LOG_SALT], ['ADMIN_TOKEN', env.ADMIN_TOKEN]] as const) {
      if (!value) problem(variable, `${variable} is required in production`);
      else if (!secret(variable).safeParse(value).success) problem(variable, `${variable} must have at least ${MIN_SECRET} characters in production`);
    }
  });

function problems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    return issue.message.startsWith(variable) ? issue.message : `${variable}: ${issue.message}`;
  });
}

function list(value: string | undefined, fallback: string[]): string[] {
  if (!value) return fallback;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Reads and validates the environment; throws {@link ConfigError} naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problems(parsed.error));
  const e = parsed.data;
  const devMode = e.NODE_ENV !== 'production';
  const dataDir = e.DATA_DIR ?? 'data';
  return {
    port: e.PORT ?? 3978,
    host: e.HOST ?? (devMode ? '127.0.0.1' : '0.0.0.0'),
    publicUrl: e.PUBLIC_URL,
    dataDir: path.resolve(cwd, dataDir),
    contentDir: path.resolve(cwd, e.CONTENT_DIR ?? 'content'),
    profileId: e.PROFILE ?? 'musterstadt',
    devMode,
    directLineSecret: e.DIRECTLINE_SECRET ?? crypto.randomBytes(32).toString('hex'),
    tokenTtlSeconds: e.DIRECTLINE_TOKEN_TTL ?? 3600,
    allowedOrigins: list(e.ALLOWED_ORIGINS, ['*']),
    logSalt: e.LOG_SALT ?? crypto.randomBytes(16).toString('hex'),
    adminToken: e.ADMIN_TOKEN,
    watchContent: e.WATCH_CONTENT !== 'false' && e.NODE_ENV !== 'test',
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    botClientId: e.clientId ?? e.MicrosoftAppId,
    staffFile: path.resolve(cwd, e.STAFF_FILE ?? path.join(dataDir, 'staff.json')),
    staffSessionIdleMinutes: e.STAFF_SESSION_IDLE_MINUTES ?? 30,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    handoffWebhook: e.HANDOFF_WEBHOOK_URL ? { url: e.HANDOFF_WEBHOOK_URL, secret: e.HANDOFF_WEBHOOK_SECRET as string } : undefined,
  };
}
