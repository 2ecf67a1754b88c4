/**
 * The staff console at /staff: its pages (web/staff, plain HTML/JS, German via i18next) and the
 * JSON API they use. The routes only check who is asking and translate HTTP to the handoff desk
 * (bot/handoff/desk.ts), which does the work.
 *
 * Security: login with scrypt-hashed accounts (accounts.ts) and lockout after repeated failures;
 * the session is an httpOnly, SameSite=Strict cookie limited to /staff (Secure over HTTPS);
 * every state-changing request needs the session's CSRF token in `X-CSRF-Token`, a JSON body and,
 * if the browser sends one, an Origin of this host. The staff member acting is always the
 * session's — ids in request bodies are ignored.
 *
 *   GET  /staff/api/session                 who am I, CSRF token (401 when logged out/expired)
 *   POST /staff/api/login {username,password}
 *   POST /staff/api/logout
 *   GET  /staff/api/queue                   the queue (also marks me online)
 *   POST /staff/api/presence {available}
 *   POST /staff/api/heartbeat {leaving?}    the console is open (every 15 s); `leaving` when the tab closes
 *   GET  /staff/api/cases/:id               one case with its transcript (after consent)
 *   POST /staff/api/cases/:id/claim {etag}
 *   POST /staff/api/cases/:id/reply {text} | {quickText}
 *   POST /staff/api/cases/:id/handback
 *   POST /staff/api/cases/:id/close {outcome}
 *   GET  /staff/api/quick-texts?case=<id>|?language=<lang>   the library, German + the citizen's language
 *   GET  /staff/api/webhooks                undelivered webhook events
 *   GET  /staff/api/webhook/dead-letters    events given up on after hours of retries (admin accounts only)
 *   POST /staff/api/webhooks/:id/retry
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { isCaseId, type HandoffDesk } from '../../bot/handoff/desk';
import { isLanguage, type Language } from '../../content/model';
import { HandoffError, STAFF_OUTCOMES, type HandoffLogger, type Outcome, type StaffRef } from '../../bot/handoff/model';
import type { WebhookNotifier } from '../../bot/handoff/webhook';
import { translator } from '../../bot/i18n';
import { jsonErrorHandler, readCookie as readCookieHeader, sendError } from '../httpErrors';
import { isAdmin, StaffAccounts } from './accounts';
import { DeviceCookies, LoginThrottle, sameToken, SessionStore, type StaffSession } from './sessions';

export const COOKIE = 'lotse_staff';
/** The "usual browser" cookie: lets its staff member log in while others guess her password. */
export const DEVICE_COOKIE = 'lotse_staff_device';
const DEVICE_MAX_AGE_SECONDS = 180 * 86400;

export interface StaffRouterOptions {
  desk: HandoffDesk;
  accounts: StaffAccounts;
  logger: Pick<HandoffLogger, 'info' | 'warn'>;
  pseudonym: (id: string) => string;
  webhook?: WebhookNotifier;
  /** Idle and absolute session lifetime. */
  sessionIdleMinutes?: number;
  sessionMaxHours?: number;
  /** Login throttling; pass one in to let admins see and lift lockouts (app/adminRoutes.ts). */
  loginThrottle?: LoginThrottle;
  /** Key for usual-browser cookies (they survive a restart when it is stable); random when absent. */
  deviceKey?: string;
  /** Public URL (https → Secure cookies even behind a proxy that does not say so). */
  publicUrl?: string;
  now?: () => number;
}

/** The folder with the console's pages, from the sources or from dist/. */
function staffWebDir(): string {
  const candidates = [path.resolve(__dirname, '..', '..', 'web'), path.resolve(__dirname, '..', '..', '..', 'web')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'staff', 'index.html')));
  if (!found) throw new Error(`web/staff/index.html not found near ${__dirname}`);
  return found;
}

