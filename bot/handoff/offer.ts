/**
 * The offer of a person, built from the local profile and the current time: live chat when it
 * is within the live-chat hours in the job centre's time zone AND a staff member is online in
 * the console (and the citizen's channel can receive a later message); otherwise a callback
 * request; always the appointment link, the phone numbers with their hours, the front desk and a
 * portal message. The citizen chooses; nothing is forced.
 */
import type { Language, Profile } from '../../content/model';
import type { ButtonValue } from '../activities';
import { translator } from '../i18n';
import type { Knowledge } from '../knowledge';
import { formatHours } from '../render';
import { isOpen, nextOpening } from './hours';

export interface OfferOptions {
  /** Include the emergency desk (no money today, crisis). */
  urgent?: boolean;
}

export interface Availability {
  /** Live chat can be chosen now. */
  liveChat: boolean;
  /** The live-chat hours cover now (whether or not someone is online). */
  liveChatHours: boolean;
  staffOnline: boolean;
  callback: boolean;
  /** The moment this was worked out (for "opens again tomorrow at 09:00"). */
  now?: Date;
}

/** "heute um 14:00 Uhr", "tomorrow at 09:00", "am Montag um 09:00 Uhr" in the citizen's language. */
export function opensAgain(profile: Profile, language: Language, now: Date | undefined): string | undefined {
  const next = now && nextOpening(profile.hours.liveChat, profile.timezone, now);
  if (!next) return undefined;
  const t = translator(language);
  if (next.inDays === 0) return t('handoff.when.today', { time: next.time });
  if (next.inDays === 1) return t('handoff.when.tomorrow', { time: next.time });
  // 22 November 2026 was a Sunday: the weekday's name in the citizen's language.
  const index = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(next.day);
  const locale = language === 'de-x-ls' ? 'de' : language;
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 22 + index)));
  return t('handoff.when.day', { day, time: next.time });
}

/** What can be offered at `now`, given whether staff are online and the channel can receive later messages. */
export function availability(profile: Profile, now: Date, staffOnline: boolean, channelCanReceive = true): Availability {
  const liveChatHours = isOpen(profile.hours.liveChat, profile.timezone, now);
  return {
    liveChat: profile.handoff.liveChat && liveChatHours && staffOnline && channelCanReceive,
    liveChatHours,
    staffOnline,
    callback: profile.handoff.callback,
    now,
  };
}

/** Markdown lines listing how to reach a person now and later (no buttons). */
export function humanChannelsText(knowledge: Knowledge, language: Language, options: OfferOptions = {}, available?: Availability): string {
  const t = translator(language);
  const profile = knowledge.snapshot.profile;
  const closed = t('closed');
  const lines = [t('handoff.intro', { name: profile.name })];
  if (options.urgent && profile.hours.emergencyDesk) {
    lines.push(`- ${t('handoff.emergency', { hours: formatHours(profile.hours.emergencyDesk, language, closed), phone: profile.phones.emergency ?? profile.phones.service })}`);
  }
  if (available?.liveChat) lines.push(`- ${t('handoff.offer.liveNow')}`);
  else if (available && profile.handoff.liveChat && profile.hours.liveChat) {
    const hours = formatHours(profile.hours.liveChat, language, closed);
    // Outside the hours: say it is closed now and when it opens, never only the table of hours.
    const when = available.liveChatHours ? undefined : opensAgain(profile, language, available.now);
    lines.push(`- ${when ? t('handoff.offer.liveClosed', { hours, when }) : t(available.liveChatHours ? 'handoff.offer.liveBusy' : 'handoff.offer.liveHours', { hours })}`);
  }
  if (available?.callback) lines.push(`- ${t('handoff.offer.callback')}`);
  lines.push(`- ${t('handoff.phone', { phone: profile.phones.service, hours: formatHours(profile.hours.phone, language, closed) })}`);
  lines.push(`- ${t('handoff.frontDesk', { address: profile.address, hours: formatHours(profile.hours.frontDesk, language, closed) })}`);
  if (profile.appointmentUrl) lines.push(`- ${t('handoff.appointment', { url: profile.appointmentUrl })}`);
  if (profile.type === 'joint') lines.push(`- ${t('handoff.portalMessage')}`);
  return lines.join('\n');
}

/** The offer: text with every channel, and buttons for what can be started right here. */
export function offerContent(knowledge: Knowledge, language: Language, available: Availability, options: OfferOptions = {}): { text: string; buttons: Array<{ title: string; value: ButtonValue }> } {
  const t = translator(language);
  const buttons: Array<{ title: string; value: ButtonValue }> = [];
  if (available.liveChat) buttons.push({ title: t('handoff.button.live'), value: { action: 'handoff.live' } });
  if (available.callback) buttons.push({ title: t('handoff.button.callback'), value: { action: 'handoff.callback' } });
  const text = `${humanChannelsText(knowledge, language, options, available)}\n\n${t(buttons.length > 0 ? 'handoff.offer.choose' : 'handoff.offer.chooseNoButtons')}`;
  return { text, buttons };
}
