/**
 * Dates in words at a flow's date step, in every language: "gestern", "vor zwei Wochen",
 * "letzten Montag", "am 3. März", "two weeks ago", "позавчора", "geçen pazartesi" … — read as
 * the date they mean (today here is Monday, 23 November 2026), and a real turn moves on.
 */
import path from 'node:path';
import { loadContent } from '../content/load';
import { MemoryStore } from '../adapters/store/document';
import { buildKnowledge } from '../bot/knowledge';
import { LotseBot } from '../bot/lotseBot';
import { parseDate } from '../bot/flows/dates';
import { ChatClient } from '../scripts/flow-walks';

const TODAY = '2026-11-23';

const PAST: Array<[string, string]> = [
  ['gestern', '2026-11-22'],
  ['vorgestern', '2026-11-21'],
  ['vor zwei Wochen', '2026-11-09'],
  ['vor 3 Tagen', '2026-11-20'],
  ['vor einer Woche', '2026-11-16'],
  ['vor zwei Monaten', '2026-09-23'],
  ['letzten Montag', '2026-11-16'],
  ['am Freitag', '2026-11-20'],
  ['am 3. März', '2026-03-03'],
  ['heute', '2026-11-23'],
  ['Gestern', '2026-11-22'],
  ['yesterday', '2026-11-22'],
  ['two weeks ago', '2026-11-09'],
  ['a week ago', '2026-11-16'],
  ['last Friday', '2026-11-20'],
  ['the day before yesterday', '2026-11-21'],
  ['позавчора', '2026-11-21'],
  ['два тижні тому', '2026-11-09'],
  ['минулої п’ятниці', '2026-11-20'],
  ['вчера', '2026-11-22'],
  ['две недели назад', '2026-11-09'],
  ['в прошлую пятницу', '2026-11-20'],
  ['неделю назад', '2026-11-16'],
  ['أمس', '2026-11-22'],
  ['منذ أسبوعين', '2026-11-09'],
  ['قبل ثلاثة أيام', '2026-11-20'],
  ['dün', '2026-11-22'],
  ['iki hafta önce', '2026-11-09'],
  ['geçen pazartesi', '2026-11-16'],
  ['دیروز', '2026-11-22'],
  ['دو هفته پیش', '2026-11-09'],
  ['۳ روز پیش', '2026-11-20'],
  ['ieri', '2026-11-22'],
  ['acum două săptămâni', '2026-11-09'],
  ['вчера', '2026-11-22'],
  ['преди две седмици', '2026-11-09'],
  ['wczoraj', '2026-11-22'],
  ['dwa tygodnie temu', '2026-11-09'],
  ['w zeszły piątek', '2026-11-20'],
  ['hier', '2026-11-22'],
  ['il y a deux semaines', '2026-11-09'],
  ['avant-hier', '2026-11-21'],
];

const FUTURE: Array<[string, string]> = [
  ['morgen', '2026-11-24'],
  ['übermorgen', '2026-11-25'],
  ['in zwei Wochen', '2026-12-07'],
  ['nächsten Freitag', '2026-11-27'],
  ['in three days', '2026-11-26'],
  ['через два тижні', '2026-12-07'],
  ['yarın', '2026-11-24'],
  ['za dwa tygodnie', '2026-12-07'],
  ['dans une semaine', '2026-11-30'],
];

describe('relative dates in words', () => {
  it.each(PAST)('"%s" is %s', (text, date) => {
    expect(parseDate(text, TODAY, 'past')).toEqual({ ok: true, date });
  });
  it.each(FUTURE)('"%s" is %s', (text, date) => {
    expect(parseDate(text, TODAY, 'future')).toEqual({ ok: true, date });
  });
  it('a question that mentions a day stays a question', () => {
    expect(parseDate('Was mache ich wenn der Brief heute immer noch nicht gekommen ist', TODAY, 'past')).toEqual({ ok: false, reason: 'none' });
    expect(parseDate('Wie lange dauert das', TODAY, 'past')).toEqual({ ok: false, reason: 'none' });
  });
  it('"tomorrow" where a past date is asked for is implausible, not taken', () => {
    expect(parseDate('morgen', TODAY, 'past')).toEqual({ ok: false, reason: 'implausible' });
  });
});

describe('a date step in a real conversation', () => {
  const snapshot = loadContent(path.resolve(__dirname, '..', 'content'), 'musterstadt');
  const knowledge = buildKnowledge(snapshot);
  const quiet = { info() {}, warn() {}, error() {} };

  async function atCodeWhen(language: string) {
    const bot = new LotseBot({ knowledge: () => knowledge, store: new MemoryStore(), logger: quiet, pseudonym: (id) => id, now: () => new Date('2026-11-23T10:00:00Z') });
    const c = new ChatClient(bot, { channelId: 'test', conversationId: 'c1', userId: 'u1' });
    await c.start(language, 'portal_registration');
    for (const to of ['choose_login', 'ba_account', 'ba_confirm_email', 'second_factor', 'profile', 'profile_unlock', 'activation_code', 'code_when']) await c.go(to);
    expect(c.step()).toMatchObject({ step: 'code_when' });
    return c;
  }

  it.each([
    ['de', 'vor zwei Wochen', 'p_letter_missing'],
    ['de', 'gestern', 'code_wait'],
    ['uk', 'позавчора', 'code_wait'],
    ['tr', 'geçen pazartesi', 'code_wait'],
    ['en', 'two weeks ago', 'p_letter_missing'],
    ['ar', 'منذ أسبوعين', 'p_letter_missing'],
  ])('in %s, "%s" moves the flow on to %s', async (language, text, next) => {
    const c = await atCodeWhen(language);
    await c.say(text);
    expect(c.step()).toMatchObject({ step: next });
  });
});
