/**
 * The registration flow end to end over Lotse's own Direct Line, driven by Microsoft's client
 * (botframework-directlinejs) against the real server as `npm start` builds it: in German and in
 * Arabic, each with two problem branches, leaving in the middle and resuming in a new conversation
 * with the same user id.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity as ClientActivity, DirectLine as DirectLineType } from 'botframework-directlinejs';
import WebSocket from 'ws';
import { bootstrap, type Lotse } from '../app/bootstrap';
import { loadConfig } from '../app/config';
import { startServer, type RunningServer } from '../app/server';
import { COLLECTIONS } from '../bot/state';
import type { FlowStats } from '../bot/flows/stats';

const globals = globalThis as Record<string, unknown>;
globals.XMLHttpRequest = require('xhr2');
globals.WebSocket = WebSocket;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

interface WireActivity {
  id?: string;
  type: string;
  text?: string;
  locale?: string;
  replyToId?: string;
  from?: { id?: string; role?: string };
  channelData?: { lotse?: { flow?: { id?: string; step?: string; n?: number; total?: number }; handoffContext?: unknown } };
  suggestedActions?: { actions?: Array<{ title: string; value: Record<string, unknown> }> };
}

/** A citizen in Web Chat: posts activities, and reads the bot's replies to each. */
class Citizen {
  private readonly directLine: DirectLineType;
  private readonly received: WireActivity[] = [];
  private readonly waiters: Array<() => void> = [];
  /** The bot's replies to the last activity posted. */
  last: WireActivity[] = [];

  constructor(
    domain: string,
    private readonly userId: string,
    webSocket: boolean,
  ) {
    this.directLine = new DirectLine({ domain, webSocket, pollingInterval: 200, timeout: 5000 });
    this.directLine.activity$.subscribe(
      (activity) => {
        this.received.push(activity as unknown as WireActivity);
        for (const wake of this.waiters.splice(0)) wake();
      },
      () => undefined, // end() finishes the stream with "conversation ended"
    );
  }

