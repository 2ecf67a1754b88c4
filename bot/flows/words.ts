/**
 * "stop", "zurück", "назад", "توقف" … typed instead of pressed: the control words of a guided flow,
 * read from every bot locale file (`flow.words`). The conversation's language is asked first,
 * then all others, so an English "back" works in an Arabic conversation too.
 */
import type { Language } from '../../content/model';
import { botI18n, botLanguages } from '../i18n';
import { normalize } from '../nlu/normalize';

export const CONTROL_WORDS = ['stop', 'back', 'continue', 'restart'] as const;
export type ControlWord = (typeof CONTROL_WORDS)[number];

let table: Map<string, Map<string, ControlWord>> | undefined;

function wordTable(): Map<string, Map<string, ControlWord>> {
  if (table) return table;
  table = new Map();
  const i18n = botI18n();
  for (const language of botLanguages()) {
    const own = new Map<string, ControlWord>();
    for (const command of CONTROL_WORDS) {
      // The language's own list only: fallbacks would let German words win in every language.
      const words = i18n.getResource(language, 'translation', `flow.words.${command}`) as unknown;
      if (!Array.isArray(words)) continue;
      for (const word of words) if (typeof word === 'string' && normalize(word)) own.set(normalize(word), command);
    }
    table.set(language, own);
  }
  return table;
}

/** The control word a whole message is, if any ("Zurück!", "стоп", "start over"). */
export function controlWord(text: string, language: Language): ControlWord | undefined {
  const n = normalize(text);
  if (!n || n.split(' ').length > 4) return undefined;
  const words = wordTable();
  const first = words.get(language)?.get(n) ?? (language === 'de-x-ls' ? words.get('de')?.get(n) : undefined);
  if (first) return first;
  for (const own of words.values()) {
    const found = own.get(n);
    if (found) return found;
  }
  return undefined;
}
