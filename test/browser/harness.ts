/**
 * Shared set-up of the browser suite: the real Lotse server on a free port, Debian's Chromium
 * driven by playwright-core, and a recorder of what the page posts to Direct Line.
 */
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll } from '@jest/globals';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { startTestLotse } from '../helpers/lotse-server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningLotse {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

/** Bootstraps Lotse as `npm start` does, with a throw-away data dir, on 127.0.0.1:0. */
export async function startLotse(env: Record<string, string> = {}): Promise<RunningLotse> {
  const running = await startTestLotse({ env });
  return { url: running.server.url, origin: running.origin, stop: () => running.stop() };
}

/** Launches Chromium; a missing browser fails the suite with the fix, it never skips. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser tests need it and do not skip: ` +
        'install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * One Lotse server and one Chromium for a test file, started before its tests and stopped after.
 * Read `suite.lotse` and `suite.browser` inside tests (they are set once beforeAll has run).
 */
export function lotseAndChromiumPerFile(): { lotse: RunningLotse; browser: Browser } {
  const suite = {} as { lotse: RunningLotse; browser: Browser };
  beforeAll(async () => {
    [suite.lotse, suite.browser] = await Promise.all([startLotse(), launchChromium()]);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.lotse?.stop();
  });
  return suite;
}

/** An activity as it travels over Direct Line (posted by the page or streamed to it). */
export interface WireActivity {
  type: string;
  name?: string;
  text?: string;
  value?: unknown;
  locale?: string;
  from?: { id?: string };
}

/** Records every activity the page (or a frame in it) POSTs to /v3/directline. */
export function recordPostedActivities(page: Page): WireActivity[] {
  const posted: WireActivity[] = [];
  page.on('request', (request: Request) => {
    if (request.method() !== 'POST' || !/\/v3\/directline\/conversations\/[^/]+\/activities$/.test(request.url())) return;
    const body = request.postData();
    if (body) posted.push(JSON.parse(body) as WireActivity);
  });
  return posted;
}

/** Records every activity the server streams to the page over Direct Line's websocket. */
export function recordReceivedActivities(page: Page): WireActivity[] {
  const received: WireActivity[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' || payload.length === 0) return;
      const frame = JSON.parse(payload) as { activities?: WireActivity[] };
      received.push(...(frame.activities ?? []));
    });
  });
  return received;
}

/** Waits until one of the recorded activities matches `predicate`. */
export async function waitForActivity(recorded: WireActivity[], predicate: (a: WireActivity) => boolean, timeoutMs = 10_000): Promise<WireActivity> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = recorded.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No matching activity; recorded so far: ${JSON.stringify(recorded)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A tiny static server standing in for a job centre's website on another port. */
export async function startHostSite(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
