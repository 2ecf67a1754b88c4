/**
 * A guided flow in a real browser against the real server: the deep link a job-centre letter
 * prints as a QR code (/?flow=portal_registration) opens the registration guide, and the citizen
 * clicks through three steps with Web Chat's buttons — in German, and right to left in Arabic.
 */
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { lotseAndChromiumPerFile, waitForActivity } from './harness';
import { acceptPrivacyNotice, openChatPage, WEBCHAT } from './chat-page';

const suite = lotseAndChromiumPerFile();

/** Presses one of Web Chat's suggested actions (the buttons under the last bot message). */
async function press(page: Page, name: string): Promise<void> {
  await page.locator('.webchat__suggested-actions__button').filter({ hasText: name }).first().click();
}

/** Waits for the newest bot bubble that contains `text` and returns its text. */
async function botBubble(page: Page, text: string): Promise<string> {
  const bubble = page.locator(WEBCHAT.botBubble).filter({ hasText: text }).last();
  await bubble.waitFor({ timeout: 15_000 });
  return bubble.innerText();
}

async function buttonTitles(page: Page): Promise<string[]> {
  return (await page.locator('.webchat__suggested-actions__button').allInnerTexts()).map((t) => t.trim());
}

describe('a guided flow in the chat page', () => {
  it('opens from the deep link and clicks through three steps with the buttons', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url, { path: '/?flow=portal_registration' });
    await acceptPrivacyNotice(page);
    const start = await waitForActivity(posted, (a) => a.type === 'event' && a.name === 'lotse/start');
    expect(start.value).toEqual({ language: 'de', flow: 'portal_registration' });

    const step1 = await botBubble(page, 'Schritt 1 von 8');
    expect(step1).toContain('Anmelden/Registrieren');
    await expect(buttonTitles(page)).resolves.toEqual(['Weiter', 'Ich habe ein Problem', 'Beenden', 'Mit einem Menschen sprechen']);

    await press(page, 'Weiter');
    const step2 = await botBubble(page, 'Schritt 2 von 8');
    expect(step2).toContain('BundID');
    // The click goes to the bot as a messageBack with the step it was shown on.
    const click = await waitForActivity(posted, (a) => a.type === 'message' && (a.value as { cmd?: string } | undefined)?.cmd === 'go');
    expect(click).toMatchObject({ text: 'Weiter', value: { action: 'flow', flow: 'portal_registration', cmd: 'go', at: 'open_portal', to: 'choose_login' } });

    await press(page, 'BA-Konto (E-Mail)');
    const step3 = await botBubble(page, 'Schritt 3 von 8');
    expect(step3).toContain('Captcha');

    await press(page, 'Weiter');
    const step3b = await botBubble(page, 'Bestätigungs-Link');
    expect(step3b).toContain('Schritt 3 von 8');
    await expect(buttonTitles(page)).resolves.toContain('Zurück');
    await context.close();
  });

  it('runs right to left in Arabic, with the buttons in Arabic', async () => {
    const { context, page } = await openChatPage(suite.browser, suite.lotse.url, { path: '/?flow=which_office&lang=ar', locale: 'ar' });
    await acceptPrivacyNotice(page);
    await botBubble(page, 'الخطوة 1 من 3');
    await expect(page.locator('#webchat').getAttribute('dir')).resolves.toBe('rtl');
    await press(page, 'مساعدة في الإيجار');
    await botBubble(page, 'الخطوة 2 من 3');
    await press(page, 'لا');
    const result = await botBubble(page, 'Wohngeld');
    expect(result).toMatch(/[\u0600-\u06FF]/);
    await context.close();
  });
});
