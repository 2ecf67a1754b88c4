/**
 * A callback request is never lost silently (issue 16): the phone step reads numbers written in
 * words in every language, asks again on a near miss without leaving the form, recalls the form
 * after another question, and the citizen can always see and cancel what they asked for.
 */
import type { CallbackData, HandoffCase } from '../bot/handoff/model';
import { COLLECTIONS } from '../bot/state';
import { buttonsOf, events, SATURDAY_NIGHT, setupHandoff, texts, type Setup } from './helpers/handoff';

async function atPhoneStep(s: Setup, language: string, personText: string) {
  await s.event('lotse/start', { language });
  const offer = await s.say(personText);
  const consent = await s.press(offer, 'handoff.callback');
  const phoneConsent = await s.press(consent, 'handoff.consent', { share: true });
  const time = await s.press(phoneConsent, 'handoff.callbackConsent', { agree: true });
  const ask = await s.press(time, 'handoff.time', { slot: 'afternoon' });
  expect((await s.state())?.handoff?.status).toBe('callbackPhone');
  return ask;
}

async function storedPhone(s: Setup): Promise<string | undefined> {
  const [item] = await s.desk.queue();
  const c = item?.case as HandoffCase | undefined;
  return c ? (await s.store.read<CallbackData>(COLLECTIONS.callbacks, c.id))?.value.phone : undefined;
}

describe('the phone number step', () => {
  it.each([
    ['de', 'Ich möchte mit einem Menschen sprechen', 'meine nummer ist null eins sieben eins eins zwei drei vier fünf sechs sieben', '01711234567'],
    ['en', 'I want to talk to a person', 'zero one seven one, one two three, four five six seven', '01711234567'],
    ['uk', 'Я хочу поговорити з людиною', 'нуль один сім один один два три чотири пʼять шість сім', '01711234567'],
    ['ru', 'Я хочу поговорить с человеком', 'ноль один семь один один два три четыре пять шесть семь', '01711234567'],
    ['tr', 'Bir insanla konuşmak istiyorum', 'sıfır bir yedi bir bir iki üç dört beş altı yedi', '01711234567'],
    ['ar', 'أريد التحدث مع موظف', '٠١٧١ ١٢٣ ٤٥ ٦٧', '01711234567'],
    ['pl', 'Chcę porozmawiać z człowiekiem', '+49 (171) 123-45-67', '+491711234567'],
  ])('in %s, a number written as "%s"… is taken and the callback created', async (language, person, number, phone) => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    await atPhoneStep(s, language, person);
    const done = await s.say(number);
    expect(events(done, 'handoff.initiate')[0]?.value).toMatchObject({ kind: 'callback', language });
    expect(await storedPhone(s)).toBe(phone);
  });

  it('a near miss in words ("null eins sieben eins") is asked again kindly, and the full number typed next is taken', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    await atPhoneStep(s, 'de', 'Ich möchte mit einem Menschen sprechen');
    const again = await s.say('meine nummer ist null eins sieben eins');
    expect(texts(again)).toMatch(/nicht als Telefonnummer/);
    expect(texts(again)).not.toMatch(/Kind ist in Gefahr/);
    expect(buttonsOf(again).map((b) => b.value.action)).toEqual(['handoff.cancel']);
    expect((await s.state())?.handoff?.status).toBe('callbackPhone');
    const done = await s.say('0171 1234567');
    expect(events(done, 'handoff.initiate')).toHaveLength(1);
    expect(await storedPhone(s)).toBe('01711234567');
  });

  it('answers another question at the phone step and then recalls the missing number; after three questions it says the callback was not registered', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    await atPhoneStep(s, 'de', 'Ich möchte mit einem Menschen sprechen');
    const answer = await s.say('Wann wird das Bürgergeld überwiesen?');
    expect(texts(answer)).toMatch(/Monat/);
    expect(texts(answer)).toMatch(/Rückruf ist noch nicht eingetragen/);
    expect((await s.state())?.handoff?.status).toBe('callbackPhone');
    await s.say('Wo finde ich das Jobcenter?');
    const dropped = await s.say('Was ist ein Weiterbewilligungsantrag?');
    expect(texts(dropped)).toMatch(/nicht eingetragen, weil keine Telefonnummer kam/);
    expect(buttonsOf(dropped).map((b) => b.value.action)).toContain('handoff.callback');
    expect((await s.state())?.handoff).toBeUndefined();
  });
});

describe('what I asked for', () => {
  it('shows the pending callback with its time on "mein Rückruf" and lets the citizen cancel it', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    await atPhoneStep(s, 'de', 'Ich möchte mit einem Menschen sprechen');
    const done = await s.say('0170 1234567');
    expect(buttonsOf(done).map((b) => b.value.action)).toEqual(['handoff.status', 'handoff.cancel']);
    await s.say('Wann wird das Bürgergeld überwiesen?');
    const status = await s.say('Wo ist mein Rückruf?');
    expect(texts(status)).toMatch(/Sie haben einen Rückruf angefragt/);
    expect(texts(status)).toMatch(/Nachmittags/);
    expect(texts(status)).not.toContain('1234567');
    const cancelled = await s.press(status, 'handoff.cancel');
    expect(texts(cancelled)).toMatch(/abgebrochen/);
    expect((await s.desk.queue())[0]?.case.status).toBe('closed');
    expect(await s.store.list(COLLECTIONS.callbacks)).toEqual([]);
  });

  it('answers "my callback" in the citizen\'s language (Ukrainian) and says when there is none', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    await s.event('lotse/start', { language: 'uk' });
    const none = await s.say('мій дзвінок');
    expect(texts(none)).toMatch(/немає запиту/);
    await atPhoneStep(s, 'uk', 'Я хочу поговорити з людиною');
    await s.say('0170 1234567');
    const status = await s.say('мій дзвінок');
    expect(texts(status)).toMatch(/Ви замовили зворотний дзвінок/);
    expect(buttonsOf(status)[0]?.title).toBe('Скасувати дзвінок');
  });
});