function readCookie(req: express.Request, name: string): string | undefined {
  return readCookieHeader(req.headers.cookie, name);
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type Authed = express.Request & { staff?: StaffSession; staffToken?: string };

function staffRef(session: StaffSession): StaffRef {
  return { id: session.staffId, displayName: session.displayName };
}

const fail = sendError;

const ERROR_STATUS: Record<HandoffError['code'], number> = { not_found: 404, conflict: 409, closed: 409, not_yours: 403, gone: 410, left: 409, invalid: 400 };

export function createStaffRouter(options: StaffRouterOptions): express.Router {
  const { desk, accounts, logger, webhook } = options;
  const now = options.now ?? Date.now;
  const limits = { idleMs: (options.sessionIdleMinutes ?? 30) * 60_000, maxAgeMs: (options.sessionMaxHours ?? 12) * 3_600_000 };
  const sessions = new SessionStore(limits, now);
  const throttle = options.loginThrottle ?? new LoginThrottle(undefined, now);
  const devices = new DeviceCookies(options.deviceKey);
  const root = staffWebDir();
  const pages = path.join(root, 'staff');
  const localeFile = path.join(root, 'locales', 'staff.de.json');
  const nowDate = (): Date => new Date(now());

  const router = express.Router();

  router.use('/staff', (_req, res, next) => {
    res.set({
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    });
    next();
  });

  const page: express.RequestHandler = (_req, res) => res.type('html').sendFile(path.join(pages, 'index.html'));
  router.get('/staff', page);
  router.get('/staff/', page);
  router.get('/staff/staff.js', (_req, res) => res.type('js').sendFile(path.join(pages, 'staff.js')));
  router.get('/staff/staff.css', (_req, res) => res.type('css').sendFile(path.join(pages, 'staff.css')));
  router.get('/staff/locales/de.json', (_req, res) => res.type('json').sendFile(localeFile));

  const api = express.Router();
  api.use(express.json({ limit: '16kb' }));

  const secure = (req: express.Request): boolean => req.secure || (options.publicUrl?.startsWith('https:') ?? false);
  const setCookie = (req: express.Request, res: express.Response, token: string, maxAgeSeconds: number, name = COOKIE): void => {
    const flags = [`${name}=${token}`, 'Path=/staff', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
    if (secure(req)) flags.push('Secure');
    res.append('Set-Cookie', flags.join('; '));
  };

  /** State-changing requests: JSON only, and from this host when the browser names an origin. */
  const sameOrigin: express.RequestHandler = (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const origin = req.get('origin');
    if (origin) {
      let host = '';
      try {
        host = new URL(origin).host;
      } catch {
        // not a URL
      }
      if (host !== req.get('host')) return fail(res, 403, 'forbidden_origin', 'Anfrage von einer fremden Seite abgelehnt.');
    }
    if (!req.is('application/json')) return fail(res, 415, 'json_required', 'Bitte als JSON senden.');
    next();
  };
  api.use(sameOrigin);

  api.post('/login', async (req, res) => {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const name = typeof body.username === 'string' ? body.username.trim().toLowerCase().slice(0, 60) : '';
    const address = req.ip ?? 'unknown';
    const device = devices.verify(readCookie(req, DEVICE_COOKIE), name);
    const wait = throttle.waitMs(name, address, device);
    if (wait > 0) {
      res.set('Retry-After', String(Math.ceil(wait / 1000)));
      logger.warn({ staff: options.pseudonym(name) }, 'staff login refused: throttled');
      return fail(res, 429, 'locked', `Zu viele Fehlversuche. Bitte warten Sie ${Math.ceil(wait / 60_000)} Minuten.`);
    }
    const account = await accounts.authenticate(name, body.password);
    if (!account) {
      throttle.fail(name, address, device);
      logger.warn({ staff: options.pseudonym(name) }, 'staff login failed');
      return fail(res, 401, 'login_failed', 'Anmeldung fehlgeschlagen. Bitte prüfen Sie Benutzername und Passwort.');
    }
    throttle.succeed(name, address, device);
    // A new session on every login (no fixation); an old cookie of this browser ends.
    sessions.destroy(readCookie(req, COOKIE));
    const { token, session } = sessions.create(account.username, account.displayName, isAdmin(account));
    setCookie(req, res, token, Math.floor(limits.maxAgeMs / 1000));
    if (!device) setCookie(req, res, devices.issue(account.username), DEVICE_MAX_AGE_SECONDS, DEVICE_COOKIE);
    desk.presence.touch(session.staffId, nowDate());
    logger.info({ staff: options.pseudonym(account.username) }, 'staff logged in');
    res.json({ staff: staffRef(session), csrf: session.csrf });
  });

  /** Every other API route needs a live session; every change needs its CSRF token. */
  api.use((req: Authed, res, next) => {
    const token = readCookie(req, COOKIE);
    const session = sessions.get(token);
    if (!session) {
      if (token) setCookie(req, res, '', 0);
      return fail(res, 401, 'session_expired', 'Bitte melden Sie sich (erneut) an.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const given = req.get('x-csrf-token') ?? '';
      if (!given || !sameToken(given, session.csrf)) return fail(res, 403, 'csrf', 'Sicherheitsprüfung fehlgeschlagen. Bitte laden Sie die Seite neu.');
    }
    req.staff = session;
    req.staffToken = token;
    next();
  });

  const me = (req: Authed): StaffSession => req.staff as StaffSession;

  api.get('/session', (req: Authed, res) => {
    const session = me(req);
    res.json({ staff: staffRef(session), csrf: session.csrf, available: desk.presence.isAvailable(session.staffId) });
  });

  api.post('/logout', (req: Authed, res) => {
    const session = me(req);
    sessions.destroy(req.staffToken);
    if (!sessions.hasSession(session.staffId)) desk.presence.leave(session.staffId);
    setCookie(req, res, '', 0);
    res.status(204).end();
  });

  api.post('/presence', (req: Authed, res) => {
    const available = (req.body as { available?: unknown }).available === true;
    desk.presence.setAvailable(me(req).staffId, available, nowDate());
    res.json({ available });
  });

  /**
   * The console's heartbeat: live chat is offered only while a console is open. A closed tab says
   * so on its way out (`leaving`); a crashed browser simply stops beating and drops out after
   * ONLINE_WINDOW_MS. Another tab of the same person beats again within seconds.
   */
  api.post('/heartbeat', (req: Authed, res) => {
    const session = me(req);
    if ((req.body as { leaving?: unknown }).leaving === true) desk.presence.away(session.staffId);
    else desk.presence.touch(session.staffId, nowDate());
    res.json({ staffOnline: desk.presence.online(nowDate()), available: desk.presence.isAvailable(session.staffId) });
  });

  api.get('/queue', async (req: Authed, res) => {
    const session = me(req);
    desk.presence.touch(session.staffId, nowDate());
    const [items, undelivered] = await Promise.all([desk.queue(), webhook ? webhook.undelivered() : Promise.resolve([])]);
    res.json({
      now: nowDate().toISOString(),
      staffOnline: desk.presence.online(nowDate()),
      available: desk.presence.isAvailable(session.staffId),
      webhookFailures: undelivered.filter((d) => d.status === 'failed').length,
      items: items.map((i) => ({ ...i, case: publicCase(i.case) })),
    });
  });

  const caseRoute = (handler: (req: Authed, res: express.Response, id: string) => Promise<void>): express.RequestHandler => {
    return async (req: Authed, res) => {
      const id = req.params.id;
      try {
        await handler(req, res, typeof id === 'string' ? id : '');
      } catch (error) {
        if (error instanceof HandoffError) return fail(res, ERROR_STATUS[error.code], error.code, error.message);
        throw error;
      }
    };
  };

  api.get(
    '/cases/:id',
    caseRoute(async (req, res, id) => {
      const view = await desk.view(id, staffRef(me(req)));
      res.json({ ...view, case: publicCase(view.case) });
    }),
  );

  api.post(
    '/cases/:id/claim',
    caseRoute(async (req, res, id) => {
      const etag = (req.body as { etag?: unknown }).etag;
      const claimed = await desk.claim(id, staffRef(me(req)), typeof etag === 'string' ? etag : undefined);
      res.json({ case: publicCase(claimed) });
    }),
  );

  api.post(
    '/cases/:id/reply',
    caseRoute(async (req, res, id) => {
      const body = req.body as { text?: unknown; quickText?: unknown };
      if (typeof body.quickText === 'string') await desk.quickText(id, staffRef(me(req)), body.quickText);
      else await desk.reply(id, staffRef(me(req)), typeof body.text === 'string' ? body.text : '');
      res.status(204).end();
    }),
  );

  api.post(
    '/cases/:id/handback',
    caseRoute(async (req, res, id) => {
      res.json({ case: publicCase(await desk.handBack(id, staffRef(me(req)))) });
    }),
  );

  api.post(
    '/cases/:id/close',
    caseRoute(async (req, res, id) => {
      const outcome = (req.body as { outcome?: unknown }).outcome;
      if (!STAFF_OUTCOMES.includes(outcome as Outcome)) throw new HandoffError('invalid', 'Bitte wählen Sie ein Ergebnis.');
      res.json({ case: publicCase(await desk.close(id, staffRef(me(req)), outcome as Outcome)) });
    }),
  );

  /**
   * The job centre's quick-text library: German for staff, and each text in the citizen's
   * language (`?case=<id>`) or a given one (`?language=uk`), marked when no translation exists.
   */
  api.get('/quick-texts', async (req, res) => {
    const caseId = typeof req.query.case === 'string' ? req.query.case : undefined;
    let language: Language = 'de';
    if (caseId !== undefined) {
      const item = isCaseId(caseId) ? await desk.read(caseId) : undefined;
      if (!item) return fail(res, 404, 'not_found', 'Diese Anfrage gibt es nicht.');
      language = item.value.language;
    } else if (req.query.language !== undefined) {
      if (!isLanguage(req.query.language)) return fail(res, 400, 'invalid', 'Unbekannte Sprache.');
      language = req.query.language;
    }
    res.json({ language, items: desk.quickTexts(language) });
  });

  api.get('/webhooks', async (_req, res) => {
    res.json({ configured: Boolean(webhook), items: webhook ? await webhook.undelivered() : [] });
  });

  /** Events given up on after hours of retries (admins only: they name cases and receiver errors). */
  api.get('/webhook/dead-letters', async (req: Authed, res) => {
    if (!me(req).admin) return fail(res, 403, 'admin_only', 'Nur für Administratorinnen und Administratoren.');
    res.json({ configured: Boolean(webhook), items: webhook ? await webhook.deadLetters() : [] });
  });

  api.post('/webhooks/:id/retry', async (req, res) => {
    const ok = webhook ? await webhook.retry(String(req.params.id)) : false;
    if (!ok) return fail(res, 404, 'not_found', 'Dieses Ereignis gibt es nicht oder es wurde schon zugestellt.');
    res.status(202).json({ retried: true });
  });

  router.use('/staff/api', api);
  router.use('/staff/api', (_req, res) => fail(res, 404, 'not_found', 'Unbekannte Adresse.'));
  router.use('/staff/api', jsonErrorHandler((error) => logger.warn({ error: (error as Error)?.name }, 'staff api request failed'), '16kb'));
  return router;
}

/** The case without the citizen's channel routing (the console needs the channel id only). */
function publicCase<T extends { address: { channelId: string } }>(c: T): Omit<T, 'address'> & { channel: string } {
  const { address, ...rest } = c;
  return { ...rest, channel: address.channelId };
}
