/**
 * Phone numbers written in words, in every bot language: "null eins sieben eins …", "zero one
 * seven", "ноль один", "нуль один", "sıfır bir", "صفر واحد", "صفر یک", "zero unu", "нула едно",
 * "zero jeden", "zéro un", and "plus vier neun …". Each digit word becomes its digit, so the
 * ordinary phone reader (phone.ts) can take it from there. Words are compared after `normalize`,
 * so Cyrillic typed in Latin letters ("nol odin") and missing diacritics are read too.
 */
import { normalize } from '../nlu/normalize';

const DIGIT_WORDS: Record<string, string[]> = {
  '0': ['null', 'zero', 'oh', 'nought', 'ноль', 'нуль', 'нула', 'sıfır', 'صفر', 'zéro', 'zerou'],
  '1': ['eins', 'one', 'один', 'одна', 'одно', 'един', 'една', 'едно', 'bir', 'واحد', 'یک', 'unu', 'jeden', 'un', 'une'],
  '2': ['zwei', 'zwo', 'two', 'два', 'две', 'дві', 'iki', 'اثنان', 'اثنين', 'اتنين', 'دو', 'doi', 'două', 'dwa', 'deux'],
  '3': ['drei', 'three', 'три', 'üç', 'ثلاثة', 'تلاتة', 'سه', 'trei', 'trzy', 'trois'],
  '4': ['vier', 'four', 'четыре', 'chetyre', 'chetire', 'чотири', 'четири', 'dört', 'أربعة', 'اربعة', 'چهار', 'patru', 'cztery', 'quatre'],
  '5': ['fünf', 'five', 'пять', "п'ять", 'п’ять', 'пет', 'beş', 'خمسة', 'پنج', 'cinci', 'pięć', 'cinq'],
  '6': ['sechs', 'six', 'шесть', 'шість', 'шест', 'altı', 'ستة', 'شش', 'şase', 'șase', 'sześć'],
  '7': ['sieben', 'seven', 'семь', 'сім', 'седем', 'yedi', 'سبعة', 'هفت', 'şapte', 'șapte', 'siedem', 'sept'],
  '8': ['acht', 'eight', 'восемь', 'вісім', 'осем', 'sekiz', 'ثمانية', 'تمانية', 'هشت', 'opt', 'osiem', 'huit'],
  '9': ['neun', 'nine', 'девять', 'devyat', 'devjat', "дев'ять", 'дев’ять', 'девет', 'dokuz', 'تسعة', 'نه', 'nouă', 'dziewięć', 'neuf'],
};
const PLUS_WORDS = ['plus', 'плюс', 'artı', 'زائد', 'به علاوه', 'mais'];
/** "doppel null", "double seven", "дважды"… are rare; "double"/"doppel" are common enough to read. */
const DOUBLE_WORDS = ['doppel', 'double', 'doppelt'];

let table: Map<string, string> | undefined;
let longest = 1;

function words(): Map<string, string> {
  if (table) return table;
  table = new Map();
  const add = (word: string, value: string): void => {
    const n = normalize(word);
    if (!n) return;
    table?.set(n, value);
    longest = Math.max(longest, n.split(' ').length);
  };
  for (const [digit, list] of Object.entries(DIGIT_WORDS)) for (const w of list) add(w, digit);
  for (const w of PLUS_WORDS) add(w, '+');
  for (const w of DOUBLE_WORDS) add(w, 'x2');
  return table;
}

/**
 * The message with digit words replaced by digits ("meine nummer ist 0 1 7 1 …"), or undefined
 * when it holds fewer than two digit words (then it is not a number in words).
 */
export function spokenDigits(text: string): string | undefined {
  const table = words();
  const tokens = normalize(text).split(' ').filter(Boolean);
  const out: string[] = [];
  let spoken = 0;
  let double = false;
  for (let i = 0; i < tokens.length; ) {
    let matched: string | undefined;
    let size = 0;
    for (let n = Math.min(longest, tokens.length - i); n >= 1 && !matched; n--) {
      matched = table.get(tokens.slice(i, i + n).join(' '));
      if (matched) size = n;
    }
    if (matched === 'x2') {
      double = true;
    } else if (matched) {
      if (matched !== '+') spoken++;
      out.push(double && matched !== '+' ? `${matched} ${matched}` : matched);
      double = false;
    } else {
      out.push(tokens[i] as string);
      size = 1;
      double = false;
    }
    i += size;
  }
  if (spoken < 2) return undefined;
  // Digits in a row become one group ("0 1 7 1" → "0171"), and "+ 49" an international prefix.
  return out
    .join(' ')
    .replace(/(\d) (?=\d)/g, '$1')
    .replace(/\+ (?=\d)/g, '+');
}
