/**
 * How the tests drive the chat page: open it, accept the notice, ask, read the answers.
 * Selectors of Web Chat's DOM live here only, so a Web Chat upgrade is fixed in one place.
 */
import { expect } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordPostedActivities, type PostedActivity } from './harness';

export const WEBCHAT = {
  sendBox: '#webchat [data-id="webchat-sendbox-input"]',
  botBubble: '#webchat .webchat__bubble:not(.webchat__bubble--from-user)',
  userBubble: '#webchat .webchat__bubble--from-user',
  transcript: '#webchat .webchat__basic-transcript',
  liveRegion: '#webchat .webchat__live-region-transcript',
};

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  posted: PostedActivity[];
}

export interface OpenOptions {
  /** Browser UI language (navigator.language). */
  locale?: string;
  viewport?: { width: number; height: number };
  reducedMotion?: 'reduce' | 'no-preference';
  path?: string;
}

/** A fresh browser profile (empty localStorage) with the page loaded and its strings shown. */
export async function openChatPage(browser: Browser, baseUrl: string, options: OpenOptions = {}): Promise<OpenPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'de-DE',
    viewport: options.viewport ?? { width: 390, height: 844 },
    reducedMotion: options.reducedMotion ?? 'no-preference',
  });
  const page = await context.newPage();
  const posted = recordPostedActivities(page);
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(new URL(options.path ?? '/', baseUrl).toString());
  await page.waitForFunction(() => !document.body.classList.contains('is-loading'));
  return { context, page, posted };
}

export async function acceptPrivacyNotice(page: Page): Promise<void> {
  await page.locator('#start').click();
  await page.locator(WEBCHAT.sendBox).waitFor();
}

/** Types a question into Web Chat's send box and sends it with Enter. */
export async function askQuestion(page: Page, text: string): Promise<void> {
  const box = page.locator(WEBCHAT.sendBox);
  await box.fill(text);
  await box.press('Enter');
}

/** Waits for a bot message beyond the `before` already shown and returns its text. */
export async function nextBotMessage(page: Page, before: number): Promise<string> {
  await page.waitForFunction(([selector, count]) => document.querySelectorAll(selector).length > count, [WEBCHAT.botBubble, before] as const, {
    timeout: 10_000,
  });
  return (await page.locator(WEBCHAT.botBubble).nth(before).innerText()).trim();
}

/**
 * The one assertion tied to the placeholder core in app/bootstrap.ts, which echoes the text
 * back. When the real bot replaces it, change this helper (or drop its single use).
 */
export function expectPlaceholderEchoReply(reply: string, question: string): void {
  expect(reply).toBe(`echo: ${question}`);
}
