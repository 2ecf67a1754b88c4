/**
 * Structured logs that never carry message text or personal data. Conversation and user ids
 * are pseudonymised with a keyed hash so that one conversation's lines can be followed without
 * the id itself appearing in the log.
 */
import crypto from 'node:crypto';
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['text', '*.text', 'activity', '*.activity', 'body', 'req.body', 'phone', '*.phone'], remove: true },
  });
}

/** Stable, non-reversible short id for logs. */
export function pseudonymise(salt: string, id: string): string {
  return crypto.createHmac('sha256', salt).update(id).digest('hex').slice(0, 12);
}
