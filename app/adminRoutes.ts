/**
 * Operator endpoints. POST /admin/content/reload swaps in edited content without a restart;
 * it requires `Authorization: Bearer <ADMIN_TOKEN>` and is disabled when no token is configured.
 */
import crypto from 'node:crypto';
import express from 'express';
import type { ContentService } from './contentService';

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function createAdminRouter(content: ContentService, adminToken: string | undefined): express.Router {
  const router = express.Router();
  router.post('/admin/content/reload', (req, res) => {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!adminToken || !given || !sameSecret(given, adminToken)) {
      res.status(401).json({ error: { code: 'Unauthorized', message: 'A valid admin token is required.' } });
      return;
    }
    const result = content.reload();
    res.status(result.ok ? 200 : 422).json(result);
  });
  return router;
}
