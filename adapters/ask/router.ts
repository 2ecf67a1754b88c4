/**
 * POST /api/ask — the same answers for other surfaces (a website search box, a kiosk) as in the
 * chat: `{text, lang?, conversationId?}` → `{outcome, language, entryId?, text, suggestions, sources, validUntil?}`.
 * Stateless; rate-limited per client address; CORS by the same allow-list as the chat.
 */
import express from 'express';
import { replyForText } from '../../bot/answer';
import { isLanguage } from '../../content/model';
import type { Knowledge } from '../../bot/knowledge';
import { resolveLanguage } from '../../bot/signals/language';
import { hasWords } from '../../bot/nlu/normalize';
import { translator } from '../../bot/i18n';
import { cors } from '../directline/cors';
import { TokenBucketLimiter } from '../directline/rate-limit';
import { jsonErrorHandler, sendError } from '../httpErrors';

export interface AskOptions {
  knowledge: () => Knowledge;
  allowedOrigins: string[];
  perMinute?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

const MAX_TEXT = 5000;

const problem = sendError;
const BODY_LIMIT = '16kb';

export function createAskRouter(options: AskOptions): express.Router {
  const router = express.Router();
  const limiter = new TokenBucketLimiter({ perMinute: options.perMinute ?? 60, burst: 20, maxKeys: 10_000 });
  router.use('/api/ask', cors(options.allowedOrigins));
  router.post('/api/ask', express.json({ limit: BODY_LIMIT }), (req, res) => {
    const taken = limiter.take(req.ip ?? 'unknown');
    if (!taken.allowed) {
      res.setHeader('Retry-After', String(taken.retryAfterSeconds));
      problem(res, 429, 'TooManyRequests', 'Too many questions from this address; try again later.');
      return;
    }
    const body = req.body as { text?: unknown; lang?: unknown; conversationId?: unknown } | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(res, 400, 'BadRequest', 'Send a JSON object {"text": "...", "lang": "de"}.');
    if (typeof body.text !== 'string') return problem(res, 400, 'BadRequest', '"text" must be a string.');
    if (body.text.length > MAX_TEXT) return problem(res, 413, 'TooLong', `"text" may have at most ${MAX_TEXT} characters.`);
    if (body.lang !== undefined && !isLanguage(body.lang)) return problem(res, 400, 'UnsupportedLanguage', '"lang" is not a supported language code.');
    if (body.conversationId !== undefined && (typeof body.conversationId !== 'string' || body.conversationId.length > 128)) {
      return problem(res, 400, 'BadRequest', '"conversationId" must be a string of at most 128 characters.');
    }
    const now = options.now?.() ?? new Date();
    const knowledge = options.knowledge();
    const language = isLanguage(body.lang) ? body.lang : resolveLanguage(body.text, undefined, undefined).language;
    if (!hasWords(body.text)) {
      res.json({ outcome: 'nomatch', language, text: translator(language)('askAgainEmpty'), suggestions: [], sources: [] });
      return;
    }
    const reply = replyForText(knowledge, body.text, language, { now });
    res.json({
      outcome: reply.outcome,
      language: reply.language,
      ...(reply.entryId ? { entryId: reply.entryId } : {}),
      text: reply.text,
      suggestions: reply.suggestions,
      sources: reply.sources,
      ...(reply.validUntil ? { validUntil: reply.validUntil } : {}),
    });
  });
  router.use('/api/ask', jsonErrorHandler(options.onError ?? (() => {}), BODY_LIMIT));
  return router;
}
