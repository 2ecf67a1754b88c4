/**
 * What the offer of a person contains, from the local profile and a fixed clock: live chat only
 * within the live-chat hours (in the job centre's time zone) AND with staff online; otherwise a
 * callback; always phone with hours, front desk, appointment link and portal message.
 */
import { availability, offerContent } from '../bot/handoff/offer';
import { isOpen, localTime } from '../bot/handoff/hours';
import { parsePhone } from '../bot/handoff/phone';
import { buttonsOf, knowledge, MONDAY_11, SATURDAY_NIGHT, setupHandoff, texts, withProfile } from './helpers/handoff';

const profile = knowledge.snapshot.profile;
const at = (iso: string) => new Date(iso);

describe('opening hours in the job centre time zone', () => {
  it.each([
    ['Monday 09:00 Berlin (winter), first minute', '2026-11-23T08:00:00Z', true],
    ['Monday 08:59 Berlin', '2026-11-23T07:59:00Z', false],
    ['Monday 15:00 Berlin, end is exclusive', '2026-11-23T14:00:00Z', false],
    ['Thursday 16:30 Berlin (longer day)', '2026-11-26T15:30:00Z', true],
    ['Friday 12:30 Berlin (short day)', '2026-11-27T11:30:00Z', false],
    ['Saturday 11:00 Berlin', '2026-11-21T10:00:00Z', false],
    ['Monday 09:30 Berlin in summer time (07:30 UTC)', '2026-07-06T07:30:00Z', true],
    ['Monday 15:30 Berlin in summer time (13:30 UTC)', '2026-07-06T13:30:00Z', false],
  ])('live chat at %s (%s) open: %s', (_label, iso, open) => {
    expect(isOpen(profile.hours.liveChat, profile.timezone, at(iso))).toBe(open);
  });

  it('reads the weekday in the profile time zone, not the server one', () => {
    // 23:30 UTC on Sunday is already Monday 00:30 in Berlin.
    expect(localTime(at('2026-11-22T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: 'mon', minutes: 30 });
    expect(isOpen({ mon: [['00:00', '01:00']] }, 'Europe/Berlin', at('2026-11-22T23:30:00Z'))).toBe(true);
    expect(isOpen(undefined, 'Europe/Berlin', MONDAY_11)).toBe(false);
  });
});

describe('availability', () => {
  it('offers live chat only within the hours and with staff online', () => {
    expect(availability(profile, MONDAY_11, true).liveChat).toBe(true);
    expect(availability(profile, MONDAY_11, false)).toMatchObject({ liveChat: false, liveChatHours: true, callback: true });
    expect(availability(profile, SATURDAY_NIGHT, true)).toMatchObject({ liveChat: false, liveChatHours: false, callback: true });
    expect(availability(profile, MONDAY_11, true, false).liveChat).toBe(false); // channel cannot receive staff replies
  });

  it('follows the profile switches for live chat and callback', () => {
    const noLive = withProfile((p) => ({ ...p, handoff: { ...p.handoff, liveChat: false, callback: false } })).snapshot.profile;
    expect(availability(noLive, MONDAY_11, true)).toMatchObject({ liveChat: false, callback: false });
  });
});

describe('the offer', () => {
  it('in hours with staff online: live chat and callback buttons, every channel with its hours', () => {
    const { text, buttons } = offerContent(knowledge, 'de', availability(profile, MONDAY_11, true));
    expect(buttons.map((b) => b.value.action)).toEqual(['handoff.live', 'handoff.callback']);
    expect(text).toMatch(/Live-Chat: Mitarbeitende sind gerade online/);
    expect(text).toContain(`Telefon: ${profile.phones.service} (Mo–Mi 08:00–16:00`);
    expect(text).toContain(profile.address);
    expect(text).toContain(profile.appointmentUrl);
    expect(text).toMatch(/jobcenter\.digital/);
  });

  it('in hours with nobody online: no live chat button, says nobody is free, offers a callback', () => {
    const { text, buttons } = offerContent(knowledge, 'en', availability(profile, MONDAY_11, false));
    expect(buttons.map((b) => b.value.action)).toEqual(['handoff.callback']);
    expect(text).toMatch(/nobody is free/);
  });

  it('out of hours: no live chat, says it is closed now and when it opens, callback offered', () => {
    const { text, buttons } = offerContent(knowledge, 'en', availability(profile, SATURDAY_NIGHT, true));
    expect(buttons.map((b) => b.value.action)).toEqual(['handoff.callback']);
    expect(text).toMatch(/Live chat \(Mon–Wed 09:00–15:00.*\): closed right now\. It opens again on Monday at 09:00\./);
  });

  it('without live chat and callback: the channels only, no buttons', () => {
    const k = withProfile((p) => ({ ...p, handoff: { ...p.handoff, liveChat: false, callback: false } }));
    const { text, buttons } = offerContent(k, 'de', availability(k.snapshot.profile, MONDAY_11, true));
    expect(buttons).toEqual([]);
    expect(text).not.toMatch(/Live-Chat|Rückruf/);
    expect(text).toContain(profile.phones.service);
  });

  it('is written in the citizen language, right to left scripts included', () => {
    const { text, buttons } = offerContent(knowledge, 'ar', availability(profile, MONDAY_11, true));
    expect(text).toMatch(/[\u0600-\u06FF]/);
    expect(buttons[0]?.title).toMatch(/[\u0600-\u06FF]/);
  });

  it('lives in the bot: the page button and a crisis lead to the offer, the crisis numbers first', async () => {
    const s = setupHandoff();
    s.staffOnline();
    const fromButton = await s.say('Mit einem Menschen sprechen', { action: 'handoff' });
    expect(buttonsOf(fromButton).map((b) => b.value.action)).toEqual(['handoff.live', 'handoff.callback']);
    const crisis = await s.say('Ich habe heute nichts zu essen und kein Geld mehr');
    expect(crisis[0]?.text).toContain(profile.phones.emergency);
    expect(texts(crisis.slice(1))).toMatch(/Notfall-Schalter/);
    expect(buttonsOf(crisis).map((b) => b.value.action)).toEqual(['handoff.live', 'handoff.callback']);
  });

  it('offers the emergency desk only where it helps (no money, homeless), not for suicidal thoughts', async () => {
    const s = setupHandoff();
    const reply = await s.say('Ich will nicht mehr leben');
    expect(reply[0]?.text).toContain('0800 111 0 111');
    expect(texts(reply)).not.toMatch(/Notfall-Schalter/);
  });
});

describe('phone numbers for a callback', () => {
  it.each([
    ['0170 1234567', '01701234567'],
    ['meine Nummer ist 0170/123 45 67', '01701234567'],
    ['+49 (0) 170 1234567', '+491701234567'],
    ['0049 170 1234567', '+491701234567'],
    ['030-12345678', '03012345678'],
    ['٠١٧٠١٢٣٤٥٦٧', '01701234567'],
  ])('reads %s as %s', (text, phone) => {
    expect(parsePhone(text)).toBe(phone);
  });

  it.each([['12 34'], ['112'], ['110'], ['0000000000'], ['00 00'], ['Dienstag ab 14 Uhr'], ['0012']])('refuses %s', (text) => {
    expect(parsePhone(text)).toBeUndefined();
  });
});
