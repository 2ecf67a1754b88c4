import { it } from '@jest/globals';
import { lotseAndChromiumPerFile, startLotse, waitForActivity } from './harness';
import { acceptPrivacyNotice, openChatPage } from './chat-page';
const suite = lotseAndChromiumPerFile();
it('offline', async () => {
    const own = await startLotse();
    const { context, page, posted } = await openChatPage(suite.browser, own.url);
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    await acceptPrivacyNotice(page);
    await waitForActivity(posted, (a) => a.name === 'lotse/start');
    await page.waitForTimeout(500);
    logs.push('---- STOP');
    await own.stop();
    await page.waitForTimeout(20000);
    console.log(logs.join('\n'));
    console.log(await page.evaluate(() => document.querySelector('#webchat .webchat__toaster')?.outerHTML.slice(0, 500)));
    await context.close();
}, 60000);
