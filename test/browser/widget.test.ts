/**
 * The embeddable widget on a stand-in job centre website served from another port: one script
 * tag gives a localised, keyboard-operable button that opens the chat page in an iframe panel.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { lotseAndChromiumPerFile, recordPostedActivities, startHostSite, waitForActivity } from './harness';

const suite = lotseAndChromiumPerFile();
let host: { url: string; close(): Promise<void> };

function hostPage(lotseOrigin: string, htmlLang: string, scriptAttributes = ''): string {
  return `<!doctype html>
<html lang="${htmlLang}">
<head><meta charset="utf-8"><title>Jobcenter Musterstadt</title></head>
<body>
  <main><h1>Jobcenter Musterstadt</h1><p><a href="#opening-hours">Öffnungszeiten</a></p></main>
  <script src="${lotseOrigin}/widget.js" defer ${scriptAttributes}></script>
</body>
</html>`;
}

afterAll(async () => {
  await host?.close();
});

async function openHostPage(html: string): Promise<{ page: Page; close(): Promise<void> }> {
  await host?.close();
  host = await startHostSite(html);
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(host.url);
  return { page, close: () => context.close() };
}

const launcher = (page: Page) => page.locator('#lotse-widget').locator('button[aria-controls="lotse-panel"]');

describe('the widget script', () => {
  it('opens the chat in an iframe from the keyboard, closes with Escape and returns focus to its button', async () => {
    const { page, close } = await openHostPage(hostPage(suite.lotse.origin, 'en'));
    const posted = recordPostedActivities(page);
    const button = launcher(page);
    await expect(button.innerText()).resolves.toBe('Chat: questions about the Jobcenter');
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');

    // Keyboard only: Tab past the host page's link to the button, Enter opens the panel.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      if (await button.evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el)) break;
    }
    await page.keyboard.press('Enter');
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('true');
    const frame = page.locator('#lotse-widget').locator('iframe');
    await expect(frame.getAttribute('title')).resolves.toBe('Lotse chat');
    const src = new URL((await frame.getAttribute('src')) as string);
    expect(src.origin).toBe(suite.lotse.origin);
    expect(src.searchParams.get('lang')).toBe('en');

    // The chat page inside the frame speaks the host page's language and works.
    const chat = page.frameLocator('#lotse-widget iframe');
    await chat.locator('#start').waitFor({ state: 'visible' });
    await expect(chat.locator('#start').innerText()).resolves.toBe('Start chat');
    // Focus lands on "Start chat" (not the frame's body): Enter alone starts the chat.
    await chat.locator('#start').evaluate((el) => new Promise<void>((resolve) => {
      const check = () => (document.activeElement === el && document.hasFocus() ? resolve() : setTimeout(check, 50));
      check();
    }));
    await page.keyboard.press('Enter');
    await waitForActivity(posted, (a) => a.name === 'lotse/start' && (a.value as { language?: string }).language === 'en');

    // Escape inside the chat (another document) closes the panel; focus goes back to the button.
    await chat.locator('[data-id="webchat-sendbox-input"]').focus();
    await page.keyboard.press('Escape');
    // The chat page tells the widget by postMessage, which arrives a moment later.
    await page.locator('#lotse-widget').locator('button[aria-controls="lotse-panel"][aria-expanded="false"]').waitFor({ timeout: 5000 });
    await expect(page.locator('#lotse-widget').locator('#lotse-panel').isHidden()).resolves.toBe(true);
    await expect(button.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).resolves.toBe(true);

    // The close button does the same.
    await button.click();
    await page.locator('#lotse-widget').locator('button.close').click();
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(button.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).resolves.toBe(true);
    await close();
  });

  it('takes its language from data-lang before the page language, and right to left for Arabic', async () => {
    const { page, close } = await openHostPage(hostPage(suite.lotse.origin, 'de', 'data-lang="ar"'));
    const button = launcher(page);
    await expect(button.innerText()).resolves.toBe('محادثة: أسئلة حول مركز العمل');
    await expect(page.locator('#lotse-widget').getAttribute('dir')).resolves.toBe('rtl');
    await close();

    const german = await openHostPage(hostPage(suite.lotse.origin, 'de-DE'));
    await expect(launcher(german.page).innerText()).resolves.toBe('Chat: Fragen zum Jobcenter');
    await german.close();
  });
});
