/**
 * The quick texts of the staff console: a library per job centre, in German for staff and in the
 * citizen's language for sending. The profile's `quickTexts` (content) replace the built-in
 * library, whose texts live in every bot locale (`handoff.quick.<key>`). A text without a
 * translation is marked as such, so the console can say it would go out in German.
 */
import type { Language, Profile } from '../../content/model';
import { translator } from '../i18n';

/** The built-in library; each key exists in every bot language. */
export const BUILT_IN_QUICK_TEXTS = ['moment', 'documents', 'appointment', 'phone', 'goodbye'] as const;

export interface QuickTextItem {
  key: string;
  /** German, as staff read it. */
  text: string;
  /** The version the citizen would get. */
  translation: { language: Language; text: string; translated: boolean };
}

function values(profile: Profile): Record<string, string> {
  return { centre: profile.name, phone: profile.phones.service, url: profile.appointmentUrl ?? profile.portal.url, address: profile.address };
}

function fill(text: string, v: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => v[name] ?? m);
}

/** The job centre's library with each text in German and in `language`. */
export function quickTextLibrary(profile: Profile, language: Language): QuickTextItem[] {
  const v = values(profile);
  if (profile.quickTexts && profile.quickTexts.length > 0) {
    return profile.quickTexts.map((q) => {
      const own = q.texts[language];
      const de = fill(q.texts.de ?? '', v);
      return { key: q.key, text: de, translation: { language, text: own ? fill(own, v) : de, translated: Boolean(own) || language === 'de' } };
    });
  }
  const de = translator('de');
  const own = translator(language);
  return BUILT_IN_QUICK_TEXTS.map((key) => ({ key, text: de(`handoff.quick.${key}`, v), translation: { language, text: own(`handoff.quick.${key}`, v), translated: true } }));
}

/** One quick text in the citizen's language, or undefined for an unknown key. */
export function quickTextFor(profile: Profile, key: string, language: Language): QuickTextItem | undefined {
  return quickTextLibrary(profile, language).find((q) => q.key === key);
}
