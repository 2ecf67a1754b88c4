/**
 * Words citizens use for dates relative to today, per language: "gestern", "vor zwei Wochen",
 * "letzten Montag", "two weeks ago", "позавчора", "geçen pazartesi", "منذ أسبوعين". Data only;
 * `relativeDate` in dates.ts reads them. Every word is compared after `normalize` (so Cyrillic
 * and its Latin transliteration meet, and diacritics do not matter). Weekday names come from
 * Intl; only the inflected forms Intl does not give are listed here.
 */
import type { Language } from '../../content/model';

export interface DateWords {
  /** Whole phrases naming a day relative to today, with the offset in days. */
  days: Record<string, number>;
  /** Words marking "… ago" (before or after the amount). */
  ago: string[];
  /** Words marking "in …" (from now on). */
  in: string[];
  /** Amount words (1–12), including articles that mean "one" ("a week ago", "vor einer Woche"). */
  numbers: Record<string, number>;
  /** Units with their length in days (a month is handled as a calendar month: 30 marks it). */
  units: Record<string, number>;
  /** Unit words that carry the amount two (Arabic dual: أسبوعين "two weeks"). */
  duals?: Record<string, number>;
  /** "last Monday" / "next Monday". */
  last: string[];
  next: string[];
  /** Inflected weekday forms (0 = Sunday) beyond Intl's names. */
  weekdays?: Record<string, number>;
}

const DAY = 1;
const WEEK = 7;
const MONTH = 30;

