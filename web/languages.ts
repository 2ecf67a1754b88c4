/**
 * The languages the citizen-facing page offers: the content languages (content/model.ts), each
 * with its name in itself for the picker. The page's own copy of this list is the `<select>` in
 * `public/index.html`; a test keeps the two in step.
 */
import { LANGUAGES, RTL_LANGUAGES, type Language } from '../content/model';

export interface PageLanguage {
  /** BCP 47 tag sent to the bot and used as `<html lang>` ('de-x-ls' is Leichte Sprache). */
  code: Language;
  /** The language's name in itself, as the picker shows it. */
  name: string;
  dir: 'ltr' | 'rtl';
}

const NATIVE_NAMES: Record<Language, string> = {
  de: 'Deutsch',
  'de-x-ls': 'Leichte Sprache',
  en: 'English',
  uk: 'Українська',
  ru: 'Русский',
  ar: 'العربية',
  tr: 'Türkçe',
  fa: 'فارسی',
  ro: 'Română',
  bg: 'Български',
  pl: 'Polski',
  fr: 'Français',
};

export const PAGE_LANGUAGES: readonly PageLanguage[] = LANGUAGES.map((code) => ({
  code,
  name: NATIVE_NAMES[code],
  dir: RTL_LANGUAGES.has(code) ? 'rtl' : 'ltr',
}));

/** True when `code` is exactly one of the page's languages (no case folding, no prefixes). */
export function isPageLanguage(code: string): code is Language {
  return PAGE_LANGUAGES.some((language) => language.code === code);
}
