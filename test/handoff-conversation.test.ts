/**
 * The citizen's way to a person through the real bot and the handoff desk (no HTTP): consent
 * before anything goes to staff, live chat with claim, replies and hand back, the callback form,
 * leaving, cancelling, an unclaimed request, and a crisis in the middle of it all.
 */
import { COLLECTIONS } from '../bot/state';
import type { CallbackData, HandoffCase } from '../bot/handoff/model';
import { HandoffError } from '../bot/handoff/model';
import { buttonsOf, events, messages, SATURDAY_NIGHT, setupHandoff, texts, type Setup } from './helpers/handoff';

const anna = { id: 'anna', displayName: 'Anna Schmidt' };
const ben = { id: 'ben', displayName: 'Ben Yilmaz' };

async function queued(s: Setup): Promise<HandoffCase> {
  const [item] = await s.desk.queue();
  if (!item) throw new Error('queue is empty');
  return item.case;
}

/** A Ukrainian citizen with staff online: a first question, a request for a person, "live chat". */
async function liveOffer(s: Setup) {
  s.staffOnline();
  await s.event('lotse/start', { language: 'uk' });
  await s.say('Мені не прийшли гроші, мій номер 0170 1234567');
  const offer = await s.say('Я хочу поговорити з людиною');
  const consent = await s.press(offer, 'handoff.live');
  return { offer, consent };
}

/** … and on to a waiting live request, with or without consent. */
async function waitingLive(s: Setup, share = true) {
  const { offer, consent } = await liveOffer(s);
  const waiting = await s.press(consent, 'handoff.consent', { share });
  return { offer, consent, waiting };
}

/** A German citizen asking for a person. */
async function askForPerson(s: Setup) {
  await s.event('lotse/start', { language: 'de' });
  return s.say('Ich möchte mit einem Menschen sprechen');
}

