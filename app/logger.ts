/**
 * Structured logs that never carry message text or personal data. Conversation and user ids
 * are pseudonymised with a keyed hash so that one conversation's lines can be followed without
 * the id itself appearing in the log.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['text', '*.text', 'activity', '*.activity', 'body', 'req.body', 'phone', '*.phone'], remove: true },
  });
}

export { pseudonymise } from '../bot/core/pseudonym';
