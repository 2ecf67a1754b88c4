/**
 * Scripted citizens walking through the guided flows against the real bot in-process: the
 * figures for `npm run report:flows -- --demo` and a fixture for the flow tests. Each walk is a
 * list of clicks and typed messages; the clock moves between them so that "abandoned after 24 h"
 * and "resume days later" really happen.
 */
import type { ActivityJson, Bot, ConversationAddress } from '../bot/core/contracts';

export interface Button {
  title: string;
  value: Record<string, unknown>;
}

/** A citizen's side of a conversation: events, typed text, clicks on the last buttons shown. */
export class ChatClient {
  /** Activities of the last turn. */
  last: ActivityJson[] = [];
  readonly all: ActivityJson[] = [];

  constructor(
    private readonly bot: Bot,
    readonly address: ConversationAddress,
  ) {}

  private async send(activity: ActivityJson): Promise<ActivityJson[]> {
    const result = await this.bot.onActivity({ from: { id: this.address.userId }, ...activity }, this.address);
    this.last = result.activities;
    this.all.push(...result.activities);
    return this.last;
  }

  start(language: string, flow?: string): Promise<ActivityJson[]> {
    return this.send({ type: 'event', name: 'lotse/start', value: flow ? { language, flow } : { language } });
  }

  say(text: string): Promise<ActivityJson[]> {
    return this.send({ type: 'message', text });
  }

  /** Sends a button's value as Web Chat does (messageBack: its title as text, its value). */
  press(button: Button): Promise<ActivityJson[]> {
    return this.send({ type: 'message', text: button.title, value: button.value });
  }

  /** Buttons of the last activity that has any (Web Chat shows only those). */
  buttons(): Button[] {
    const withButtons = [...this.last].reverse().find((a) => (a.suggestedActions as { actions?: unknown[] } | undefined)?.actions?.length);
    const actions = (withButtons?.suggestedActions as { actions?: Array<{ title: string; value: Record<string, unknown> }> } | undefined)?.actions ?? [];
    return actions.map((a) => ({ title: a.title, value: a.value }));
  }

  /** Click the button whose value matches (e.g. `{ cmd: 'go', to: 'ba_account' }`) or whose title contains the text. */
  async click(match: string | Record<string, unknown>): Promise<ActivityJson[]> {
    const button = this.buttons().find((b) =>
      typeof match === 'string' ? b.title.includes(match) : Object.entries(match).every(([k, v]) => b.value[k] === v),
    );
    if (!button) throw new Error(`no button ${JSON.stringify(match)} among ${JSON.stringify(this.buttons().map((b) => [b.title, b.value]))}`);
    return this.press(button);
  }

  /** Go to a step through the buttons: directly, or through "I have a problem" and its list. */
  async go(to: string): Promise<ActivityJson[]> {
    const direct = this.buttons().some((b) => b.value.cmd === 'go' && b.value.to === to);
    if (!direct && this.buttons().some((b) => b.value.cmd === 'problems')) await this.click({ cmd: 'problems' });
    return this.click({ cmd: 'go', to });
  }

  /** The flow step the last turn showed (from channelData), if any. */
  step(): { id?: string; step?: string; kind?: string; n?: number; total?: number } | undefined {
    for (const a of [...this.last].reverse()) {
      const flow = (a.channelData as { lotse?: { flow?: Record<string, unknown> } } | undefined)?.lotse?.flow;
      if (flow) return flow as { id?: string; step?: string; kind?: string; n?: number; total?: number };
    }
    return undefined;
  }

  text(): string {
    return this.last.map((a) => String(a.text ?? '')).join('\n\n');
  }
}

export type WalkAction =
  | { start: string; flow?: string }
  | { go: string }
  | { cmd: 'back' | 'stop' | 'person' | 'problems' | 'resume' | 'restart' | 'show' }
  | { say: string }
  | { wait: number };

export interface Walk {
  name: string;
  user: string;
  /** A new conversation (same user) starts before each group. */
  conversations: WalkAction[][];
}

const HOUR = 3600 * 1000;

