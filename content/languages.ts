/** The languages Lotse speaks (a leaf module: the content model and the flow model both build on it). */

/** Supported content languages. `de-x-ls` is Leichte Sprache (a private-use BCP 47 tag). */
export const LANGUAGES = ['de', 'de-x-ls', 'en', 'uk', 'ru', 'ar', 'tr', 'fa', 'ro', 'bg', 'pl', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'fa']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
