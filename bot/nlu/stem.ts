/**
 * Stemming per language. `natural` has Porter stemmers for en, de, fr (deep imports only: the
 * package index loads database drivers and dotenv). For Arabic and Persian we strip the common
 * clitics and suffixes. Cyrillic is transliterated to Latin by the normaliser (so Latin-typed
 * Bulgarian and Russian meet the Cyrillic examples); those languages, like Turkish, Polish and
 * Romanian, rely on the vocabulary's shared-prefix relatives instead of a stemmer.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const porterEn: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const porterDe: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer_de.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const porterFr: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer_fr.js');

const ARABIC_PREFIXES = ['وال', 'بال', 'فال', 'كال', 'لل', 'ال', 'وب', 'ول', 'وس', 'و', 'ب', 'ل', 'ف'];
const ARABIC_SUFFIXES = ['كما', 'هما', 'تين', 'ين', 'ون', 'ات', 'ان', 'ها', 'هم', 'هن', 'كم', 'كن', 'نا', 'يه', 'ه', 'ي', 'ك'];
const PERSIAN_PREFIXES = ['نمي', 'مي', 'بي', 'ن'];
const PERSIAN_SUFFIXES = ['هايي', 'هاي', 'ترين', 'ها', 'تر', 'ام', 'ات', 'اش', 'مان', 'تان', 'شان', 'ايم', 'ايد', 'اند', 'يم', 'يد', 'ند', 'ي', 'م', 'د'];

function stripAffixes(word: string, prefixes: string[], suffixes: string[], minRest: number): string {
  let w = word;
  for (const p of prefixes) {
    if (w.startsWith(p) && w.length - p.length >= minRest) {
      w = w.slice(p.length);
      break;
    }
  }
  for (const s of suffixes) {
    if (w.endsWith(s) && w.length - s.length >= minRest) {
      w = w.slice(0, w.length - s.length);
      break;
    }
  }
  return w;
}

/** Stem of an already normalised token. Returns the token itself where no stemmer applies. */
export function stem(token: string, language: string): string {
  if (token.length < 4 || /^\d+$/.test(token)) return token;
  if (/^[\u0600-\u06FF]+$/.test(token)) {
    return language === 'fa'
      ? stripAffixes(token, PERSIAN_PREFIXES, PERSIAN_SUFFIXES, 2)
      : stripAffixes(token, ARABIC_PREFIXES, ARABIC_SUFFIXES, 3);
  }
  const latin = /^[a-z0-9]+$/.test(token);
  switch (language) {
    case 'en':
      return latin ? porterEn.stem(token) : token;
    case 'de':
    case 'de-x-ls':
      return latin ? porterDe.stem(token) : token;
    case 'fr':
      return latin ? porterFr.stem(token) : token;
    default:
      return token;
  }
}
