/**
 * The web router over HTTP (no browser): security headers, caching, locale validation, and
 * the page's language list and strings kept in step with the content languages.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { loadConfig } from '../../app/config';
import { createWebRouter } from '../../web/router';
import { PAGE_LANGUAGES } from '../../web/languages';

const WEB = path.resolve(__dirname, '..', '..', 'web');

async function serve(env: Record<string, string> = {}): Promise<{ base: string; close(): Promise<void> }> {
  const app = express();
  app.use(createWebRouter({ config: loadConfig({ NODE_ENV: 'test', ...env }) }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let site: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  site = await serve();
});
afterAll(async () => {
  await site.close();
});

function directive(csp: string | null, name: string): string {
  return (csp ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
}

describe('the chat page response', () => {
  it('allows scripts only from itself, styles only with its nonce, and connections only back to itself', async () => {
    const response = await fetch(`${site.base}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy');
    const html = await response.text();
    const nonce = /name="lotse-style-nonce" content="([^"]+)"/.exec(html)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'style-src')).toContain(`'nonce-${nonce}'`);
    expect(directive(csp, 'style-src')).not.toContain('unsafe-inline');
    expect(directive(csp, 'connect-src').split(' ').sort()).toEqual(['connect-src', "'self'", `ws://${new URL(site.base).host}`].sort());
    expect(directive(csp, 'frame-ancestors')).toBe('frame-ancestors *');
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('gives every response a new nonce and versioned library URLs', async () => {
    const [a, b] = await Promise.all([fetch(`${site.base}/`).then((r) => r.text()), fetch(`${site.base}/`).then((r) => r.text())]);
    const nonceOf = (html: string) => /lotse-style-nonce" content="([^"]+)"/.exec(html)?.[1];
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(a).toMatch(/src="\/vendor\/webchat\.js\?v=4\.\d+\.\d+"/);
    expect(a).toMatch(/src="\/vendor\/i18next\.js\?v=\d+\.\d+\.\d+"/);
    expect(a).not.toContain('{{');
  });

  it('may be framed only by the configured origins', async () => {
    const restricted = await serve({ ALLOWED_ORIGINS: 'https://jobcenter.example,https://www.musterstadt.example' });
    const csp = (await fetch(`${restricted.base}/`)).headers.get('content-security-policy');
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'self' https://jobcenter.example https://www.musterstadt.example");
    await restricted.close();
  });
});

describe('static and vendor files', () => {
  it('serves Web Chat and i18next from node_modules with a year of caching', async () => {
    for (const file of ['webchat.js', 'i18next.js']) {
      const response = await fetch(`${site.base}/vendor/${file}?v=1`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
      await response.arrayBuffer();
    }
    expect((await fetch(`${site.base}/vendor/react.js`)).status).toBe(404);
  });

  it('serves the page script and style for revalidation', async () => {
    for (const file of ['chat.js', 'chat.css']) {
      const response = await fetch(`${site.base}/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      await response.text();
    }
  });

  it('serves the widget with the labels of every language filled in', async () => {
    const response = await fetch(`${site.base}/widget.js`);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const script = await response.text();
    expect(script).not.toContain('/*LOTSE_LABELS*/');
    for (const { code } of PAGE_LANGUAGES) expect(script).toContain(`"${code}":{"open":`);
  });
});

describe('the page strings', () => {
  it('answers /locales/<lang>.json for the offered languages and 404 for anything else', async () => {
    const arabic = await fetch(`${site.base}/locales/ar.json`);
    expect(arabic.status).toBe(200);
    expect(((await arabic.json()) as { talkToPerson: string }).talkToPerson).toBe('التحدث مع موظف');
    for (const bad of ['xx', 'DE', 'de-DE', '..%2Fde', '%2E%2E%2Fpackage']) {
      const response = await fetch(`${site.base}/locales/${bad}.json`);
      expect(response.status).toBe(404);
      await response.text();
    }
  });

  it('offers in the picker exactly the content languages, each named in itself', () => {
    const html = fs.readFileSync(path.join(WEB, 'public', 'index.html'), 'utf8');
    const options = [...html.matchAll(/<option value="([^"]+)" lang="([^"]+)"(?: dir="(rtl)")?>([^<]+)<\/option>/g)].map((m) => ({
      code: m[1],
      name: m[4],
      dir: m[3] ?? 'ltr',
    }));
    expect(options).toEqual(PAGE_LANGUAGES.map(({ code, name, dir }) => ({ code, name, dir })));
  });

  it('has every string of the German file, non-empty, in every language', () => {
    const keys = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key))
        : [prefix];
    const read = (code: string): unknown => JSON.parse(fs.readFileSync(path.join(WEB, 'locales', `${code}.json`), 'utf8'));
    const german = read('de') as { webchat: Record<string, string> };
    for (const { code } of PAGE_LANGUAGES) {
      const strings = read(code) as { webchat: Record<string, string> };
      expect({ code, keys: keys(strings).sort() }).toEqual({ code, keys: keys(german).sort() });
      const values = keys(strings).map((key) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], strings));
      expect(values.every((v) => typeof v === 'string' && v.trim().length > 0)).toBe(true);
      // Web Chat turns [..][RETRY] into the retry link: the marker must survive translation.
      expect(strings.webchat.ACTIVITY_STATUS_SEND_FAILED_RETRY).toMatch(/\[[^\]]+\]\[RETRY\]/);
    }
  });
});