describe('live chat with staff', () => {
  it('asks for consent before the transcript goes to staff, then queues the request with the handoff.initiate event', async () => {
    const s = setupHandoff();
    const { offer, consent } = await liveOffer(s);
    expect(await s.desk.queue()).toHaveLength(0); // nothing reaches staff before the citizen agreed
    const waiting = await s.press(consent, 'handoff.consent', { share: true });
    expect(buttonsOf(offer).map((b) => b.value.action)).toEqual(['handoff.live', 'handoff.callback']);
    expect(buttonsOf(consent).map((b) => b.value)).toEqual([
      { action: 'handoff.consent', share: true },
      { action: 'handoff.consent', share: false },
      { action: 'handoff.cancel' },
    ]);
    const [initiate] = events(waiting, 'handoff.initiate');
    expect(initiate?.value).toMatchObject({ kind: 'live', language: 'uk', consent: true, reason: 'request' });
    const transcript = (initiate?.attachments as Array<{ name: string; content: { activities: Array<{ text: string }> } }>)[0];
    expect(transcript?.name).toBe('Transcript');
    const lines = transcript?.content.activities.map((a) => a.text).join('\n') ?? '';
    expect(lines).toContain('[TELEFON]');
    expect(lines).not.toContain('1234567');
    expect(texts(messages(waiting))).toMatch(/[іїє]/); // told in Ukrainian that they are waiting
    const c = await queued(s);
    expect(c).toMatchObject({ status: 'waiting', kind: 'live', language: 'uk', consent: true });
    expect((await s.state())?.handoff).toMatchObject({ status: 'waiting', id: c.id });
  });

  it('goes from claim to messages both ways to hand back, with the bot silent while staff are active', async () => {
    const s = setupHandoff();
    await waitingLive(s);
    const c = await queued(s);
    await s.desk.claim(c.id, anna);
    expect(events(s.delivered, 'handoff.status')[0]?.value).toMatchObject({ state: 'accepted' });
    expect(texts(messages(s.delivered))).toContain('Anna Schmidt');

    const silent = await s.say('Добрий день, я чекаю гроші з першого числа');
    expect(silent).toEqual([]);
    expect((await s.desk.read(c.id))?.value.citizenWroteAt).toBeDefined();

    await s.desk.reply(c.id, anna, 'Guten Tag, ich schaue mir das an. Ihre IBAN brauche ich nicht: DE89 3704 0044 0532 0130 00');
    const staffMessage = s.delivered[s.delivered.length - 1];
    expect(staffMessage?.text).toMatch(/^\*\*Anna Schmidt\*\* · Jobcenter Musterstadt/);
    expect(staffMessage?.text).toContain('DE89'); // the citizen sees the message as written …
    const view = await s.desk.view(c.id, anna);
    const staffLine = view.transcript.find((l) => l.from === 'staff');
    expect(staffLine).toMatchObject({ name: 'Anna Schmidt' });
    expect(staffLine?.text).toContain('[IBAN]'); // … the stored transcript is redacted
    expect(view.transcript.some((l) => l.from === 'user' && l.text.includes('чекаю'))).toBe(true);

    s.delivered.length = 0;
    await s.desk.handBack(c.id, anna);
    expect(events(s.delivered, 'handoff.status')[0]?.value).toMatchObject({ state: 'completed' });
    expect(texts(messages(s.delivered))).toMatch(/Lotse/);
    expect(texts(messages(s.delivered))).toMatch(/[іїє]/); // in the citizen's language
    const after = await s.say('Коли приходять гроші?');
    expect(messages(after).length).toBeGreaterThan(0); // the bot answers again
    expect((await s.state())?.handoff).toBeUndefined();
  });

  it('shows staff only the messages since the request when the citizen did not agree to share the conversation', async () => {
    const s = setupHandoff();
    await waitingLive(s, false);
    const c = await queued(s);
    expect(c.consent).toBe(false);
    await s.say('Це термінове питання');
    const view = await s.desk.view(c.id, anna);
    expect(view.transcript.some((l) => l.text.includes('Мені не прийшли гроші'))).toBe(false);
    expect(view.transcript.some((l) => l.text.includes('термінове'))).toBe(true);
    expect(view.summary.topics.length).toBeGreaterThan(0); // the topic (in German) is always there
  });

  it('passes messages on while waiting, and the citizen can stop waiting', async () => {
    const s = setupHandoff();
    await waitingLive(s);
    const reply = await s.say('Ви ще тут?');
    expect(buttonsOf(reply).map((b) => b.value.action)).toEqual(['handoff.cancel']);
    const cancelled = await s.press(reply, 'handoff.cancel');
    expect(events(cancelled, 'handoff.status')[0]?.value).toMatchObject({ state: 'failed' });
    expect((await queued(s)).outcome).toBe('citizen_cancelled');
    expect((await s.state())?.handoff).toBeUndefined();
  });

  it('tells a citizen nobody claimed within the configured minutes and offers a callback that keeps their consent', async () => {
    const s = setupHandoff();
    await waitingLive(s);
    s.clock.now = new Date(s.clock.now.getTime() + 4 * 60_000);
    expect(await s.desk.tick()).toBe(0);
    s.clock.now = new Date(s.clock.now.getTime() + 2 * 60_000);
    expect(await s.desk.tick()).toBe(1);
    expect(await s.desk.tick()).toBe(0); // told once
    const notice = s.delivered[s.delivered.length - 1];
    expect(buttonsOf(notice).map((b) => b.value.action)).toEqual(['handoff.callback', 'handoff.keepWaiting', 'handoff.cancel']);
    const next = await s.press(notice, 'handoff.callback');
    expect(events(next, 'handoff.status')[0]?.value).toMatchObject({ state: 'failed' });
    expect((await queued(s)).outcome).toBe('switched_to_callback');
    expect(buttonsOf(next).map((b) => b.value.action)).toEqual(['handoff.callbackConsent', 'handoff.callbackConsent']);
  });

  it('answers a crisis with the crisis numbers even while staff are active', async () => {
    const s = setupHandoff();
    await waitingLive(s);
    await s.desk.claim((await queued(s)).id, anna);
    const reply = await s.say('Я більше не хочу жити');
    expect(texts(reply)).toMatch(/0800 111 0 111/);
  });

  it('refuses staff replies to closed conversations and to citizens who left', async () => {
    const s = setupHandoff();
    await waitingLive(s);
    const c = await queued(s);
    await s.desk.claim(c.id, anna);
    s.leave();
    await expect(s.desk.reply(c.id, anna, 'Hallo?')).rejects.toMatchObject({ code: 'gone' });
    expect((await s.desk.read(c.id))?.value.citizenGone).toBe(true);
    await s.desk.close(c.id, anna, 'no_reply');
    await expect(s.desk.reply(c.id, anna, 'Noch da?')).rejects.toBeInstanceOf(HandoffError);
    await expect(s.desk.reply(c.id, anna, 'Noch da?')).rejects.toMatchObject({ code: 'closed' });
    await expect(s.desk.handBack(c.id, anna)).rejects.toMatchObject({ code: 'closed' });
  });

  it('lets only the claimer reply or close, and a second tab of the claimer claim again', async () => {
    const s = setupHandoff();
    await waitingLive(s);
    const c = await queued(s);
    await s.desk.claim(c.id, anna);
    await expect(s.desk.claim(c.id, anna)).resolves.toMatchObject({ status: 'active' });
    expect(events(s.delivered, 'handoff.status')).toHaveLength(1); // no second "accepted"
    await expect(s.desk.claim(c.id, ben)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('Anna Schmidt') });
    await expect(s.desk.reply(c.id, ben, 'Hallo')).rejects.toMatchObject({ code: 'not_yours' });
    await expect(s.desk.close(c.id, ben, 'resolved')).rejects.toMatchObject({ code: 'not_yours' });
  });
});

