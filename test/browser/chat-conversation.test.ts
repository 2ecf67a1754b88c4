/**
 * The chat page as people use a chat: it speaks the conversation's language, survives a reload,
 * can be started anew, printed, rated, and keeps crisis numbers in view and tappable.
 */
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { lotseAndChromiumPerFile, waitForActivity } from './harness';
import { acceptPrivacyNotice, askQuestion, chooseLanguage, openChatPage, replyTo, WEBCHAT } from './chat-page';

const suite = lotseAndChromiumPerFile();
const SHOTS = process.env.LOTSE_SCREENSHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Waits until the bot has sent `count` messages after the citizen's `question`. */
async function repliesAfter(page: Page, question: string, count: number): Promise<void> {
  await page.waitForFunction(
    ({ text, n }) => {
      const bubbles = Array.from(document.querySelectorAll('#webchat .webchat__bubble'));
      const asked = bubbles.findIndex((b) => b.classList.contains('webchat__bubble--from-user') && (b as HTMLElement).innerText.includes(text));
      return asked >= 0 && bubbles.slice(asked + 1).filter((b) => !b.classList.contains('webchat__bubble--from-user')).length >= n;
    },
    { text: question, n: count },
    { timeout: 10_000 },
  );
}

describe('the chat page in a conversation', () => {
  it('follows the conversation into Ukrainian, also after a reload, until the citizen picks a language', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await askQuestion(page, 'Коли прийдуть гроші на рахунок?');
    await replyTo(page, 'Коли прийдуть гроші на рахунок?');
    await page.waitForFunction(() => document.documentElement.lang === 'uk');
    await expect(page.locator('#language').inputValue()).resolves.toBe('uk');
    await expect(page.locator(WEBCHAT.sendBox).getAttribute('placeholder')).resolves.not.toBe('Ihre Frage …');
    await expect(page.locator('#handoff').innerText()).resolves.not.toBe('Mit einem Menschen sprechen');

    await page.reload();
    await page.locator(WEBCHAT.sendBox).waitFor();
    // The resumed page speaks Ukrainian again (its strings load asynchronously after the reload).
    await page.waitForFunction(() => document.documentElement.lang === 'uk', undefined, { timeout: 15_000 });
    await expect(page.locator('#language').inputValue()).resolves.toBe('uk');

    // The citizen's own choice wins over the conversation's language.
    await chooseLanguage(page, 'de');
    await page.waitForTimeout(800);
    await askQuestion(page, 'Коли прийде мій гроші?');
    await replyTo(page, 'Коли прийде мій гроші?');
    await page.waitForTimeout(300);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('de');
    await context.close();
  });

  it('keeps the conversation with its history across a reload, and starts a new one only after asking', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await askQuestion(page, 'Wann kommt mein Geld?');
    const answer = await replyTo(page, 'Wann kommt mein Geld?');

    posted.length = 0;
    await page.reload();
    await page.locator(WEBCHAT.sendBox).waitFor();
    await expect(replyTo(page, 'Wann kommt mein Geld?')).resolves.toBe(answer);
    await page.waitForTimeout(500);
    // Resumed, not restarted: the bot does not greet again.
    expect(posted.filter((a) => a.name === 'lotse/start')).toEqual([]);
    await askQuestion(page, 'Krankmeldung');
    await replyTo(page, 'Krankmeldung');

    // "New conversation": declined first, then confirmed.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.locator('#new-conversation').click();
    await expect(page.locator(WEBCHAT.userBubble).count()).resolves.toBeGreaterThan(0);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#new-conversation').click();
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await page.locator(WEBCHAT.botBubble).first().waitFor();
    await expect(page.locator(WEBCHAT.userBubble).count()).resolves.toBe(0);
    await context.close();
  });

  it('starts afresh with a short notice when the saved conversation has expired', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await page.evaluate(() => sessionStorage.setItem('lotse.conversation', JSON.stringify({ id: 'gone-0000', token: 'expired.token.x', watermark: '4', language: 'de' })));
    posted.length = 0;
    await page.reload();
    // The page first asks the server about the saved conversation, then starts afresh: allow for both.
    await waitForActivity(posted, (a) => a.name === 'lotse/start', 30_000);
    await page.waitForFunction(() => /abgelaufen/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await context.close();
  });

  it('shows Leichte Sprache one sentence per line, with clock times and tappable phone numbers', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await chooseLanguage(page, 'de-x-ls');
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await askQuestion(page, 'Wann kommt das Geld?');
    const reply = await replyTo(page, 'Wann kommt das Geld?');
    expect(reply).toMatch(/Das Jobcenter bezahlt jeden Monat\.\nDas Geld kommt vor dem Monat\./);
    const links = await page.locator('#webchat a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('tel:0123456780');
    const times = await page.locator('#webchat .webchat__activity-status').allInnerTexts();
    expect(times.join(' ')).toMatch(/\d{1,2}:\d{2}/);
    expect(times.join(' ')).not.toMatch(/Jetzt|Just now|AM|PM/);
    await context.close();
  });

  it('sends thumbs down with a reason for an answer, as a feedback event naming the entry', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await askQuestion(page, 'Wann kommt mein Geld?');
    await replyTo(page, 'Wann kommt mein Geld?');
    const down = page.locator('#webchat .feedback button[data-vote="down"]').last();
    await expect(down.getAttribute('aria-label')).resolves.toBe('Nein, nicht hilfreich');
    await down.click();
    await page.locator('#webchat .feedback__reason textarea').fill('Mein Termin fehlt');
    await page.locator('#webchat .feedback__reason button[type="submit"]').click();
    const feedback = await waitForActivity(posted, (a) => a.name === 'lotse/feedback');
    expect(feedback).toMatchObject({ type: 'event', value: { entryId: 'payment_date', vote: 'down', reason: 'Mein Termin fehlt' } });
    await expect(page.locator('#webchat .feedback__thanks').last().innerText()).resolves.toBe('Danke für Ihre Rückmeldung.');
    await shot(page, 'feedback');
    await context.close();
  });

  it('prints the conversation as a plain page without sending anything', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await askQuestion(page, 'Wann kommt mein Geld?');
    await replyTo(page, 'Wann kommt mein Geld?');
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => { (window as unknown as { printed: number }).printed++; };
    });
    const count = posted.length;
    await page.locator('#print').click();
    await expect(page.evaluate(() => (window as unknown as { printed: number }).printed)).resolves.toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('#printout').isVisible()).resolves.toBe(true);
    await expect(page.locator('#main').isVisible()).resolves.toBe(false);
    const text = await page.locator('#printout').innerText();
    expect(text).toMatch(/Sie · .*\n+Wann kommt mein Geld\?/);
    expect(text).toMatch(/Lotse · [\s\S]*monatlich im Voraus/);
    expect(posted.length).toBe(count);
    await context.close();
  });

  it('names the job centre, the retention period and links its privacy policy and imprint', async () => {
    const { context, page } = await openChatPage(suite.browser, suite.lotse.url);
    await expect(page.locator('#privacy').innerText()).resolves.toMatch(/Jobcenter Musterstadt speichert .* 30 Tage lang/);
    const links = await page.locator('#privacy-links a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual([
      ['Datenschutzerklärung', 'https://www.jobcenter-musterstadt.example/datenschutz'],
      ['Impressum', 'https://www.jobcenter-musterstadt.example/impressum'],
    ]);
    await chooseLanguage(page, 'ar');
    await expect(page.locator('#privacy-stored').innerText()).resolves.toContain('30');
    await context.close();
  });

  it('shows that Lotse is typing while the bot sends typing activities', async () => {
    const context = await suite.browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    // Stand-in for the server: the real stream, plus a typing activity the test sends itself.
    let toPage: ((text: string) => void) | undefined;
    await page.routeWebSocket(/\/v3\/directline\/conversations\/.*\/stream/, (ws) => {
      const server = ws.connectToServer();
      toPage = (text) => ws.send(text);
      server.onMessage((message) => ws.send(message));
    });
    await page.goto(suite.lotse.url);
    await page.waitForFunction(() => !document.body.classList.contains('is-loading'));
    await acceptPrivacyNotice(page);
    await page.locator(WEBCHAT.botBubble).first().waitFor();
    await expect(page.locator('#webchat .webchat__typing-indicator').count()).resolves.toBe(0);
    toPage?.(JSON.stringify({ activities: [{ type: 'typing', id: 'stub|1', timestamp: new Date().toISOString(), from: { id: 'lotse', role: 'bot' }, locale: 'de' }] }));
    await page.locator('#webchat .webchat__typing-indicator').waitFor({ timeout: 5000 });
    await shot(page, 'typing');
    await context.close();
  });

  it('stays usable at 320 px width and at 200 % zoom, with an answer, thumbs and the crisis numbers', async () => {
    // 200 % zoom of a 640 × 800 window is a 320 × 400 CSS-pixel layout at twice the pixel density.
    const context = await suite.browser.newContext({ locale: 'de-DE', viewport: { width: 320, height: 400 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const posted: unknown[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/activities')) posted.push(r.postData()); });
    await page.goto(suite.lotse.url);
    await page.waitForFunction(() => !document.body.classList.contains('is-loading'));
    await acceptPrivacyNotice(page);
    await askQuestion(page, 'Wann kommt mein Geld?');
    await replyTo(page, 'Wann kommt mein Geld?');
    await page.locator('#webchat .feedback').last().waitFor();
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    // The send box can be reached (the page scrolls on short screens) and lies fully on screen then.
    await page.locator(WEBCHAT.sendBox).scrollIntoViewIfNeeded();
    const box = await page.locator(WEBCHAT.sendBox).boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 400 + 1).toBe(true);
    await shot(page, 'zoom-200');
    await context.close();
  });
});
