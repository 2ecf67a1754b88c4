/** Which writing system a text or a language uses — for language switching and for choosing lexicons. */
import type { Language } from '../../content/model';

export type Script = 'latin' | 'cyrillic' | 'arabic';

const SCRIPT_OF_LANGUAGE: Partial<Record<string, Script>> = { uk: 'cyrillic', ru: 'cyrillic', bg: 'cyrillic', ar: 'arabic', fa: 'arabic' };

export function scriptOfLanguage(language: Language | string): Script {
  return SCRIPT_OF_LANGUAGE[language] ?? 'latin';
}

/** The script most letters of a text are written in. */
export function scriptOfText(text: string): Script {
  const cyrillic = (text.match(/[\u0400-\u04FF]/g) ?? []).length;
  const arabic = (text.match(/[\u0600-\u06FF]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z\u00C0-\u024F]/g) ?? []).length;
  if (cyrillic > latin && cyrillic >= arabic) return 'cyrillic';
  if (arabic > latin) return 'arabic';
  return 'latin';
}
