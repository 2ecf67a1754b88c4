/**
 * JSON error answers shared by every HTTP adapter: `{"error": {"code", "message"}}`, and one
 * error handler that turns body-parser failures (too large, not JSON) into 413/400 instead of
 * express's HTML page, logging only what is unexpected — and never the body: body-parser's
 * SyntaxError quotes the start of the body, which may be a password.
 */
import type { ErrorRequestHandler, Response } from 'express';

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function jsonErrorHandler(onUnexpected: (error: unknown) => void, bodyLimit: string): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.too.large') return sendError(res, 413, 'PayloadTooLarge', `The request body exceeds ${bodyLimit}.`);
    if (type === 'entity.parse.failed') return sendError(res, 400, 'BadJson', 'The request body is not valid JSON.');
    // The Agents SDK validates activities with zod: a wrong type is the sender's mistake, not ours.
    if ((error as { name?: unknown } | null)?.name === 'ZodError') return sendError(res, 400, 'InvalidActivity', 'The request body has fields of the wrong type.');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') return sendError(res, 415, 'UnsupportedEncoding', 'Unsupported body encoding.');
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(res, status, 'BadRequest', 'The request could not be read.');
    onUnexpected(error);
    sendError(res, 500, 'InternalError', 'Something went wrong.');
  };
}

/** A cookie's value, or undefined when it is absent or not valid percent-encoding (`%E0%A4%A`). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