describe('claim concurrency', () => {
  it('lets exactly one of two simultaneous claims win, however the requests interleave', async () => {
    for (let round = 0; round < 20; round++) {
      const s = setupHandoff({ conversationId: `conv-${round}` });
      await waitingLive(s);
      const [item] = await s.desk.queue();
      const results = await Promise.allSettled([s.desk.claim(item!.case.id, anna, item!.etag), s.desk.claim(item!.case.id, ben, item!.etag)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ code: 'conflict' });
      const winner = (await s.desk.read(item!.case.id))?.value.claimedBy?.id;
      expect(['anna', 'ben']).toContain(winner);
      expect(events(s.delivered, 'handoff.status')).toHaveLength(1);
    }
  });

  it('refuses a claim based on a view in which the case was already taken', async () => {
    const s = setupHandoff();
    await waitingLive(s);
    const [item] = await s.desk.queue();
    await s.desk.claim(item!.case.id, anna, item!.etag);
    await expect(s.desk.claim(item!.case.id, ben, item!.etag)).rejects.toMatchObject({ code: 'conflict' });
    await expect(s.desk.claim('does-not-exist-at-all', ben)).rejects.toMatchObject({ code: 'not_found' });
    await expect(s.desk.claim('../../etc/passwd', ben)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('callback requests', () => {
  async function callbackUntilPhone(s: Setup) {
    const offer = await askForPerson(s);
    const consent = await s.press(offer, 'handoff.callback');
    const phoneConsent = await s.press(consent, 'handoff.consent', { share: true });
    expect(texts(phoneConsent)).toMatch(/höchstens 7 Tage/);
    const time = await s.press(phoneConsent, 'handoff.callbackConsent', { agree: true });
    return s.press(time, 'handoff.time', { slot: 'morning' });
  }

  it('offers a callback and no live chat out of hours, and asks for the phone number only after consent', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    s.staffOnline();
    const offer = await s.say('Ich möchte mit einem Menschen sprechen');
    expect(buttonsOf(offer).map((b) => b.value.action)).toEqual(['handoff.callback']);
    const askPhone = await callbackUntilPhone(setupHandoff({ now: SATURDAY_NIGHT }));
    expect(texts(askPhone)).toMatch(/Telefonnummer/);
  });

  it('validates the number, stores it apart from the conversation, shows it only to the claimer and deletes it when closed', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    await callbackUntilPhone(s);
    const invalid = await s.say('12 34');
    expect(texts(invalid)).toMatch(/nicht als Telefonnummer/);
    const done = await s.say('Meine Nummer: 0170 / 123 45 67');
    expect(events(done, 'handoff.initiate')[0]?.value).toMatchObject({ kind: 'callback' });
    expect(texts(done)).not.toContain('1234567');

    const c = await queued(s);
    expect(c.kind).toBe('callback');
    expect(JSON.stringify(c)).not.toContain('1234567');
    expect(JSON.stringify(await s.state())).not.toContain('1234567');
    const transcript = await s.store.read<Array<{ text: string }>>(COLLECTIONS.transcripts, s.bot.keys.conversation(s.address));
    expect(JSON.stringify(transcript?.value)).not.toContain('1234567');
    expect((await s.store.read<CallbackData>(COLLECTIONS.callbacks, c.id))?.value).toMatchObject({ phone: '01701234567', preferredTime: 'slot:morning' });

    expect((await s.desk.view(c.id, anna)).callback).toBeUndefined(); // not before the claim
    await s.desk.claim(c.id, anna);
    expect((await s.desk.view(c.id, anna)).callback?.phone).toBe('01701234567');
    expect((await s.desk.view(c.id, ben)).callback).toBeUndefined();
    await s.desk.close(c.id, anna, 'callback_done');
    expect(await s.store.read(COLLECTIONS.callbacks, c.id)).toBeUndefined();
  });

  it('deletes callback data after the configured days even if nobody closes the callback', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    await callbackUntilPhone(s);
    await s.say('+49 170 1234567');
    const c = await queued(s);
    const day = 86_400_000;
    await s.store.sweep(new Date(Date.now() + 6 * day));
    expect(await s.store.read(COLLECTIONS.callbacks, c.id)).toBeDefined();
    await s.store.sweep(new Date(Date.now() + 7 * day + 60_000));
    await expect(s.store.list(COLLECTIONS.callbacks)).resolves.toEqual([]);
  });

  it('asks again kindly after unreadable numbers, never leaves the form, and takes the number when it comes', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    await callbackUntilPhone(s);
    expect(texts(await s.say('123'))).toMatch(/nicht als Telefonnummer/);
    expect(texts(await s.say('0000000000'))).toMatch(/ganze Nummer mit Vorwahl/);
    expect(texts(await s.say('112'))).toMatch(/ganze Nummer mit Vorwahl/);
    expect((await s.state())?.handoff?.status).toBe('callbackPhone');
    const done = await s.say('0170 1234567');
    expect(events(done, 'handoff.initiate')[0]?.value).toMatchObject({ kind: 'callback' });
  });

  it('never takes a crisis typed into the form for a time or a number', async () => {
    const s = setupHandoff({ now: SATURDAY_NIGHT });
    const offer = await askForPerson(s);
    const consent = await s.press(offer, 'handoff.callback');
    const phoneConsent = await s.press(consent, 'handoff.consent', { share: false });
    await s.press(phoneConsent, 'handoff.callbackConsent', { agree: true });
    const reply = await s.say('Ich will mich umbringen');
    expect(texts(reply)).toMatch(/0800 111 0 111/);
    expect((await s.state())?.handoff?.status).not.toBe('callbackPhone');
  });
});

describe('the offer as part of the conversation', () => {
  it('leaves the handoff when the citizen asks something else instead of choosing', async () => {
    const s = setupHandoff();
    s.staffOnline();
    await askForPerson(s);
    expect((await s.state())?.handoff?.status).toBe('offered');
    const answer = await s.say('Wann wird das Bürgergeld überwiesen?');
    expect(texts(answer)).not.toMatch(/Möchten Sie|Darf die Mitarbeiterin/);
    expect((await s.state())?.handoff).toBeUndefined();
  });

  it('refuses live chat when staff went offline between the offer and the click', async () => {
    const s = setupHandoff();
    s.staffOnline();
    const offer = await s.say('Ich möchte mit einem Menschen sprechen');
    s.desk.presence.leave('anna');
    const reply = await s.press(offer, 'handoff.live');
    expect(texts(reply)).toMatch(/Live-Chat ist leider gerade nicht möglich/);
    expect(buttonsOf(reply).map((b) => b.value.action)).toEqual(['handoff.callback']);
  });
});
