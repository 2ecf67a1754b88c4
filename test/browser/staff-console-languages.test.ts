/**
 * The staff console with a citizen writing Arabic: no 401 on load, the new request announced in
 * the title, claimed by keyboard, the transcript scrolled to the newest message and shown right to
 * left with numbers left to right, the citizen's language named, a mark for German replies, and
 * axe without serious findings (colour contrast included).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { startTestLotse, type TestLotse } from '../helpers/lotse-server';
import { launchChromium, waitForActivity } from './harness';
import { acceptPrivacyNotice, askQuestion, chooseLanguage, openChatPage, WEBCHAT } from './chat-page';

const PASSWORD = 'a long and secret staff password';
/** A Monday, 10:00 in Berlin: within the live-chat hours. */
const START = Date.parse('2026-11-23T09:00:00Z');
const SHOTS = process.env.LOTSE_SCREENSHOTS;

let running: TestLotse;
let browser: Browser;

beforeAll(async () => {
  const offset = START - Date.now();
  [running, browser] = await Promise.all([
    startTestLotse({ now: () => new Date(Date.now() + offset), staff: [{ username: 'anna', displayName: 'Anna Schmidt', password: PASSWORD }] }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function choose(page: Page, name: string): Promise<void> {
  await page.locator('.webchat__suggested-actions__button').filter({ hasText: name }).click();
}

describe('the staff console with a citizen writing Arabic', () => {
  it('names the language, shows it right to left, follows the newest message and marks German replies', async () => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    const staff = await context.newPage();
    const failedCalls: string[] = [];
    staff.on('response', (response) => {
      if (response.status() >= 400) failedCalls.push(`${response.status()} ${response.url()}`);
    });
    await staff.goto(new URL('/staff', running.server.url).toString());
    await staff.locator('#login').waitFor();
    await staff.waitForTimeout(300);
    expect(failedCalls).toEqual([]);
    await expect(staff.locator('#case-none').innerText()).resolves.not.toMatch(/links|rechts/);
    await staff.fill('#username', 'anna');
    await staff.fill('#password', PASSWORD);
    await staff.locator('#login-form button[type="submit"]').click();
    await staff.locator('#queue-empty').waitFor();
    await expect(staff.title()).resolves.toBe('Lotse · Konsole für Mitarbeitende');

    const citizen = await openChatPage(browser, running.server.url);
    await chooseLanguage(citizen.page, 'ar');
    await acceptPrivacyNotice(citizen.page);
    await waitForActivity(citizen.posted, (a) => a.name === 'lotse/start');
    for (const question of ['متى يصل المال؟', 'سؤال عن (Jobcenter) من 08:00–16:00']) {
      await askQuestion(citizen.page, question);
      await citizen.page.waitForTimeout(600);
    }
    await citizen.page.locator('#handoff').click();
    await citizen.page.locator('.webchat__suggested-actions__button').filter({ hasText: 'دردشة مع موظف الآن' }).waitFor({ timeout: 10_000 });
    await choose(citizen.page, 'دردشة مع موظف الآن');
    await citizen.page.locator('.webchat__suggested-actions__button').filter({ hasText: 'نعم، يمكنه القراءة' }).waitFor({ timeout: 10_000 });
    await choose(citizen.page, 'نعم، يمكنه القراءة');

    // Announced in the tab title; claimed with the keyboard alone.
    await staff.waitForFunction(() => document.title.startsWith('(1) '), null, { timeout: 10_000 });
    const claim = staff.locator('#queue-body tr').first().getByRole('button', { name: 'Übernehmen' });
    await claim.focus();
    await staff.keyboard.press('Enter');
    await staff.locator('#reply-form').waitFor();
    await staff.waitForFunction(() => !document.title.startsWith('('), null, { timeout: 10_000 });

    // The language named, right to left per message, numbers left to right.
    await expect(staff.locator('#reply-language').innerText()).resolves.toMatch(/Arabisch.*rechts nach links/);
    const arabicLine = staff.locator('#transcript .transcript__text').filter({ hasText: 'متى يصل المال' }).first();
    await expect(arabicLine.getAttribute('lang')).resolves.toBe('ar');
    await expect(arabicLine.evaluate((el) => getComputedStyle(el).direction)).resolves.toBe('rtl');
    const isolated = await staff.locator('#transcript .transcript__text').filter({ hasText: 'سؤال عن' }).first().textContent();
    expect(isolated).toContain('(\u2066Jobcenter\u2069)');
    expect(isolated).toContain('\u206608:00–16:00\u2069');

    // Many messages later the transcript shows the newest one.
    for (let i = 1; i <= 8; i++) {
      await askQuestion(citizen.page, `رسالة رقم ${i} من المواطن`);
      await citizen.page.waitForTimeout(150);
    }
    await staff.locator('#transcript li').filter({ hasText: /رسالة رقم \u2066?8/ }).waitFor({ timeout: 10_000 });
    const scrolled = await staff.locator('#transcript').evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2);
    expect(scrolled).toBe(true);

    // A German reply to an Arabic-speaking citizen is marked, with the way to the quick texts.
    await staff.fill('#reply', 'Guten Tag, ich bin für Sie da. Bitte schreiben Sie mir Ihre Frage.');
    await expect(staff.locator('#reply-german').isVisible()).resolves.toBe(true);
    await expect(staff.locator('#reply-german-text').innerText()).resolves.toMatch(/Arabisch/);
    await staff.locator('#reply-german-quick').click();
    await expect(staff.evaluate(() => document.activeElement?.id)).resolves.toBe('quick');
    await staff.fill('#reply', 'مرحبا، كيف يمكنني مساعدتك؟');
    await expect(staff.locator('#reply-german').isVisible()).resolves.toBe(false);
    await expect(staff.locator('#reply').evaluate((el) => getComputedStyle(el).direction)).resolves.toBe('rtl');
    if (SHOTS) await staff.screenshot({ path: `${SHOTS}/staff-ar.png`, fullPage: true });

    expect(await seriousViolations(staff)).toEqual([]);
    await citizen.context.close();
    await context.close();
  }, 120_000);
});
