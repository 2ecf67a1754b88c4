/**
 * Dates typed by citizens ("31.03.2027", "31. März", "٣١/٣/٢٠٢٧", "31 марта 2027") and the small
 * date arithmetic flows declare ("one month before", "end of the month after"). Dates are plain
 * ISO strings (YYYY-MM-DD) in the job centre's calendar; no times, no time zones past "today".
 */
import { LANGUAGES } from '../../content/model';
import { normalize } from '../nlu/normalize';
import { DATE_WORDS } from './dateWords';

export type Expectation = 'past' | 'future' | 'any';

export interface DateRule {
  from?: string;
  months?: number;
  days?: number;
  snap?: 'monthStart' | 'monthEnd';
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function valid(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Today's date where the job centre is (a citizen at 00:30 in Berlin is already in tomorrow). */
export function todayIn(timeZone: string, now: Date): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string): string => p.find((x) => x.type === type)?.value ?? '01';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  // 31 March minus one month is the last day of February, not 3 March.
  return iso(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Apply one derive rule of a flow to a date. */
export function derive(date: string, rule: DateRule): string {
  let out = date;
  if (rule.months) out = addMonths(out, rule.months);
  if (rule.days) out = addDays(out, rule.days);
  const [y, m] = parts(out);
  if (rule.snap === 'monthStart') out = iso(y, m, 1);
  if (rule.snap === 'monthEnd') out = iso(y, m, daysInMonth(y, m));
  return out;
}

/**
 * Month names, normalised: the long forms (nominative and genitive) of every content language plus
 * Levantine and Iraqi Arabic, and the German and English abbreviations ("Dez", "Sep") — not the
 * short forms of other languages, which collide with ordinary words (Polish "sie", German "Sie").
 */
let monthWords: Map<string, number> | undefined;
function months(): Map<string, number> {
  if (monthWords) return monthWords;
  const words = new Map<string, number>();
  const locales = [...LANGUAGES.filter((l) => l !== 'de-x-ls'), 'ar-SY', 'ar-IQ'];
  for (const locale of locales) {
    for (let m = 0; m < 12; m++) {
      const date = new Date(Date.UTC(2026, m, 15));
      const format = (options: Intl.DateTimeFormatOptions): string =>
        new Intl.DateTimeFormat(`${locale}-u-ca-gregory`, { ...options, timeZone: 'UTC' }).formatToParts(date).find((p) => p.type === 'month')?.value ?? '';
      const forms = [format({ month: 'long' }), format({ day: 'numeric', month: 'long' })];
      if (locale === 'de' || locale === 'en') forms.push(format({ month: 'short' }));
      for (const form of forms) {
        const word = normalize(form);
        if (word.length >= 3 && !/\d/.test(word)) words.set(word, m + 1);
      }
    }
  }
  monthWords = words;
  return words;
}

/** The month a word names ("märz", "marca", "آذار", or a beginning of 4+ letters: "sept"). */
function monthOf(token: string): number | undefined {
  const exact = months().get(token);
  if (exact !== undefined || token.length < 4) return exact;
  const found = new Set([...months()].filter(([word]) => word.startsWith(token)).map(([, month]) => month));
  return found.size === 1 ? [...found][0] : undefined;
}

/** Pick the year for a date written without one, as the step expects. */
function withYear(m: number, d: number, today: string, expect: Expectation): string | undefined {
  const [ty] = parts(today);
  const candidates = [ty - 1, ty, ty + 1].filter((y) => valid(y, m, d)).map((y) => iso(y, m, d));
  if (expect === 'past') return candidates.filter((c) => c <= today).pop();
  if (expect === 'future') return candidates.find((c) => c >= today);
  // Nearest to today: an end date "31.3." written in December means next March.
  return candidates.sort((a, b) => Math.abs(Date.parse(a) - Date.parse(today)) - Math.abs(Date.parse(b) - Date.parse(today)))[0];
}

export type DateParse = { ok: true; date: string } | { ok: false; reason: 'none' | 'invalid' | 'implausible' };

/**
 * Read a date from a chat message. `none`: the message holds no date attempt at all (it may be a
 * question); `invalid`: it looks like a date but is not one (32.13.); `implausible`: far off.
 */
export function parseDate(text: string, today: string, expect: Expectation = 'any'): DateParse {
  const n = normalize(text);
  const tokens = n.split(' ').filter(Boolean);
  const numbers = tokens.filter((t) => /^\d+$/.test(t)).map(Number);
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  let date: string | undefined;
  const monthIndex = tokens.findIndex((t) => !/^\d+$/.test(t) && monthOf(t) !== undefined);
  if (monthIndex >= 0 && numbers.length >= 1 && numbers.length <= 2) {
    m = monthOf(tokens[monthIndex] as string);
    d = numbers.find((x) => x >= 1 && x <= 31);
    y = numbers.find((x) => x > 31);
  } else if ((date = relativeDate(tokens, today, expect))) {
    // "gestern", "vor zwei Wochen", "letzten Montag": already a date
  } else if (numbers.length === 3 || numbers.length === 2) {
    const [a, b, c] = numbers as [number, number, number | undefined];
    if (a > 31) [y, m, d] = [a, b, c]; // 2027-03-31
    else [d, m, y] = [a, b, c]; // 31.03.2027, 31/3/27, 31.3.
  } else {
    // "3" or "Tag 45" looks like a try; a sentence with one number in it is a question.
    return { ok: false, reason: numbers.length > 0 && tokens.length <= 3 ? 'invalid' : 'none' };
  }
  if (!date) {
    if (m === undefined || d === undefined) return { ok: false, reason: 'invalid' };
    if (y !== undefined && y < 100) y += 2000;
    if (y === undefined) date = valid(2024, m, d) ? withYear(m, d, today, expect) : undefined;
    else date = valid(y, m, d) ? iso(y, m, d) : undefined;
  }
  if (!date) return { ok: false, reason: 'invalid' };
  // Letters from the job centre are dated in the Gregorian calendar; 1405 (Solar Hijri) or 2207 are typos.
  const [ty] = parts(today);
  const [dy] = parts(date);
  if (dy < ty - 2 || dy > ty + 2) return { ok: false, reason: 'implausible' };
  if (expect === 'past' && date > today) return { ok: false, reason: 'implausible' };
  return { ok: true, date };
}

interface RelativeTables {
  days: Array<[string[], number]>;
  ago: string[][];
  in: string[][];
  last: string[][];
  next: string[][];
  numbers: Map<string, number>;
  units: Map<string, number>;
  duals: Map<string, number>;
  weekdays: Map<string, number>;
}

let relative: RelativeTables | undefined;

/** Every language's relative-date words, normalised once; phrases as word lists, longest first. */
function relativeTables(): RelativeTables {
  if (relative) return relative;
  const phrases = (words: string[]): string[][] => [...new Set(words.map(normalize).filter(Boolean))].map((w) => w.split(' ')).sort((a, b) => b.length - a.length);
  const t: RelativeTables = { days: [], ago: [], in: [], last: [], next: [], numbers: new Map(), units: new Map(), duals: new Map(), weekdays: new Map() };
  const all = Object.entries(DATE_WORDS);
  for (const [, w] of all) {
    for (const [phrase, offset] of Object.entries(w.days)) t.days.push([normalize(phrase).split(' '), offset]);
    for (const [word, n] of Object.entries(w.numbers)) t.numbers.set(normalize(word), n);
    for (const [word, n] of Object.entries(w.units)) t.units.set(normalize(word), n);
    for (const [word, n] of Object.entries(w.duals ?? {})) t.duals.set(normalize(word), n);
    for (const [word, n] of Object.entries(w.weekdays ?? {})) t.weekdays.set(normalize(word), n);
  }
  // Longer phrases first; of equally long ones the nearer day ("heute morgen" is today, not tomorrow).
  t.days.sort((a, b) => b[0].length - a[0].length || Math.abs(a[1]) - Math.abs(b[1]));
  t.ago = phrases(all.flatMap(([, w]) => w.ago));
  t.in = phrases(all.flatMap(([, w]) => w.in));
  t.last = phrases(all.flatMap(([, w]) => w.last));
  t.next = phrases(all.flatMap(([, w]) => w.next));
  for (const language of Object.keys(DATE_WORDS)) {
    for (let i = 0; i < 7; i++) {
      const day = new Date(Date.UTC(2026, 10, 22 + i)); // 22 November 2026 is a Sunday
      const name = normalize(new Intl.DateTimeFormat(`${language}-u-ca-gregory`, { weekday: 'long', timeZone: 'UTC' }).format(day));
      if (name.length >= 3) t.weekdays.set(name, day.getUTCDay());
    }
  }
  relative = t;
  return t;
}

function indexOfPhrase(tokens: string[], phrase: string[]): number {
  for (let i = 0; i + phrase.length <= tokens.length; i++) if (phrase.every((w, j) => tokens[i + j] === w)) return i;
  return -1;
}

function hasAny(tokens: string[], phrases: string[][]): boolean {
  return phrases.some((p) => indexOfPhrase(tokens, p) >= 0);
}

function weekdayOf(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

/**
 * A date written relative to today, in any language: "gestern", "vor zwei Wochen", "letzten
 * Montag", "two weeks ago", "позавчора", "geçen pazartesi", "منذ أسبوعين". Only short messages
 * count — a question that happens to mention "heute" is still a question.
 */
export function relativeDate(tokens: string[], today: string, expect: Expectation): string | undefined {
  if (tokens.length === 0 || tokens.length > 6) return undefined;
  const t = relativeTables();
  if (tokens.length <= 4) {
    for (const [phrase, offset] of t.days) if (indexOfPhrase(tokens, phrase) >= 0) return addDays(today, offset);
  }
  const unitAt = tokens.findIndex((w) => t.units.has(w) || t.duals.has(w));
  if (unitAt >= 0) {
    const word = tokens[unitAt] as string;
    const before = tokens[unitAt - 1];
    const dual = t.duals.get(word);
    const spelled = before === undefined ? undefined : /^\d+$/.test(before) ? Number(before) : t.numbers.get(before);
    const amount = dual !== undefined ? 1 : (spelled ?? 1);
    const days = dual ?? (t.units.get(word) as number);
    const ago = hasAny(tokens, t.ago);
    const ahead = !ago && hasAny(tokens, t.in);
    const sign = ago ? -1 : ahead ? 1 : expect === 'past' ? -1 : expect === 'future' ? 1 : 0;
    if (sign === 0 || amount < 1 || amount > 400) return undefined;
    // "vor zwei Monaten" is the same day two calendar months back, not 60 days.
    if (days % 30 === 0) return addMonths(today, sign * amount * (days / 30));
    return addDays(today, sign * amount * days);
  }
  if (tokens.length > 4) return undefined;
  // "п’ятниці" normalises to two words: weekday names are matched as phrases.
  const dayName = [...t.weekdays.keys()].find((name) => indexOfPhrase(tokens, name.split(' ')) >= 0);
  if (dayName === undefined) return undefined;
  const target = t.weekdays.get(dayName) as number;
  const now = weekdayOf(today);
  const back = (now - target + 7) % 7 || 7; // days since the last such weekday, today excluded
  const ahead = (target - now + 7) % 7 || 7;
  if (hasAny(tokens, t.last)) return addDays(today, -back);
  if (hasAny(tokens, t.next)) return addDays(today, ahead);
  if (expect === 'future') return target === now ? today : addDays(today, ahead);
  return target === now ? today : addDays(today, -back);
}
