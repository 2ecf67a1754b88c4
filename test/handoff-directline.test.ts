/**
 * Handoff over Lotse's real Direct Line with Microsoft's client (botframework-directlinejs):
 * crisis messages in many languages get the crisis numbers in the very first reply; out of
 * office hours a request for a person leads to a callback, never to live chat; in hours the
 * live chat goes from request to claim, messages both ways and hand back, with the protocol's
 * handoff events on the wire.
 */
import type { Activity as ClientActivity, DirectLine as DirectLineType } from 'botframework-directlinejs';
import WebSocket from 'ws';
import type { Lotse } from '../app/bootstrap';
import { MemoryStore } from '../adapters/store/document';
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MONDAY_11, SATURDAY_NIGHT } from './helpers/handoff';

const globals = globalThis as Record<string, unknown>;
globals.XMLHttpRequest = require('xhr2');
globals.WebSocket = WebSocket;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

type Activity = { id?: string; type: string; name?: string; text?: string; value?: unknown; from?: { id?: string; role?: string }; suggestedActions?: { actions: Array<{ title: string; value: { action: string; [k: string]: unknown } }> } };

const clock = { now: MONDAY_11 };
let running: TestLotse;
let lotse: Lotse;
let domain: string;

beforeAll(async () => {
  running = await startTestLotse({ now: () => clock.now, store: new MemoryStore() });
  lotse = running.lotse;
  domain = `${running.origin}/v3/directline`;
});

afterAll(async () => {
  await running?.stop();
});

interface Client {
  directLine: DirectLineType;
  /** Everything from the bot (echoes of the citizen's own messages left out). */
  fromBot: Activity[];
  send(text: string, value?: unknown): Promise<void>;
  /** The page's start event with its language. */
  start(language: string): Promise<void>;
  /** Waits for the next `count` bot activities after the ones seen so far. */
  next(count?: number, predicate?: (a: Activity) => boolean): Promise<Activity[]>;
  press(action: string, extra?: Record<string, unknown>): Promise<void>;
  end(): void;
}

