/**
 * Automated WCAG 2.1 AA checks (axe-core) of the chat page, before and during a chat, in a
 * left-to-right and a right-to-left language. Automated checks find only part of the
 * problems; keyboard use and focus order are tested in chat-page.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { lotseAndChromiumPerFile, waitForActivity } from './harness';
import { acceptPrivacyNotice, askQuestion, chooseLanguage, openChatPage, replyTo } from './chat-page';

const suite = lotseAndChromiumPerFile();

/** Serious and critical axe violations, one line each, so a failure names what to fix. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.each(['de', 'ar'])('the chat page in %s', (language) => {
  it('has no serious or critical axe violations with the privacy notice and during a chat', async () => {
    const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
    await chooseLanguage(page, language);
    expect(await seriousViolations(page)).toEqual([]);

    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    const question = language === 'ar' ? 'متى يصل المال؟' : 'Wann kommt mein Geld?';
    await askQuestion(page, question);
    await replyTo(page, question);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
