/**
 * The privacy notice in the welcome: who runs the chat (the job centre by name), how long the
 * conversation is kept (the profile's `retentionDays`, the same figure the store's expiry uses),
 * and links to the job centre's privacy policy and imprint when the profile names them.
 * It lives next to the handoff because it is the promise the transcript staff see is bound by.
 */
import type { Language } from '../../content/model';
import { translator } from '../i18n';
import type { Knowledge } from '../knowledge';

export function privacyNotice(knowledge: Knowledge, language: Language): string {
  const t = translator(language);
  const profile = knowledge.snapshot.profile;
  const links = [
    profile.privacyPolicyUrl ? `[${t('privacy.policy')}](${profile.privacyPolicyUrl})` : undefined,
    profile.imprintUrl ? `[${t('privacy.imprint')}](${profile.imprintUrl})` : undefined,
  ].filter(Boolean);
  const notice = t('privacy.notice', { name: profile.name, days: profile.retentionDays });
  return links.length > 0 ? `${notice}\n${links.join(' · ')}` : notice;
}