function connect(): Client {
  const directLine = new DirectLine({ domain, webSocket: true, timeout: 5000 });
  const fromBot: Activity[] = [];
  let seen = 0;
  const waiters: Array<() => void> = [];
  directLine.activity$.subscribe(
    (activity) => {
      const a = activity as unknown as Activity;
      if (a.from?.role === 'user') return;
      fromBot.push(a);
      for (const wake of waiters.splice(0)) wake();
    },
    () => {},
  );
  const client: Client = {
    directLine,
    fromBot,
    send: (text, value) =>
      new Promise((resolve, reject) => {
        directLine.postActivity({ type: 'message', text, value, from: { id: 'citizen-1' } } as ClientActivity).subscribe(() => resolve(), reject);
      }),
    start: (language) =>
      new Promise((resolve, reject) => {
        directLine.postActivity({ type: 'event', name: 'lotse/start', value: { language }, from: { id: 'citizen-1' } } as ClientActivity).subscribe(() => resolve(), reject);
      }),
    next(count = 1, predicate = () => true) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited for ${count} activities; got ${JSON.stringify(fromBot.slice(seen))}`)), 8000);
        const check = (): void => {
          const fresh = fromBot.slice(seen).filter(predicate);
          if (fresh.length >= count) {
            clearTimeout(timer);
            const last = fromBot.indexOf(fresh[count - 1] as Activity);
            const batch = fromBot.slice(seen, last + 1);
            seen = last + 1;
            resolve(batch);
          } else waiters.push(check);
        };
        check();
      });
    },
    async press(action, extra = {}) {
      const withButtons = [...fromBot].reverse().find((a) => a.suggestedActions?.actions.some((b) => b.value.action === action));
      const button = withButtons?.suggestedActions?.actions.find((b) => b.value.action === action && Object.entries(extra).every(([k, v]) => b.value[k] === v));
      if (!button) throw new Error(`no button ${action}`);
      await client.send(button.title, button.value);
    },
    end() {
      try {
        directLine.end();
      } catch {
        // ends with "conversation ended"
      }
    },
  };
  return client;
}

const isMessage = (a: Activity): boolean => a.type === 'message';
const actions = (a: Activity | undefined): string[] => a?.suggestedActions?.actions.map((b) => b.value.action) ?? [];

describe('crisis over Direct Line', () => {
  it.each([
    ['de', 'Ich will nicht mehr leben, es hat alles keinen Sinn', '0800 111 0 111'],
    ['en', 'My husband beats me and I am scared to go home', '116 016'],
    ['ar', 'لا أريد أن أعيش بعد الآن، أفكر في الانتحار', '0800 111 0 111'],
    ['uk', 'Чоловік мене б’є, я боюся за себе', '116 016'],
    ['tr', 'Bu gece kalacak yerim yok, sokakta kaldım', '01234 5678-55'],
    ['fa', 'دیگر نمی‌خواهم زندگی کنم، به خودکشی فکر می‌کنم', '0800 111 0 111'],
    ['ru', 'У нас дома нечего есть, дети голодные, денег нет совсем', '01234 5678-99'],
    ['pl', 'Mąż mnie bije i grozi mi, boję się', '116 016'],
  ])('%s: the first reply gives the crisis numbers, then a person is offered', async (_language, text, number) => {
    clock.now = MONDAY_11;
    const client = connect();
    try {
      await client.send(text);
      const [first, ...rest] = await client.next(2, isMessage);
      expect(first?.text).toContain(number);
      const offer = [first, ...rest].find((a) => a && actions(a).includes('handoff.callback'));
      expect(offer).toBeDefined();
    } finally {
      client.end();
    }
  });
});

describe('a person out of office hours', () => {
  it('offers a callback and no live chat, then takes the request with consent and a valid number', async () => {
    clock.now = SATURDAY_NIGHT;
    lotse.handoff.presence.touch('anna', clock.now); // even with staff in the console: outside the live-chat hours
    const client = connect();
    try {
      await client.send('I would like to talk to a real person');
      const offer = (await client.next(2, isMessage)).filter(isMessage);
      const last = offer[offer.length - 1];
      expect(actions(last)).toEqual(['handoff.callback']);
      expect(last?.text).toMatch(/Live chat \(Mon–Wed 09:00–15:00.*\): closed right now\. It opens again on Monday at 09:00\./);
      expect(last?.text).toMatch(/01234 5678-0/);

      await client.press('handoff.callback');
      await client.next(1, isMessage); // may staff read the conversation?
      await client.press('handoff.consent', { share: true });
      const phoneConsent = await client.next(1, isMessage);
      expect(phoneConsent[phoneConsent.length - 1]?.text).toMatch(/phone number and a time/);
      await client.press('handoff.callbackConsent', { agree: true });
      await client.next(1, isMessage);
      await client.press('handoff.time', { slot: 'afternoon' });
      await client.next(1, isMessage);
      await client.send('0170 9876543');
      const done = await client.next(1, isMessage);
      expect(done.some((a) => a.type === 'event' && a.name === 'handoff.initiate')).toBe(true);
      expect(done[done.length - 1]?.text).toMatch(/call you back/);

      const queue = await lotse.handoff.queue();
      const c = queue.find((i) => i.case.kind === 'callback' && i.case.status === 'waiting');
      expect(c?.case.language).toBe('en');
      expect(c?.summary.topics.map((t) => t.id)).toContain('talk_to_person');
    } finally {
      client.end();
    }
  });
});

describe('live chat over Direct Line', () => {
  it('delivers the claim, staff replies and the hand back to the citizen through the outbox', async () => {
    clock.now = MONDAY_11;
    lotse.handoff.presence.touch('anna', clock.now);
    const anna = { id: 'anna', displayName: 'Anna Schmidt' };
    const client = connect();
    try {
      await client.start('uk');
      await client.next(1, isMessage); // welcome
      await client.send('Хочу поговорити з людиною');
      await client.next(2, isMessage);
      await client.press('handoff.live');
      await client.next(1, isMessage);
      await client.press('handoff.consent', { share: true });
      const waiting = await client.next(1, isMessage);
      const initiate = waiting.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
      expect(initiate?.value).toMatchObject({ kind: 'live', language: 'uk', consent: true });

      const item = (await lotse.handoff.queue()).find((i) => i.case.status === 'waiting' && i.case.kind === 'live');
      expect(item).toBeDefined();
      await lotse.handoff.claim(item!.case.id, anna, item!.etag);
      const accepted = await client.next(1, isMessage);
      expect(accepted.find((a) => a.type === 'event' && a.name === 'handoff.status')?.value).toMatchObject({ state: 'accepted' });
      expect(accepted[accepted.length - 1]?.text).toMatch(/Anna Schmidt/);

      await lotse.handoff.reply(item!.case.id, anna, 'Guten Tag! Wie kann ich helfen?');
      const reply = await client.next(1, isMessage);
      expect(reply[0]?.text).toMatch(/^\*\*Anna Schmidt\*\*/);

      await client.send('Мої гроші не прийшли');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(client.fromBot.filter(isMessage).slice(-1)[0]?.text).toMatch(/Guten Tag/); // the bot stayed silent
      const view = await lotse.handoff.view(item!.case.id, anna);
      expect(view.transcript.some((l) => l.from === 'user' && l.text.includes('гроші не прийшли'))).toBe(true);

      await lotse.handoff.handBack(item!.case.id, anna);
      const back = await client.next(1, isMessage);
      expect(back.find((a) => a.type === 'event')?.value).toMatchObject({ state: 'completed' });
      expect(back[back.length - 1]?.text).toMatch(/Lotse/);
      expect(back[back.length - 1]?.text).toMatch(/[іїє]/);
    } finally {
      client.end();
    }
  });
});
