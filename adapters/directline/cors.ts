/**
 * CORS for embedding the chat on other sites: an allow-list of origins (`*` = any). Preflights
 * from allowed origins get 204 with the methods and headers botframework-directlinejs uses;
 * others get 403. Retry-After is exposed so a browser client can read it on a 429.
 */
import type { RequestHandler } from 'express';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, x-requested-with, x-ms-bot-agent';

function normalise(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

export function originPolicy(allowedOrigins: string[]): (origin: string | undefined) => boolean {
  const any = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins.map(normalise));
  // Requests without an Origin header do not come from a cross-origin browser context.
  return (origin) => origin === undefined || any || allowed.has(normalise(origin));
}

export function cors(allowedOrigins: string[]): RequestHandler {
  const any = allowedOrigins.includes('*');
  const isAllowed = originPolicy(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!any) res.vary('Origin');
    const allowed = isAllowed(origin);
    if (origin !== undefined && allowed) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (req.method !== 'OPTIONS') return next();
    if (!allowed) {
      res.status(403).json({ error: { code: 'OriginNotAllowed', message: 'This origin may not embed the chat.' } });
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
