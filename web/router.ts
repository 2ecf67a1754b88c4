/**
 * The citizen-facing web surface: the chat page, the embeddable widget script, the page's
 * UI strings and the two browser libraries it needs, served from node_modules (no CDN, no
 * bundler). Every response carries the security headers; the page itself gets a per-request
 * CSP nonce so that Web Chat's injected styles are the only inline styles allowed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Config } from '../app/config';
import { profileSchema } from '../content/model';
import { isPageLanguage, PAGE_LANGUAGES } from './languages';

export interface WebRouterOptions {
  config: Config;
}

/** Source folder of the web surface; also found when running the compiled copy under dist/. */
function webDir(): string {
  const candidates = [__dirname, path.resolve(__dirname, '..', '..', 'web')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'public', 'index.html')));
  if (!found) throw new Error(`web/public/index.html not found near ${__dirname}`);
  return found;
}

/** Root folder of an installed package, found from its main entry (its exports hide dist/). */
function packageDir(name: string): { dir: string; version: string } {
  let dir = path.dirname(require.resolve(name));
  while (dir !== path.dirname(dir)) {
    const manifestPath = path.join(dir, 'package.json');
    if (fs.existsSync(manifestPath)) {
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return { dir, version: manifest.version ?? '0' };
    }
    dir = path.dirname(dir);
  }
  throw new Error(`Package folder of ${name} not found`);
}

const webchat = packageDir('botframework-webchat');
const i18next = packageDir('i18next');
const VENDOR_FILES: Record<string, { file: string; version: string }> = {
  'webchat.js': { file: path.join(webchat.dir, 'dist', 'webchat.js'), version: webchat.version },
  'i18next.js': { file: path.join(i18next.dir, 'dist', 'umd', 'i18next.min.js'), version: i18next.version },
};

/** `frame-ancestors` from the embedding allow-list: '*' lets any site embed the page. */
export function frameAncestors(allowedOrigins: string[]): string {
  if (allowedOrigins.includes('*')) return '*';
  return ["'self'", ...allowedOrigins].join(' ');
}

/** The websocket origin of this server as the browser sees it (Direct Line's stream). */
function websocketOrigin(config: Config, req: express.Request): string {
  if (config.publicUrl) {
    const url = new URL(config.publicUrl);
    return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  }
  const host = req.get('host') ?? '';
  if (!/^[a-z0-9.\-[\]:]+$/i.test(host)) return '';
  return `${req.protocol === 'https' ? 'wss:' : 'ws:'}//${host}`;
}

/**
 * Web Chat's scroll container (react-scroll-to-bottom) creates an empty <style> element without
 * the nonce and then fills it through the CSSOM, which CSP does not govern. Allowing exactly the
 * empty content lets that element exist without opening inline styles in general.
 */
const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

function pageCsp(config: Config, req: express.Request, nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}' '${EMPTY_STYLE_HASH}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${websocketOrigin(config, req)}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors(config.allowedOrigins)}`,
  ].join('; ');
}

/** Short labels of the widget for every language that has a locale file (the widget falls back to de). */
function widgetLabels(localesDir: string): Record<string, unknown> {
  const labels: Record<string, unknown> = {};
  for (const { code, dir } of PAGE_LANGUAGES) {
    const file = path.join(localesDir, `${code}.json`);
    if (!fs.existsSync(file)) continue;
    const strings = JSON.parse(fs.readFileSync(file, 'utf8')) as { widget?: Record<string, string> };
    labels[code] = { ...strings.widget, dir };
  }
  return labels;
}

/**
 * What the privacy notice names: the job centre, how long chats are kept, its policy and
 * imprint. Embedded in the page as JSON (`<` escaped, so it cannot close the script element).
 */
export function jobcentreForPage(config: Config): string {
  try {
    const file = path.join(config.contentDir, 'profiles', `${config.profileId}.json`);
    const profile = profileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    const { name, retentionDays, privacyPolicyUrl, imprintUrl } = profile;
    return JSON.stringify({ name, retentionDays, privacyPolicyUrl, imprintUrl }).replaceAll('<', '\\u003c');
  } catch {
    // Without a readable profile the notice keeps its general wording.
    return '{}';
  }
}

export function createWebRouter({ config }: WebRouterOptions): express.Router {
  const root = webDir();
  const publicDir = path.join(root, 'public');
  const localesDir = path.join(root, 'locales');
  const read = (file: string): string => fs.readFileSync(path.join(publicDir, file), 'utf8');
  // In development the templates are re-read on every request so that edits show at once.
  const template = (file: string): (() => string) => {
    if (config.devMode) return () => read(file);
    const text = read(file);
    return () => text;
  };
  const indexHtml = template('index.html');
  const widgetJs = template('widget.js');
  const labels = JSON.stringify(widgetLabels(localesDir));
  const jobcentre = jobcentreForPage(config);

  const router = express.Router();

  router.use((_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': `default-src 'none'; frame-ancestors 'none'`,
    });
    next();
  });

  const sendPage: express.RequestHandler = (req, res) => {
    const nonce = crypto.randomBytes(16).toString('base64');
    const html = indexHtml()
      .replaceAll('{{nonce}}', nonce)
      .replace('{{jobcentre}}', () => jobcentre)
      .replaceAll('{{webchatVersion}}', VENDOR_FILES['webchat.js'].version)
      .replaceAll('{{i18nextVersion}}', VENDOR_FILES['i18next.js'].version);
    res.set({
      'Content-Security-Policy': pageCsp(config, req, nonce),
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
      'Cache-Control': 'no-cache',
    });
    res.type('html').send(html);
  };
  router.get('/', sendPage);
  router.get('/index.html', sendPage);

  router.get('/widget.js', (_req, res) => {
    // Loaded by other sites as a classic script: no CORS needed, but it must not be blocked
    // by a cross-origin resource policy.
    res.set('Cache-Control', 'public, max-age=3600');
    res.type('js').send(widgetJs().replace('/*LOTSE_LABELS*/{}', labels));
  });

  router.get('/vendor/:file', (req, res, next) => {
    const entry = Object.hasOwn(VENDOR_FILES, req.params.file) ? VENDOR_FILES[req.params.file] : undefined;
    if (!entry) return next();
    // The page asks for ?v=<package version>, so an upgrade changes the URL.
    res.sendFile(entry.file, { maxAge: '365d', immutable: true });
  });

  router.get('/locales/:lang.json', (req, res) => {
    const { lang } = req.params;
    if (!isPageLanguage(lang)) {
      res.status(404).json({ error: 'unknown language' });
      return;
    }
    res.sendFile(path.join(localesDir, `${lang}.json`), { maxAge: config.devMode ? 0 : '1h' });
  });

  router.use(
    express.static(publicDir, {
      index: false,
      // Page assets change with deploys and are small: revalidate by ETag every time.
      cacheControl: true,
      maxAge: 0,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );

  return router;
}