export const DATE_WORDS: Record<Exclude<Language, 'de-x-ls'>, DateWords> = {
  de: {
    days: { heute: 0, gestern: -1, vorgestern: -2, 'vor gestern': -2, morgen: 1, übermorgen: 2 },
    ago: ['vor'],
    in: ['in'],
    numbers: { ein: 1, eine: 1, einer: 1, einem: 1, einen: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, elf: 11, zwölf: 12 },
    units: { tag: DAY, tage: DAY, tagen: DAY, woche: WEEK, wochen: WEEK, monat: MONTH, monate: MONTH, monaten: MONTH },
    last: ['letzten', 'letzte', 'letzter', 'vergangenen', 'vergangene', 'vorigen', 'vorige'],
    next: ['nächsten', 'nächste', 'nächster', 'kommenden', 'kommende'],
  },
  en: {
    days: { today: 0, yesterday: -1, 'day before yesterday': -2, 'the day before yesterday': -2, tomorrow: 1, 'day after tomorrow': 2, 'the day after tomorrow': 2 },
    ago: ['ago'],
    in: ['in'],
    numbers: { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, couple: 2 },
    units: { day: DAY, days: DAY, week: WEEK, weeks: WEEK, month: MONTH, months: MONTH },
    last: ['last', 'past', 'previous'],
    next: ['next', 'coming'],
  },
  uk: {
    days: { сьогодні: 0, вчора: -1, учора: -1, позавчора: -2, завтра: 1, післязавтра: 2 },
    ago: ['тому', 'назад'],
    in: ['через'],
    numbers: { один: 1, одну: 1, одного: 1, два: 2, дві: 2, двох: 2, три: 3, трьох: 3, чотири: 4, "п'ять": 5, пять: 5, шість: 6, сім: 7, вісім: 8, "дев'ять": 9, девять: 9, десять: 10 },
    units: { день: DAY, дні: DAY, днів: DAY, тиждень: WEEK, тижні: WEEK, тижнів: WEEK, місяць: MONTH, місяці: MONTH, місяців: MONTH },
    last: ['минулого', 'минулий', 'минулу', 'минулої', 'минулої', 'в минулий', 'у минулий', 'в минулу', 'у минулу'],
    next: ['наступного', 'наступний', 'наступну', 'наступної'],
    weekdays: {
      неділю: 0, неділі: 0, понеділок: 1, понеділка: 1, вівторок: 2, вівторка: 2, середу: 3, середи: 3, четвер: 4, четверга: 4,
      "п'ятницю": 5, 'п’ятницю': 5, пятницю: 5, "п'ятниці": 5, 'п’ятниці': 5, пятниці: 5, суботу: 6, суботи: 6,
    },
  },
  ru: {
    days: { сегодня: 0, вчера: -1, позавчера: -2, завтра: 1, послезавтра: 2 },
    ago: ['назад', 'тому'],
    in: ['через'],
    numbers: { один: 1, одну: 1, одна: 1, одного: 1, два: 2, две: 2, двух: 2, три: 3, трёх: 3, четыре: 4, пять: 5, шесть: 6, семь: 7, восемь: 8, девять: 9, десять: 10 },
    units: { день: DAY, дня: DAY, дней: DAY, неделю: WEEK, недели: WEEK, недель: WEEK, неделя: WEEK, месяц: MONTH, месяца: MONTH, месяцев: MONTH },
    last: ['прошлый', 'прошлую', 'прошлой', 'в прошлый', 'в прошлую', 'прошлое'],
    next: ['следующий', 'следующую', 'в следующий', 'в следующую'],
    weekdays: { воскресенье: 0, понедельник: 1, вторник: 2, среду: 3, четверг: 4, пятницу: 5, субботу: 6 },
  },
  ar: {
    days: { اليوم: 0, أمس: -1, امس: -1, 'بالأمس': -1, البارحة: -1, 'أول أمس': -2, 'اول امس': -2, 'أول البارحة': -2, غدا: 1, بكرة: 1, 'بعد غد': 2, 'بعد بكرة': 2 },
    ago: ['منذ', 'قبل'],
    in: ['بعد', 'خلال'],
    numbers: { واحد: 1, واحدة: 1, اثنين: 2, اثنان: 2, ثلاثة: 3, ثلاث: 3, أربعة: 4, اربعة: 4, خمسة: 5, ستة: 6, سبعة: 7, ثمانية: 8, تسعة: 9, عشرة: 10 },
    units: { يوم: DAY, أيام: DAY, ايام: DAY, أسبوع: WEEK, اسبوع: WEEK, أسابيع: WEEK, اسابيع: WEEK, شهر: MONTH, أشهر: MONTH, اشهر: MONTH, شهور: MONTH },
    duals: { يومين: 2 * DAY, أسبوعين: 2 * WEEK, اسبوعين: 2 * WEEK, شهرين: 2 * MONTH },
    last: ['الماضي', 'الماضية', 'السابق'],
    next: ['القادم', 'القادمة', 'المقبل'],
  },
  tr: {
    days: { bugün: 0, dün: -1, 'evvelsi gün': -2, 'önceki gün': -2, 'dünden önceki gün': -2, yarın: 1, 'öbür gün': 2, 'yarından sonraki gün': 2 },
    ago: ['önce'],
    in: ['sonra'],
    numbers: { bir: 1, iki: 2, üç: 3, dört: 4, beş: 5, altı: 6, yedi: 7, sekiz: 8, dokuz: 9, on: 10 },
    units: { gün: DAY, hafta: WEEK, ay: MONTH },
    last: ['geçen', 'geçtiğimiz', 'önceki'],
    next: ['gelecek', 'önümüzdeki'],
    weekdays: { pazartesi: 1 },
  },
  fa: {
    days: { امروز: 0, دیروز: -1, پریروز: -2, فردا: 1, 'پس فردا': 2, پسفردا: 2 },
    ago: ['پیش', 'قبل'],
    in: ['بعد', 'دیگر'],
    numbers: { یک: 1, دو: 2, سه: 3, چهار: 4, پنج: 5, شش: 6, هفت: 7, هشت: 8, نه: 9, ده: 10 },
    units: { روز: DAY, هفته: WEEK, ماه: MONTH },
    last: ['گذشته', 'پیش'],
    next: ['آینده', 'بعد'],
  },
  ro: {
    days: { azi: 0, astăzi: 0, ieri: -1, alaltăieri: -2, mâine: 1, poimâine: 2 },
    ago: ['acum', 'urmă'],
    in: ['peste', 'în'],
    numbers: { o: 1, un: 1, una: 1, unu: 1, doi: 2, două: 2, trei: 3, patru: 4, cinci: 5, șase: 6, șapte: 7, opt: 8, nouă: 9, zece: 10 },
    units: { zi: DAY, zile: DAY, săptămână: WEEK, săptămâni: WEEK, lună: MONTH, luni: MONTH },
    last: ['trecut', 'trecută', 'trecuta'],
    next: ['viitor', 'viitoare'],
  },
  bg: {
    days: { днес: 0, вчера: -1, завчера: -2, 'онзи ден': -2, утре: 1, вдругиден: 2 },
    ago: ['преди'],
    in: ['след'],
    numbers: { един: 1, една: 1, едно: 1, два: 2, две: 2, три: 3, четири: 4, пет: 5, шест: 6, седем: 7, осем: 8, девет: 9, десет: 10 },
    units: { ден: DAY, дни: DAY, дена: DAY, седмица: WEEK, седмици: WEEK, месец: MONTH, месеца: MONTH, месеци: MONTH },
    last: ['миналия', 'миналата', 'миналото', 'предишния'],
    next: ['следващия', 'следващата', 'другия'],
  },
  pl: {
    days: { dzisiaj: 0, dziś: 0, wczoraj: -1, przedwczoraj: -2, jutro: 1, pojutrze: 2 },
    ago: ['temu'],
    in: ['za'],
    numbers: { jeden: 1, jedną: 1, jedna: 1, dwa: 2, dwie: 2, dwóch: 2, trzy: 3, cztery: 4, pięć: 5, sześć: 6, siedem: 7, osiem: 8, dziewięć: 9, dziesięć: 10 },
    units: { dzień: DAY, dni: DAY, tydzień: WEEK, tygodnie: WEEK, tygodni: WEEK, miesiąc: MONTH, miesiące: MONTH, miesięcy: MONTH },
    last: ['zeszły', 'zeszłą', 'zeszłego', 'ostatni', 'ostatnią', 'w zeszły', 'w zeszłą', 'w ostatni', 'w ostatnią'],
    next: ['przyszły', 'przyszłą', 'następny', 'następną', 'w przyszły', 'w przyszłą'],
    weekdays: { środę: 3, sobotę: 6, niedzielę: 0 },
  },
  fr: {
    days: { "aujourd'hui": 0, aujourdhui: 0, hier: -1, 'avant hier': -2, demain: 1, 'après demain': 2 },
    ago: ['il y a'],
    in: ['dans'],
    numbers: { un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10 },
    units: { jour: DAY, jours: DAY, semaine: WEEK, semaines: WEEK, mois: MONTH },
    last: ['dernier', 'dernière'],
    next: ['prochain', 'prochaine'],
  },
};