  private async post(activity: Record<string, unknown>): Promise<WireActivity[]> {
    const id = await new Promise<string>((resolve, reject) => {
      this.directLine.postActivity({ ...activity, from: { id: this.userId, name: 'Bürgerin' } } as ClientActivity).subscribe(resolve, reject);
    });
    const deadline = Date.now() + 8000;
    const replies = (): WireActivity[] => this.received.filter((a) => a.replyToId === id && a.from?.role !== 'user');
    while (replies().length === 0) {
      if (Date.now() > deadline) throw new Error(`no reply to ${JSON.stringify(activity).slice(0, 120)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    // All replies of a turn are stored at once and arrive in the same batch.
    await new Promise((resolve) => setTimeout(resolve, 30));
    this.last = replies();
    return this.last;
  }

  start(language: string, flow?: string): Promise<WireActivity[]> {
    return this.post({ type: 'event', name: 'lotse/start', value: flow ? { language, flow } : { language }, locale: language });
  }

  say(text: string): Promise<WireActivity[]> {
    return this.post({ type: 'message', text });
  }

  buttons(): Array<{ title: string; value: Record<string, unknown> }> {
    const withButtons = [...this.last].reverse().find((a) => a.suggestedActions?.actions?.length);
    return withButtons?.suggestedActions?.actions ?? [];
  }

  /** Click like Web Chat does: the messageBack's title as text, its value as value. */
  click(match: Record<string, unknown>): Promise<WireActivity[]> {
    const button = this.buttons().find((b) => Object.entries(match).every(([k, v]) => b.value[k] === v));
    if (!button) throw new Error(`no button ${JSON.stringify(match)} in ${JSON.stringify(this.buttons().map((b) => b.value))}`);
    return this.post({ type: 'message', text: button.title, value: button.value });
  }

  /** Go to a step: its own button, or through "I have a problem". */
  async go(to: string): Promise<WireActivity[]> {
    if (!this.buttons().some((b) => b.value.to === to) && this.buttons().some((b) => b.value.cmd === 'problems')) await this.click({ cmd: 'problems' });
    return this.click({ cmd: 'go', to });
  }

  step(): { id?: string; step?: string; n?: number; total?: number } | undefined {
    return [...this.last].reverse().find((a) => a.channelData?.lotse?.flow?.step)?.channelData?.lotse?.flow;
  }

  text(): string {
    return this.last.map((a) => a.text ?? '').join('\n');
  }

  end(): void {
    try {
      this.directLine.end();
    } catch {
      // the library throws "conversation ended" in some states
    }
  }
}

/** A date `days` before today as citizens type it (d.m.yyyy). */
function daysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86400000);
  return `${d.getDate()}.${d.getMonth() + 1}.${d.getFullYear()}`;
}

let dataDir: string;
let lotse: Lotse;
let server: RunningServer;
let domain: string;
const citizens: Citizen[] = [];

function citizen(userId: string, webSocket = false): Citizen {
  const c = new Citizen(domain, userId, webSocket);
  citizens.push(c);
  return c;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-flows-'));
  lotse = await bootstrap(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir }));
  // Lotse as `npm start` builds it; only the per-conversation rate limit (10 messages at once) is
  // lifted, because this test clicks through thirty steps in a few seconds.
  server = await startServer({ ...lotse, exemptFromRateLimit: () => true });
  domain = new URL('v3/directline', server.url).toString();
});

afterEach(() => {
  for (const c of citizens.splice(0)) c.end();
});

afterAll(async () => {
  await server?.close();
  await lotse?.shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the registration flow over Direct Line', () => {
  it('walks through in German: deep link, two problems, leave at step 6, resume in a new conversation, finish', async () => {
    const first = citizen('u-de-0001');
    await first.start('de', 'portal_registration');
    expect(first.step()).toEqual({ id: 'portal_registration', step: 'open_portal', kind: 'step', n: 1, total: 8 });
    expect(first.text()).toContain('Schritt 1 von 8');

    await first.go('choose_login');
    await first.go('ba_account');
    expect(first.step()).toMatchObject({ step: 'ba_account', n: 3 });
    await first.go('ba_confirm_email');
    // Problem 1: no confirmation e-mail → fix → back to step 3.
    await first.go('p_no_confirm_mail');
    expect(first.text()).toContain('Spam-Ordner');
    expect(first.text()).toContain('0800 4 5555 01');
    await first.click({ cmd: 'go', to: '@origin' });
    expect(first.step()).toMatchObject({ step: 'ba_confirm_email', n: 3 });
    await first.go('second_factor');
    await first.go('sf_app');
    expect(first.text()).toContain('6-stelligen Code');
    await first.go('profile');
    await first.go('profile_unlock');
    expect(first.text()).toContain('Freischaltcode');
    await first.go('activation_code');
    await first.go('code_when');
    // Problem 2, by date: the letter has not come after 10 days.
    await first.say(daysAgo(10));
    expect(first.step()).toMatchObject({ step: 'p_letter_missing', n: 6 });
    expect(first.text()).toContain('01234 5678-0');
    await first.click({ cmd: 'go', to: 'activation_code' });
    expect(first.step()).toMatchObject({ step: 'activation_code', n: 6 });
    first.end();

    // Days later, a new conversation with the same user id (same browser).
    const again = citizen('u-de-0001', true);
    await again.start('de');
    expect(again.text()).toContain('Beim letzten Mal waren Sie bei Schritt 6 von 8');
    await again.click({ cmd: 'resume' });
    expect(again.step()).toMatchObject({ step: 'activation_code', n: 6 });
    await again.go('online_delivery');
    expect(again.text()).toContain('4. Tag');
    await again.go('delivery_on');
    await again.go('first_use');
    await again.go('done');
    expect(again.text()).toContain('Sie sind jetzt bei Jobcenter.digital angemeldet');
    expect(again.buttons().some((b) => b.value.action === 'entry' && b.value.id === 'continued_application')).toBe(true);

    const stats = (await lotse.store.read<FlowStats>(COLLECTIONS.flowStats, 'portal_registration'))?.value;
    expect(stats?.steps.p_no_confirm_mail?.problem).toBeGreaterThanOrEqual(1);
    expect(stats?.steps.p_letter_missing?.problem).toBeGreaterThanOrEqual(1);
    expect(stats?.totals.completed).toBeGreaterThanOrEqual(1);
  });

  it('walks through in Arabic: no online ID → BA account, a couple, leave, resume, finish — right to left', async () => {
    const first = citizen('u-ar-0002');
    await first.start('ar', 'portal_registration');
    expect(first.last.every((a) => a.locale === 'ar')).toBe(true);
    expect(first.text()).toContain('الخطوة 1 من 8');
    await first.go('choose_login');
    await first.go('bundid_login');
    // Problem 1: the online function of the ID card is off → continue with a BA account.
    await first.go('p_eid_off');
    expect(first.text()).toContain('Bürgeramt');
    await first.go('ba_account');
    expect(first.step()).toMatchObject({ step: 'ba_account', n: 3 });
    await first.go('ba_confirm_email');
    await first.go('second_factor');
    await first.go('profile');
    // Problem 2: a couple wants one account → each needs their own → back to step 5.
    await first.go('p_couple');
    expect(first.text()).toMatch(/حسابًا خاصًا/);
    await first.click({ cmd: 'go', to: '@origin' });
    expect(first.step()).toMatchObject({ step: 'profile', n: 5 });
    // A question in between is answered, with the way back.
    await first.say('متى يصل المال؟');
    expect(first.buttons()[0]?.value).toMatchObject({ cmd: 'show' });
    expect(first.buttons()[0]?.title).toBe('العودة إلى الخطوة 5');
    await first.click({ cmd: 'show' });
    await first.go('profile_unlock');
    first.end();

    const again = citizen('u-ar-0002');
    await again.start('ar');
    expect(again.text()).toContain('الخطوة 5 من 8');
    await again.click({ cmd: 'resume' });
    expect(again.step()).toMatchObject({ step: 'profile_unlock', n: 5 });
    await again.go('activation_code');
    await again.go('online_delivery');
    await again.go('delivery_off');
    expect(again.text()).toContain('نسخًا فقط');
    await again.go('first_use');
    await again.go('done');
    expect(again.text()).toContain('أنتم الآن مسجلون');
    expect(again.last.every((a) => a.locale === 'ar')).toBe(true);
  });

  it('re-shows the current step when an old step’s button is replayed over the wire', async () => {
    const c = citizen('u-replay-0003');
    await c.start('en', 'portal_registration');
    const old = c.buttons().find((b) => b.value.to === 'choose_login');
    await c.go('choose_login');
    await c.go('login_existing');
    await c.go('p_locked');
    expect(c.step()).toMatchObject({ step: 'p_locked' });
    // The citizen scrolls up and clicks "Continue" on step 1 again.
    const replies = await new Promise<WireActivity[]>((resolve, reject) => {
      c['post']({ type: 'message', text: old?.title, value: old?.value }).then(resolve, reject);
    });
    expect(replies.map((a) => a.text).join(' ')).toContain('That button belongs to an earlier step');
    expect(c.step()).toMatchObject({ step: 'p_locked' });
  });
});
