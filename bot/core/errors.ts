/**
 * The error registry: every error Lotse reports on purpose has a code, a family (so metrics and
 * alerts aggregate), the citizen-safe message key (`bot/locales/<lang>.json`) a citizen sees when
 * it ends their turn, and whether its message may be logged. Messages of errors that arise while
 * handling a citizen's turn may quote what the citizen wrote, so logs carry the code, the class
 * and stack frames only ({@link errorForLog}) — never `error.message`.
 */

export const ERRORS = {
  /** Anything unexpected inside a turn: the citizen gets the apology, state stays as it was. */
  'turn.failed': { family: 'error_turn', citizenKey: 'apology' },
  /** Another turn of the same conversation committed first, also after the retry. */
  'turn.conflict': { family: 'error_turn', citizenKey: 'apology' },
  /** The store refused or failed the turn's commit (disk full, closed, corrupt). */
  'store.unavailable': { family: 'error_store', citizenKey: 'apology' },
  /** No content could be loaded (the apology then goes out without the phone number). */
  'content.unavailable': { family: 'error_content', citizenKey: 'apologyShort' },
  /** A channel handed over something that is not an activity the core can read. */
  'input.invalid': { family: 'guardrails_input', citizenKey: 'apology' },
} as const satisfies Record<string, { family: string; citizenKey: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error with a registry code. Its message is for developers and is never logged. */
export class LotseError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LotseError';
  }
}

/** The registry code of any error (unknown errors inside a turn are `turn.failed`). */
export function errorCode(error: unknown, fallback: ErrorCode = 'turn.failed'): ErrorCode {
  return error instanceof LotseError ? error.code : fallback;
}

/** The message key a citizen sees for this error. */
export function citizenMessageKey(error: unknown, fallback: ErrorCode = 'turn.failed'): string {
  return ERRORS[errorCode(error, fallback)].citizenKey;
}

/** Error details safe for logs: code, class and stack frames, never the message (it may quote citizen text). */
export function errorForLog(error: unknown, fallback?: ErrorCode): { code?: ErrorCode; name: string; frames?: string } {
  if (!(error instanceof Error)) return { name: typeof error, ...(fallback ? { code: fallback } : {}) };
  const code = error instanceof LotseError ? error.code : fallback;
  return { ...(code ? { code } : {}), name: error.name, frames: error.stack?.split('\n').slice(1, 6).join('\n') };
}
