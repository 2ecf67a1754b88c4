/**
 * The languages the citizen-facing page offers, in the order of the picker. The page's own
 * copy of this list is the `<select>` in `public/index.html`; a test keeps the two in step.
 */
export interface PageLanguage {
  /** BCP 47 tag sent to the bot and used as `<html lang>` ('de-x-ls' is Leichte Sprache). */
  code: string;
  /** The language's name in itself, as the picker shows it. */
  name: string;
  dir: 'ltr' | 'rtl';
}

export const PAGE_LANGUAGES: readonly PageLanguage[] = [
  { code: 'de', name: 'Deutsch', dir: 'ltr' },
  { code: 'de-x-ls', name: 'Leichte Sprache', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'uk', name: 'Українська', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'tr', name: 'Türkçe', dir: 'ltr' },
  { code: 'fa', name: 'فارسی', dir: 'rtl' },
  { code: 'ro', name: 'Română', dir: 'ltr' },
  { code: 'bg', name: 'Български', dir: 'ltr' },
  { code: 'pl', name: 'Polski', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
];

const CODES = new Set(PAGE_LANGUAGES.map((l) => l.code));

/** True when `code` is exactly one of the page's languages (no case folding, no prefixes). */
export function isPageLanguage(code: string): boolean {
  return CODES.has(code);
}
