/**
 * The chat page in a real browser against the real server: privacy notice, conversation,
 * languages and right-to-left, what the page tells the bot, and keyboard-only use.
 */
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { lotseAndChromiumPerFile, waitForActivity } from './harness';
import { acceptPrivacyNotice, askQuestion, chooseLanguage, expectAnswerAboutPayment, openChatPage, replyTo, WEBCHAT } from './chat-page';

const suite = lotseAndChromiumPerFile();

const activeElementId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

describe('the chat page', () => {
  it('shows the privacy notice first and connects only after the citizen starts the chat', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    const directLineCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v3/directline')) directLineCalls.push(request.url());
    });

    await expect(page.locator('#privacy').isVisible()).resolves.toBe(true);
    await expect(page.locator('#privacy').innerText()).resolves.toMatch(/keine persönlichen Daten[\s\S]*Jobcenter Musterstadt speichert[\s\S]*30 Tage[\s\S]*zustimmen/);
    await expect(page.locator('#start').innerText()).resolves.toBe('Chat starten');
    await page.waitForTimeout(300);
    expect(directLineCalls).toEqual([]);

    await acceptPrivacyNotice(page);
    const start = await waitForActivity(posted, (a) => a.type === 'event' && a.name === 'lotse/start');
    expect(start.value).toEqual({ language: 'de' });
    expect(start.from?.id).toMatch(/^u-[0-9a-f]{24}$/);
    await expect(page.locator('#privacy').isVisible()).resolves.toBe(false);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-id'))).resolves.toBe('webchat-sendbox-input');
    await context.close();
  });

  it('answers a question asked in the chosen language and announces the answer to screen readers', async () => {
    const { context, page, posted, received } = await openChatPage(suite.browser, suite.lotse.url);
    await chooseLanguage(page, 'en');
    await expect(page.locator('#start').innerText()).resolves.toBe('Start chat');
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    // Collect what Web Chat's live region says; it clears itself after a second.
    await page.evaluate((selector) => {
      const region = document.querySelector(selector);
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      new MutationObserver(() => heard.push(region?.textContent ?? '')).observe(region as Node, { subtree: true, childList: true, characterData: true });
    }, WEBCHAT.liveRegion);
    await expect(page.locator(WEBCHAT.liveRegion).getAttribute('aria-live')).resolves.toBe('polite');

    await askQuestion(page, 'When will my money arrive?');
    const reply = await replyTo(page, 'When will my money arrive?');
    expect(reply.length).toBeGreaterThan(0);
    expectAnswerAboutPayment(reply, 'When will my money arrive?');

    const question = await waitForActivity(posted, (a) => a.type === 'message');
    expect(question).toMatchObject({ text: 'When will my money arrive?', locale: 'en' });
    const answer = await waitForActivity(received, (a) => a.type === 'message' && a.from?.id !== question.from?.id);
    expect(answer.locale).toBe('en');
    const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard.join('\n'));
    expect(heard).toContain(reply.split('\n')[0]);
    await context.close();
  });

  it('switches to Arabic right to left, for the page and for the chat, and tells the bot', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');

    await chooseLanguage(page, 'ar');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('ar');
    await expect(page.locator(WEBCHAT.transcript).getAttribute('dir')).resolves.toBe('rtl');
    await expect(page.locator(WEBCHAT.sendBox).getAttribute('placeholder')).resolves.toBe('اكتب سؤالك …');
    await expect(page.locator('#handoff').innerText()).resolves.toBe('التحدث مع موظف');
    const change = await waitForActivity(posted, (a) => a.name === 'lotse/language');
    expect(change).toMatchObject({ type: 'event', value: { language: 'ar' } });

    await askQuestion(page, 'متى يصل المال؟');
    await replyTo(page, 'متى يصل المال؟');
    await expect(waitForActivity(posted, (a) => a.type === 'message')).resolves.toMatchObject({ locale: 'ar' });

    // Persian is not in Web Chat's own right-to-left list; the page sets the direction itself.
    await chooseLanguage(page, 'fa');
    await expect(page.evaluate(() => document.documentElement.dir)).resolves.toBe('rtl');
    await expect(page.locator(WEBCHAT.transcript).getAttribute('dir')).resolves.toBe('rtl');

    // Back to a left-to-right language.
    await chooseLanguage(page, 'uk');
    await expect(page.locator(WEBCHAT.transcript).getAttribute('dir')).resolves.toBe('ltr');
    await context.close();
  });

  it('remembers the citizen, the language and the accepted notice on the next visit', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await chooseLanguage(page, 'tr');
    await acceptPrivacyNotice(page);
    const first = await waitForActivity(posted, (a) => a.name === 'lotse/start');

    // A later visit (the tab's conversation is gone; a reload would resume it instead).
    posted.length = 0;
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.locator(WEBCHAT.sendBox).waitFor();
    const second = await waitForActivity(posted, (a) => a.name === 'lotse/start');
    expect(second.value).toEqual({ language: 'tr' });
    expect(second.from?.id).toBe(first.from?.id);
    await expect(page.locator('#privacy').isVisible()).resolves.toBe(false);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('tr');
    await context.close();
  });

  it('starts in the browser language when it is offered, otherwise in German', async () => {
    const ukrainian = await openChatPage(suite.browser, suite.lotse.url, { locale: 'uk-UA' });
    await expect(ukrainian.page.evaluate(() => document.documentElement.lang)).resolves.toBe('uk');
    await expect(ukrainian.page.locator('#language').inputValue()).resolves.toBe('uk');
    await ukrainian.context.close();

    const japanese = await openChatPage(suite.browser, suite.lotse.url, { locale: 'ja-JP' });
    await expect(japanese.page.evaluate(() => document.documentElement.lang)).resolves.toBe('de');
    await japanese.context.close();
  });

  it('passes a valid deep-linked flow to the bot and drops an invalid one', async () => {
    const linked = await openChatPage(suite.browser, suite.lotse.url, { path: '/?flow=termin_verschieben' });
    await acceptPrivacyNotice(linked.page);
    const start = await waitForActivity(linked.posted, (a) => a.name === 'lotse/start');
    expect(start.value).toEqual({ language: 'de', flow: 'termin_verschieben' });
    await linked.context.close();

    const forged = await openChatPage(suite.browser, suite.lotse.url, { path: '/?flow=Termin%3Cscript%3E' });
    await acceptPrivacyNotice(forged.page);
    const plain = await waitForActivity(forged.posted, (a) => a.name === 'lotse/start');
    expect(plain.value).toEqual({ language: 'de' });
    await forged.context.close();
  });

  it('asks for a person with a localised message carrying the handoff action', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await chooseLanguage(page, 'pl');
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await page.locator('#handoff').click();
    const handoff = await waitForActivity(posted, (a) => a.type === 'message');
    expect(handoff).toMatchObject({ text: 'Chcę porozmawiać z człowiekiem.', value: { action: 'handoff' }, locale: 'pl' });
    await context.close();
  });

  it('sends a person request made before the start right after the citizen starts the chat', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await page.locator('#handoff').click();
    await expect(page.locator('#status').innerText()).resolves.toMatch(/zuerst den Chat/);
    await expect(activeElementId(page)).resolves.toBe('start');
    expect(posted).toEqual([]);
    await page.keyboard.press('Enter');
    const handoff = await waitForActivity(posted, (a) => a.type === 'message');
    expect(handoff.value).toEqual({ action: 'handoff' });
    expect(posted.findIndex((a) => a.name === 'lotse/start')).toBeLessThan(posted.indexOf(handoff));
    await context.close();
  });

  it('can be used with the keyboard alone: picker, start and person button by Tab, with a visible focus', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    const order: string[] = [];
    for (let i = 0; i < 6 && !order.includes('start'); i++) {
      await page.keyboard.press('Tab');
      order.push(await activeElementId(page));
    }
    expect(order.filter(Boolean)).toEqual(['language', 'handoff', 'start']);

    // Each stop shows a focus ring of at least 2 px.
    for (const id of ['language', 'handoff', 'start']) {
      await page.focus(`#${id}`);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(ring.style).not.toBe('none');
      expect(ring.width).toBeGreaterThanOrEqual(2);
    }

    // The picker: arrow keys move through the languages without opening anything.
    await page.focus('#language');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.documentElement.lang === 'de-x-ls');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.documentElement.lang === 'en');

    // The start button with Enter; focus lands in the send box, not on the body.
    await page.focus('#start');
    await page.keyboard.press('Enter');
    await page.locator(WEBCHAT.sendBox).waitFor();
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-id'))).resolves.toBe('webchat-sendbox-input');

    // Back up to the person button with Shift+Tab and press Enter.
    for (let i = 0; i < 12 && (await activeElementId(page)) !== 'handoff'; i++) await page.keyboard.press('Shift+Tab');
    await expect(activeElementId(page)).resolves.toBe('handoff');
    await page.keyboard.press('Enter');
    const handoff = await waitForActivity(posted, (a) => a.type === 'message');
    expect(handoff).toMatchObject({ text: 'I would like to talk to a person.', value: { action: 'handoff' } });
    await context.close();
  });

  it('says that the connection is lost while the phone is offline, in the chosen language, and clears it when back', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await chooseLanguage(page, 'ru'); // strings of a language once shown stay loaded offline
    await chooseLanguage(page, 'de');
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await expect(page.locator('#status').innerText()).resolves.toBe('');
    await context.setOffline(true);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Verbindung unterbrochen. Neuer Versuch …', null, { timeout: 5000 });
    await chooseLanguage(page, 'ru');
    await expect(page.locator('#status').innerText()).resolves.toBe('Соединение прервано. Повторное подключение …');
    await context.setOffline(false);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '');
    await context.close();
  });

  it('fits a 320 px wide screen without sideways scrolling, also in Arabic', async () => {
    const { context, page } = await openChatPage(suite.browser, suite.lotse.url, { viewport: { width: 320, height: 640 } });
    await acceptPrivacyNotice(page);
    for (const language of ['de', 'ar']) {
      await chooseLanguage(page, language);
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.view);
    }
    await context.close();
  });

  it('turns off transitions when the citizen asks for reduced motion', async () => {
    const { context, page } = await openChatPage(suite.browser, suite.lotse.url, { reducedMotion: 'reduce' });
    const duration = await page.evaluate(() => parseFloat(getComputedStyle(document.getElementById('start') as Element).transitionDuration));
    expect(duration).toBeLessThan(0.001);
    await context.close();
  });
});
