/**
 * Structured logs that never carry message text or personal data. Conversation and user ids
 * are pseudonymised with a keyed hash so that one conversation's lines can be followed without
 * the id itself appearing in the log.
 */
import pino from 'pino';
import { redact } from '../bot/redact';

export type Logger = pino.Logger;

/** Error messages may quote input (a parser's "Unexpected token … in '{"phone": "0170…'"): masked, and cut short. */
function maskErrors(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value.slice(0, 500));
  if (!value || typeof value !== 'object' || depth > 3) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'stack' ? undefined : maskErrors(v, depth + 1)]));
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: { paths: ['text', '*.text', 'activity', '*.activity', 'body', 'req.body', 'phone', '*.phone'], remove: true },
    formatters: {
      log: (object) => {
        for (const key of ['err', 'error']) if (key in object) object[key] = maskErrors(object[key]);
        return object;
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export { pseudonymise } from '../bot/core/pseudonym';
