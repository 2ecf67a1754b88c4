/**
 * Operator endpoints, all behind `Authorization: Bearer <ADMIN_TOKEN>` (disabled when no token
 * is configured). Wrong tokens from one address meet growing waits (429 with Retry-After), so
 * the token cannot be guessed at network speed.
 *
 *   POST /admin/content/reload           swap in edited content without a restart
 *   GET  /admin/staff/lockouts           staff logins being throttled
 *   POST /admin/staff/unlock {username?} lift them (one account, or all)
 *   POST /admin/erase {conversationId}   erase everything about a conversation (bot/privacy/erasure.ts)
 */
import crypto from 'node:crypto';
import express from 'express';
import type { ContentService } from './contentService';
import { GrowingDelay, type DelayPolicy } from '../adapters/throttle';
import { jsonErrorHandler, sendError } from '../adapters/httpErrors';
import type { LoginThrottle } from '../adapters/staff/sessions';

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export const ADMIN_TOKEN_POLICY: DelayPolicy = { freeFailures: 5, baseMs: 2_000, maxMs: 60 * 60_000, forgetMs: 24 * 60 * 60_000 };

export interface AdminExtras {
  loginThrottle?: LoginThrottle;
  /** Erases a conversation (and its user) everywhere; resolves with what was removed. */
  erase?: (conversationId: string) => Promise<Record<string, number>>;
  now?: () => number;
}

export function createAdminRouter(content: ContentService, adminToken: string | undefined, extras: AdminExtras = {}): express.Router {
  const router = express.Router();
  const wrongTokens = new GrowingDelay(ADMIN_TOKEN_POLICY, extras.now);

  router.use('/admin', (req, res, next) => {
    const address = req.ip ?? 'unknown';
    const wait = wrongTokens.waitMs(address);
    if (wait > 0) {
      res.set('Retry-After', String(Math.ceil(wait / 1000)));
      return sendError(res, 429, 'TooManyAttempts', 'Too many wrong admin tokens from this address; try again later.');
    }
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!adminToken || !given || !sameSecret(given, adminToken)) {
      if (adminToken) wrongTokens.fail(address);
      return sendError(res, 401, 'Unauthorized', 'A valid admin token is required.');
    }
    wrongTokens.succeed(address);
    next();
  });
  router.use('/admin', express.json({ limit: '4kb' }));

  router.post('/admin/content/reload', (_req, res) => {
    const result = content.reload();
    res.status(result.ok ? 200 : 422).json(result);
  });

  router.get('/admin/staff/lockouts', (_req, res) => {
    res.json({ items: extras.loginThrottle?.lockouts() ?? [] });
  });

  router.post('/admin/staff/unlock', (req, res) => {
    const username = (req.body as { username?: unknown } | undefined)?.username;
    if (username !== undefined && typeof username !== 'string') return sendError(res, 400, 'BadRequest', 'username must be a string.');
    res.json({ lifted: extras.loginThrottle?.unlock(username?.trim().toLowerCase()) ?? 0 });
  });

  router.post('/admin/erase', async (req, res) => {
    const id = (req.body as { conversationId?: unknown } | undefined)?.conversationId;
    if (typeof id !== 'string' || !id || id.length > 200) return sendError(res, 400, 'BadRequest', 'conversationId (a string) is required.');
    if (!extras.erase) return sendError(res, 501, 'NotConfigured', 'Erasure is not available.');
    res.json({ erased: await extras.erase(id) });
  });

  router.use('/admin', (_req, res) => sendError(res, 404, 'NotFound', 'Unknown admin endpoint.'));
  router.use('/admin', jsonErrorHandler(() => {}, '4kb'));
  return router;
}
