/**
 * Two real browser pages against the real server: a citizen in the web chat and a staff member
 * in the console at /staff. From "I want to talk to a person" through consent, the queue
 * (with a notification), the claim, messages both ways, to the hand back to Lotse.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../app/server';
import { startTestLotse, type TestLotse } from '../helpers/lotse-server';
import { launchChromium } from './harness';
import { acceptPrivacyNotice, askQuestion, openChatPage, WEBCHAT } from './chat-page';

const PASSWORD = 'a long and secret staff password';
/** A Monday, 10:00 in Berlin: within the live-chat hours. The clock runs on from there. */
const START = Date.parse('2026-11-23T09:00:00Z');

let running: TestLotse;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const offset = START - Date.now();
  [running, browser] = await Promise.all([
    startTestLotse({ now: () => new Date(Date.now() + offset), staff: [{ username: 'anna', displayName: 'Anna Schmidt', password: PASSWORD }] }),
    launchChromium(),
  ]);
  server = running.server;
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

/** Serious and critical axe violations, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The console with a recording stand-in for the browser's Notification API. */
async function openConsole(): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    const shown: Array<{ title: string; body?: string }> = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body });
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(new URL('/staff', server.url).toString());
  await page.locator('#login').waitFor();
  return page;
}

/** Presses one of Web Chat's suggested actions (the buttons under the last bot message). */
async function choose(page: Page, name: string): Promise<void> {
  await page.locator('.webchat__suggested-actions__button').filter({ hasText: name }).click();
}

/** The text of the newest bot bubble that contains `text`. */
async function botBubble(page: Page, text: string): Promise<string> {
  const bubble = page.locator(WEBCHAT.botBubble).filter({ hasText: text }).last();
  await bubble.waitFor({ timeout: 15_000 });
  return bubble.innerText();
}

describe('handoff from the web chat to the staff console', () => {
  it('goes from "I want to talk to a person" to claim, messages both ways and hand back', async () => {
    const staff = await openConsole();
    expect(await seriousViolations(staff)).toEqual([]);
    await staff.fill('#username', 'anna');
    await staff.fill('#password', PASSWORD);
    await staff.locator('#login-form button[type="submit"]').click();
    await staff.locator('#console').waitFor();
    await expect(staff.locator('#me').innerText()).resolves.toContain('Anna Schmidt');
    await staff.check('#notify');
    await staff.locator('#queue-empty').waitFor();

    const citizen = await openChatPage(browser, server.url);
    await acceptPrivacyNotice(citizen.page);
    await askQuestion(citizen.page, 'Ich möchte mit einem Menschen sprechen');
    const offer = await botBubble(citizen.page, 'So erreichen Sie einen Menschen');
    expect(offer).toMatch(/Live-Chat: Mitarbeitende sind gerade online/);
    await choose(citizen.page, 'Jetzt mit Mitarbeitenden chatten');
    await botBubble(citizen.page, 'Darf die Mitarbeiterin oder der Mitarbeiter unser bisheriges Gespräch lesen');
    await choose(citizen.page, 'Ja, darf mitlesen');
    await botBubble(citizen.page, 'Sie warten jetzt auf eine Mitarbeiterin');

    // The queue shows what Lotse understood, in German, and the new request was announced.
    const row = staff.locator('#queue-body tr').first();
    await row.filter({ hasText: 'wartet' }).waitFor({ timeout: 10_000 });
    const rowText = await row.innerText();
    expect(rowText).toMatch(/Live-Chat/);
    expect(rowText).toMatch(/Deutsch/);
    expect(rowText).toMatch(/directline/);
    expect(rowText).toMatch(/Mit einem Menschen sprechen|Wunsch nach einem Menschen/);
    await staff.waitForFunction(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications.length > 0);

    // The queue refreshes every few seconds without taking a keyboard user's focus away.
    await row.getByRole('button', { name: 'Übernehmen' }).focus();
    await staff.waitForTimeout(3000);
    await expect(staff.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Übernehmen');
    await staff.keyboard.press('Enter');
    await staff.locator('#reply-form').waitFor();
    await botBubble(citizen.page, 'Anna Schmidt vom Jobcenter Musterstadt ist jetzt für Sie da');
    expect(await staff.locator('#transcript').innerText()).toContain('Ich möchte mit einem Menschen sprechen');

    await staff.fill('#reply', 'Guten Tag, hier ist Anna Schmidt. Worum geht es?');
    await staff.locator('#reply-form button[type="submit"]').click();
    await botBubble(citizen.page, 'Worum geht es?');

    await askQuestion(citizen.page, 'Mein Geld ist diesen Monat nicht angekommen');
    await staff.locator('#transcript li').filter({ hasText: 'Mein Geld ist diesen Monat nicht angekommen' }).waitFor({ timeout: 10_000 });
    expect(await seriousViolations(staff)).toEqual([]);

    await staff.getByRole('button', { name: 'An Lotse zurückgeben' }).click();
    await botBubble(citizen.page, 'hat das Gespräch an mich, Lotse, zurückgegeben');
    await staff.locator('#case-closed').waitFor();

    // Lotse answers again.
    await askQuestion(citizen.page, 'Wann wird das Bürgergeld überwiesen?');
    await citizen.page.waitForFunction(
      (selector) => {
        const bubbles = Array.from(document.querySelectorAll(selector));
        const last = bubbles[bubbles.length - 1] as HTMLElement | undefined;
        return Boolean(last && !last.innerText.includes('Anna Schmidt') && !last.innerText.includes('zurückgegeben'));
      },
      WEBCHAT.botBubble,
      { timeout: 10_000 },
    );
    await citizen.context.close();
    await staff.context().close();
  }, 120_000);
});
