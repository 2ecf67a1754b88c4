/**
 * Crisis first, and visible: after "Ich will nicht mehr leben" 112 and the TelefonSeelsorge are
 * on screen when the reply settles (phone and desktop), every number is a tel: link, and in
 * Arabic and Persian the numbers read left to right.
 */
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { lotseAndChromiumPerFile, waitForActivity } from './harness';
import { acceptPrivacyNotice, askQuestion, chooseLanguage, openChatPage } from './chat-page';

const suite = lotseAndChromiumPerFile();
const SHOTS = process.env.LOTSE_SCREENSHOTS;

/** Waits until the bot's replies stop coming (crisis answer plus the offer of a person). */
async function settle(page: Page): Promise<void> {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const count = await page.locator('#webchat .webchat__bubble').count();
    if (count === last && count > 0) return;
    last = count;
    await page.waitForTimeout(400);
  }
}

/** The tel: links fully inside the viewport, by href. */
function visibleTelLinks(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('a[href^="tel:"]'))
      .filter((a) => {
        const box = a.getBoundingClientRect();
        if (box.width === 0 || box.top < 0 || box.bottom > window.innerHeight) return false;
        // Not covered by the header or anything else.
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return !!hit && (hit === a || a.contains(hit));
      })
      .map((a) => a.getAttribute('href') as string),
  );
}

describe('crisis numbers', () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 720 }]) {
    it(`shows 112 and the TelefonSeelsorge as tappable links when the reply settles (${viewport.width}×${viewport.height})`, async () => {
      const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url, { viewport });
      await acceptPrivacyNotice(page);
      await waitForActivity(posted, (a) => a.name === 'lotse/start');
      await askQuestion(page, 'Ich will nicht mehr leben');
      await page.locator('#crisis').waitFor();
      await settle(page);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/crisis-de-${viewport.width}.png` });
      const visible = await visibleTelLinks(page);
      expect(visible).toEqual(expect.arrayContaining(['tel:112', 'tel:08001110111']));
      // Bold in the answer itself too.
      const bold = await page.locator('#webchat strong a[href="tel:08001110111"], #webchat a[href="tel:08001110111"] strong').count();
      expect(bold).toBeGreaterThan(0);
      await context.close();
    });
  }

  for (const language of ['ar', 'fa']) {
    it(`keeps the numbers left to right and bold in ${language === 'ar' ? 'Arabic' : 'Persian'}, with no serious axe findings`, async () => {
      const { context, page, posted } = await openChatPage(suite.browser, suite.lotse.url);
      await chooseLanguage(page, language);
      await acceptPrivacyNotice(page);
      await waitForActivity(posted, (a) => a.name === 'lotse/start');
      await askQuestion(page, language === 'ar' ? 'لا أريد أن أعيش بعد الآن' : 'دیگر نمی‌خواهم زندگی کنم');
      await page.locator('#crisis').waitFor();
      await settle(page);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/crisis-${language}.png` });
      // In the chat: the number is isolated (left-to-right inside right-to-left text) and bold.
      const inChat = await page.locator('#webchat a[href="tel:08001110222"]').first().evaluate((a) => ({
        text: a.textContent,
        bold: !!a.closest('strong') || !!a.querySelector('strong'),
      }));
      expect(inChat.text).toBe('\u20660800 111 0 222\u2069');
      expect(inChat.bold).toBe(true);
      // Rendered left to right: "0800" is left of "222".
      const order = await page.locator('#crisis a[href="tel:08001110222"] bdi').evaluate((bdi) => {
        const range = document.createRange();
        const text = bdi.firstChild as Text;
        range.setStart(text, 0);
        range.setEnd(text, 4);
        const first = range.getBoundingClientRect().left;
        range.setStart(text, text.length - 3);
        range.setEnd(text, text.length);
        return { first, last: range.getBoundingClientRect().left, dir: bdi.getAttribute('dir') };
      });
      expect(order.dir).toBe('ltr');
      expect(order.first).toBeLessThan(order.last);
      await expect(visibleTelLinks(page)).resolves.toEqual(expect.arrayContaining(['tel:112', 'tel:08001110222']));
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await context.close();
    }, 90_000);
  }
});
