/**
 * Text normalisation for matching. Training examples and citizen messages go through the same
 * folding, so "Kontoauszüge", "kontoauszuege" and "kontoauszuge" meet, as do "ي"/"ی", "ک"/"ك",
 * Ukrainian "і" and Russian "и". Folding is lossy on purpose: it is only ever used to compare.
 */

const ARABIC_MAP: Record<string, string> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا',
  'ى': 'ي', 'ی': 'ي', 'ئ': 'ي', 'ې': 'ي', 'ێ': 'ي',
  'ک': 'ك', 'ڪ': 'ك',
  'ة': 'ه', 'ۀ': 'ه', 'ە': 'ه', 'ھ': 'ه',
  'ؤ': 'و',
  'گ': 'ك', // Persian gaf and Arabic kaf are confused in transliterated German terms (بورگر/بورغر)
};

const CYRILLIC_MAP: Record<string, string> = {
  'ё': 'е', 'є': 'е', 'э': 'е',
  'і': 'и', 'ї': 'и', 'ы': 'и', 'й': 'и',
  'ґ': 'г',
  'ъ': '', 'ь': '', "'": '', 'ʼ': '',
};

const LATIN_MAP: Record<string, string> = {
  'ß': 'ss', 'ł': 'l', 'ı': 'i', 'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'đ': 'd', 'ð': 'd', 'þ': 'th',
};

const SPECIAL = new RegExp(`[${Object.keys({ ...ARABIC_MAP, ...CYRILLIC_MAP, ...LATIN_MAP }).join('')}]`, 'gu');
const FOLD_MAP: Record<string, string> = { ...ARABIC_MAP, ...CYRILLIC_MAP, ...LATIN_MAP };

/** Eastern Arabic and Persian digits to ASCII. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/**
 * Lower-case, fold diacritics and script variants, turn punctuation into spaces.
 * The result contains only letters, digits and single spaces.
 */
export function normalize(text: string): string {
  // Most messages and examples in Latin script are plain ASCII: skip the Unicode passes for them.
  if (ASCII.test(text)) return finish(text.toLowerCase().replace(/'/g, '').replace(/[^a-z0-9]+/g, ' '));
  // Compatibility forms (Arabic presentation forms, full-width letters, ligatures) only where present.
  let out = (COMPATIBILITY.test(text) ? text.normalize('NFKC') : text).toLowerCase();
  out = asciiDigits(out);
  // Arabic tatweel, harakat, Quranic marks; zero-width joiners (Persian ZWNJ joins word parts).
  out = out.replace(/[\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200B-\u200F\u2060\uFEFF]/g, '');
  out = out.replace(SPECIAL, (ch) => FOLD_MAP[ch] ?? ch);
  // Strip combining marks (ä → a, ș → s, ç → c); Cyrillic й was mapped above, so no loss there.
  if (DECOMPOSABLE.test(out)) out = out.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
  out = out.replace(/[\u0430-\u044f]/g, (ch) => TRANSLIT[ch] ?? ch);
  return finish(out.replace(/[^\p{L}\p{N}]+/gu, ' '));
}

/**
 * Cyrillic in Latin letters, as many Bulgarians, Ukrainians and Russians type on phones
 * ("pari", "koga", "groshi"): both spellings meet.
 */
const TRANSLIT: Record<string, string> = {
  'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'е': 'e', 'ж': 'zh', 'з': 'z', 'и': 'i', 'к': 'k', 'л': 'l',
  'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't', 'у': 'u', 'ф': 'f', 'х': 'h', 'ц': 'c',
  'ч': 'ch', 'ш': 'sh', 'щ': 'sht', 'ю': 'yu', 'я': 'ya',
};

const ASCII = /^[\x00-\x7f]*$/;
const COMPATIBILITY = /[\u00a0-\u00bf\u02b0-\u02ff\u1d00-\u1dbf\u2000-\u2bff\u3000-\u33ff\ufb00-\uffef]/;
/** Letters with diacritics or combining marks (Latin, Greek, and marks themselves); Cyrillic and Arabic variants are mapped above. */
const DECOMPOSABLE = /[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f]/;

function finish(text: string): string {
  let out = text;
  // German transcriptions of umlauts: "ae/oe/ue" meet "a/o/u" once ä/ö/ü have been folded.
  out = out.replace(/([aou])e/g, '$1');
  // Drawn-out letters in chat ("hiiilfe", "bitteeee").
  out = out.replace(/(\p{L})\1{2,}/gu, '$1');
  return out.replace(/\s+/g, ' ').trim();
}

/** Words of a normalised text. */
export function tokenize(normalized: string): string[] {
  return normalized.length === 0 ? [] : normalized.split(' ');
}

/** Does the text contain any letter or digit at all (emoji-only and punctuation-only messages do not)? */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/**
 * Split a long message into parts that may each carry the actual question: sentences, and lines.
 * Short messages come back as one part.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?؟۔])\s+|\n+|(?<=[;:])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
