/**
 * How the tests drive the chat page: open it, accept the notice, ask, read the answers.
 * Selectors of Web Chat's DOM live here only, so a Web Chat upgrade is fixed in one place.
 */
import { expect } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordPostedActivities, recordReceivedActivities, type WireActivity } from './harness';

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
  /** What the page posted to Direct Line. */
  posted: WireActivity[];
  /** What the server streamed to the page (the bot's replies, echoes of the citizen's posts). */
  received: WireActivity[];
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
  const received = recordReceivedActivities(page);
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(new URL(options.path ?? '/', baseUrl).toString());
  await page.waitForFunction(() => !document.body.classList.contains('is-loading'));
  return { context, page, posted, received };
}

export async function acceptPrivacyNotice(page: Page): Promise<void> {
  await page.locator('#start').click();
  await page.locator(WEBCHAT.sendBox).waitFor();
}

/** Picks a language in the page's picker and waits until the page has switched to it. */
export async function chooseLanguage(page: Page, code: string): Promise<void> {
  await page.selectOption('#language', code);
  await page.waitForFunction((lang) => document.documentElement.lang === lang && document.title !== 'Lotse', code);
}

/** Types a question into Web Chat's send box and sends it with Enter. */
export async function askQuestion(page: Page, text: string): Promise<void> {
  const box = page.locator(WEBCHAT.sendBox);
  await box.fill(text);
  await box.press('Enter');
}

/** Waits for the first bot message shown after the citizen's `question` and returns its text. */
export async function replyTo(page: Page, question: string): Promise<string> {
  const handle = await page.waitForFunction(
    (text) => {
      const bubbles = Array.from(document.querySelectorAll('#webchat .webchat__bubble'));
      let asked = -1;
      bubbles.forEach((bubble, i) => {
        if (bubble.classList.contains('webchat__bubble--from-user') && (bubble as HTMLElement).innerText.includes(text)) asked = i;
      });
      if (asked < 0) return null;
      const reply = bubbles.slice(asked + 1).find((bubble) => !bubble.classList.contains('webchat__bubble--from-user'));
      return reply ? (reply as HTMLElement).innerText.trim() : null;
    },
    question,
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as string;
}

/**
 * The one assertion that depends on what the core says (today: the sample content's answer
 * about payment dates). Content edits may change the wording; keep the check loose and here.
 */
export function expectAnswerAboutPayment(reply: string, question: string): void {
  expect(reply).not.toBe(`echo: ${question}`);
  expect(reply).toMatch(/paid|payment|money|account/i);
}