/** The scripted citizens of the demo: every path, problem and ending at least once. */
export const DEMO_WALKS: Walk[] = [
  {
    name: 'registration, BA account, code by post, completed',
    user: 'demo-1',
    conversations: [
      [
        { start: 'de', flow: 'portal_registration' },
        { go: 'choose_login' },
        { go: 'ba_account' },
        { go: 'ba_confirm_email' },
        { go: 'second_factor' },
        { go: 'sf_passkey' },
        { go: 'profile' },
        { go: 'profile_unlock' },
        { go: 'activation_code' },
        { go: 'online_delivery' },
        { go: 'delivery_on' },
        { go: 'first_use' },
        { go: 'done' },
      ],
    ],
  },
  {
    name: 'registration, BundID, no online ID → BA account, completed in Arabic',
    user: 'demo-2',
    conversations: [
      [
        { start: 'ar', flow: 'portal_registration' },
        { go: 'choose_login' },
        { go: 'bundid_login' },
        { go: 'p_eid_off' },
        { go: 'ba_account' },
        { go: 'ba_confirm_email' },
        { go: 'second_factor' },
        { go: 'profile' },
        { go: 'profile_create' },
        { go: 'online_delivery' },
        { go: 'delivery_off' },
        { go: 'first_use' },
        { go: 'done' },
      ],
    ],
  },
  {
    name: 'registration, locked account → hotline (handoff)',
    user: 'demo-3',
    conversations: [[{ start: 'en', flow: 'portal_registration' }, { go: 'choose_login' }, { go: 'login_existing' }, { go: 'p_locked' }, { go: 'h_technical' }]],
  },
  {
    name: 'registration, letter missing after 10 days → job centre (handoff)',
    user: 'demo-4',
    conversations: [
      [
        { start: 'uk', flow: 'portal_registration' },
        { go: 'choose_login' },
        { go: 'ba_account' },
        { go: 'ba_confirm_email' },
        { go: 'second_factor' },
        { go: 'profile' },
        { go: 'profile_unlock' },
        { go: 'activation_code' },
        { go: 'code_when' },
        { say: '10 days ago' },
        { go: 'h_jobcenter' },
      ],
    ],
  },
  {
    name: 'registration, waits for the letter, leaves, resumes 3 days later, completed',
    user: 'demo-5',
    conversations: [
      [
        { start: 'tr', flow: 'portal_registration' },
        { go: 'choose_login' },
        { go: 'login_existing' },
        { go: 'p_password' },
        { go: '@origin' },
        { go: 'second_factor' },
        { go: 'profile' },
        { go: 'profile_unlock' },
        { go: 'activation_code' },
        { go: 'code_when' },
        { say: 'today' },
        { wait: 72 },
      ],
      [{ start: 'tr' }, { cmd: 'resume' }, { go: 'activation_code' }, { go: 'online_delivery' }, { go: 'delivery_on' }, { go: 'first_use' }, { go: 'done' }],
    ],
  },
  {
    name: 'registration, abandoned at the second factor',
    user: 'demo-6',
    conversations: [[{ start: 'ru', flow: 'portal_registration' }, { go: 'choose_login' }, { go: 'ba_account' }, { go: 'ba_confirm_email' }, { go: 'second_factor' }, { wait: 30 }]],
  },
  {
    name: 'registration, no confirmation e-mail, stops',
    user: 'demo-7',
    conversations: [[{ start: 'fa', flow: 'portal_registration' }, { go: 'choose_login' }, { go: 'ba_account' }, { go: 'ba_confirm_email' }, { go: 'p_no_confirm_mail' }, { cmd: 'stop' }]],
  },
  {
    name: 'registration, abandoned at the first step',
    user: 'demo-8',
    conversations: [[{ start: 'pl', flow: 'portal_registration' }, { wait: 25 }]],
  },
  {
    name: 'continued-payment application, on time, online, completed',
    user: 'demo-9',
    conversations: [[{ start: 'de', flow: 'wba_checklist' }, { say: 'END+60' }, { go: 'wba_how' }, { go: 'wba_online' }, { go: 'wba_documents' }, { go: 'wba_send' }, { go: 'wba_done' }]],
  },
  {
    name: 'continued-payment application, late, paper, missing document, completed',
    user: 'demo-10',
    conversations: [
      [{ start: 'ro', flow: 'wba_checklist' }, { say: 'END-5' }, { go: 'wba_how' }, { go: 'wba_paper' }, { go: 'wba_documents' }, { go: 'p_missing_doc' }, { go: '@origin' }, { go: 'wba_send' }, { go: 'wba_done' }],
    ],
  },
  {
    name: 'continued-payment application, cannot find the date, talks to a person',
    user: 'demo-11',
    conversations: [[{ start: 'bg', flow: 'wba_checklist' }, { go: 'p_no_date' }, { cmd: 'person' }]],
  },
  {
    name: 'which office: lost job, insured → employment agency',
    user: 'demo-12',
    conversations: [[{ start: 'en', flow: 'which_office' }, { go: 'wo_insured' }, { go: 'r_agentur' }]],
  },
  {
    name: 'which office: rent, no benefits → Wohngeld',
    user: 'demo-13',
    conversations: [[{ start: 'fr', flow: 'which_office' }, { go: 'wo_rent' }, { go: 'r_wohngeld' }]],
  },
  {
    name: 'which office: money to live, cannot work → Sozialamt',
    user: 'demo-14',
    conversations: [[{ start: 'de-x-ls', flow: 'which_office' }, { go: 'wo_work' }, { go: 'r_sozialamt' }]],
  },
];

/** "END+60" → a date 60 days after today in the citizen's typing (dd.mm.yyyy). */
function typed(text: string, now: Date): string {
  const m = /^END([+-]\d+)$/.exec(text);
  if (m) {
    const d = new Date(now.getTime() + Number(m[1]) * 86400000);
    return `${d.getUTCDate()}.${d.getUTCMonth() + 1}.${d.getUTCFullYear()}`;
  }
  if (text === 'today') return `${now.getUTCDate()}.${now.getUTCMonth() + 1}.`;
  if (text === '10 days ago') {
    const d = new Date(now.getTime() - 10 * 86400000);
    return `${d.getUTCDate()}.${d.getUTCMonth() + 1}.${d.getUTCFullYear()}`;
  }
  return text;
}

export interface Clock {
  now(): Date;
  advance(ms: number): void;
}

/** Run walks one after another against a bot whose clock is `clock`. */
export async function runWalks(bot: Bot, clock: Clock, walks: Walk[] = DEMO_WALKS): Promise<void> {
  for (const walk of walks) {
    let conversation = 0;
    for (const actions of walk.conversations) {
      const client = new ChatClient(bot, { channelId: 'demo', conversationId: `${walk.user}-c${conversation++}`, userId: walk.user });
      for (const action of actions) {
        if ('start' in action) await client.start(action.start, action.flow);
        else if ('go' in action) await client.go(action.go);
        else if ('cmd' in action) await client.click({ cmd: action.cmd });
        else if ('say' in action) await client.say(typed(action.say, clock.now()));
        else clock.advance(action.wait * HOUR);
        clock.advance(20_000);
      }
    }
  }
}
