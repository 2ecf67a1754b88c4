import { it } from '@jest/globals';
import { lotseAndChromiumPerFile, waitForActivity } from './harness';
import { acceptPrivacyNotice, askQuestion, chooseLanguage, openChatPage } from './chat-page';
const suite = lotseAndChromiumPerFile();
it('debug', async () => {
  const { context, page, posted, received } = await openChatPage(suite.browser, suite.lotse.url);
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  await chooseLanguage(page, 'ar');
  await acceptPrivacyNotice(page);
  await waitForActivity(posted, (a) => a.name === 'lotse/start');
  await askQuestion(page, 'لا أريد أن أعيش بعد الآن');
  await page.waitForTimeout(4000);
  console.log(await page.evaluate(() => [document.getElementById('crisis')!.hidden, document.getElementById('crisis-lines')!.innerHTML, Array.from(document.querySelectorAll('#webchat a')).map(a => a.outerHTML).join('\n')]));
  await page.screenshot({ path: '/tmp/webx/shots/dbg.png' });
  console.log(JSON.stringify(received.map((a) => [a.type, a.locale, (a as any).channelData])));
  await context.close();
});
