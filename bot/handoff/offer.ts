/**
 * The offer of a person, built from the local profile: every human channel the job centre has,
 * with its hours, in the citizen's language. The citizen chooses; nothing is forced.
 */
import type { Language } from '../../content/model';
import { translator } from '../i18n';
import type { Knowledge } from '../knowledge';
import { formatHours } from '../render';

export interface OfferOptions {
  /** Include the emergency desk (no money today, crisis). */
  urgent?: boolean;
}

/** Markdown lines listing how to reach a person now and later. */
export function humanChannelsText(knowledge: Knowledge, language: Language, options: OfferOptions = {}): string {
  const t = translator(language);
  const profile = knowledge.snapshot.profile;
  const closed = t('closed');
  const lines = [t('handoff.intro', { name: profile.name })];
  if (options.urgent && profile.hours.emergencyDesk) {
    lines.push(`- ${t('handoff.emergency', { hours: formatHours(profile.hours.emergencyDesk, language, closed), phone: profile.phones.emergency ?? profile.phones.service })}`);
  }
  lines.push(`- ${t('handoff.phone', { phone: profile.phones.service, hours: formatHours(profile.hours.phone, language, closed) })}`);
  lines.push(`- ${t('handoff.frontDesk', { address: profile.address, hours: formatHours(profile.hours.frontDesk, language, closed) })}`);
  if (profile.appointmentUrl) lines.push(`- ${t('handoff.appointment', { url: profile.appointmentUrl })}`);
  if (profile.type === 'joint') lines.push(`- ${t('handoff.portalMessage')}`);
  return lines.join('\n');
}
