/**
 * The bot's own interface strings (not answers: those are content) through i18next, one
 * resource file per language in bot/locales. Leichte Sprache falls back to German, every
 * language to English, so a missing key never shows a raw key to a citizen.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LANGUAGES, type Language } from '../content/model';

let instance: i18n | undefined;

function localesDir(): string {
  // Works from the TypeScript sources (tests) and from dist/ (npm start).
  const candidates = [path.join(__dirname, 'locales'), path.join(__dirname, '..', '..', 'bot', 'locales')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'en.json'))) ?? (candidates[0] as string);
}

export function botI18n(): i18n {
  if (instance) return instance;
  const dir = localesDir();
  const resources: Record<string, { translation: Record<string, unknown> }> = {};
  for (const lang of LANGUAGES) {
    const file = path.join(dir, `${lang}.json`);
    if (fs.existsSync(file)) resources[lang] = { translation: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> };
  }
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    resources,
    lng: 'de',
    supportedLngs: [...LANGUAGES],
    fallbackLng: { 'de-x-ls': ['de', 'en'], default: ['en'] },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance = created;
  return created;
}

/** A translate function fixed to one language. */
export function translator(language: Language): TFunction {
  return botI18n().getFixedT(language);
}

/** Which languages have their own bot string file (for checks and tests). */
export function botLanguages(): string[] {
  return Object.keys(botI18n().options.resources ?? {});
}
