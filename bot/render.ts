/**
 * Fills content placeholders with local facts and amounts, formatted for the reader's language:
 * {{profile.phone.service}}, {{hours.frontDesk}}, {{amount.rate_level1}} … Local facts live in the
 * job centre's profile and amounts in facts.json with their year — never in answers or code.
 */
import type { Facts, Language, Profile, WeeklyHours } from '../content/model';
import { upcomingPayments } from '../content/paymentDates';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The Intl locale for a content language; Latin digits everywhere so numbers match letters and phones. */
export function intlLocale(language: Language | string): string {
  // British English: "5 December 2026", not the US "December 5, 2026" (issue 14).
  const base = language === 'de-x-ls' ? 'de' : language === 'en' ? 'en-GB' : language;
  // Gregorian calendar too: Persian would otherwise get Solar Hijri dates (31 March 2027 → 11 Farvardin 1406),
  // which match no letter from the job centre.
  return `${base}-u-ca-gregory-nu-latn`;
}

/** Intl formatters are costly to create (about a millisecond); each is made once per language. */
const formatters = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

function weekdayName(day: number, language: string): string {
  // 2024-01-01 was a Monday.
  const f = cached(`weekday:${language}`, () => new Intl.DateTimeFormat(intlLocale(language), { weekday: 'short', timeZone: 'UTC' }));
  return f.format(new Date(Date.UTC(2024, 0, 1 + day)));
}

function listFormat(items: string[], language: string): string {
  return cached(`list:${language}`, () => new Intl.ListFormat(intlLocale(language), { style: 'long', type: 'conjunction' })).format(items);
}

/** "Mo.–Mi. 08:00–12:00, Do. 08:00–12:00 und 14:00–18:00" in the reader's language. */
export function formatHours(hours: WeeklyHours | undefined, language: string, closed: string): string {
  if (!hours) return closed;
  const groups: Array<{ from: number; to: number; slots: string }> = [];
  WEEKDAYS.forEach((day, i) => {
    const ranges = hours[day];
    if (!ranges || ranges.length === 0) return;
    const slots = listFormat(ranges.map(([a, b]) => `${a}–${b}`), language);
    const last = groups[groups.length - 1];
    if (last && last.to === i - 1 && last.slots === slots) last.to = i;
    else groups.push({ from: i, to: i, slots });
  });
  if (groups.length === 0) return closed;
  return groups
    .map((g) => `${weekdayName(g.from, language)}${g.to > g.from ? `–${weekdayName(g.to, language)}` : ''} ${g.slots}`)
    .join(', ');
}

export function formatDate(isoDate: string, language: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const f = cached(`date:${language}`, () => new Intl.DateTimeFormat(intlLocale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
  return f.format(new Date(Date.UTC(y, m - 1, d)));
}

/**
 * The amount for `year`, or the latest earlier year's, always shown with its year. An older year's
 * value is never shown as current: `notYetPublished` words it as "563 € (2026 value; 2027 not yet
 * published)" in the reader's language.
 */
export function formatAmount(
  facts: Facts,
  key: string,
  language: string,
  year: number,
  notYetPublished?: (amount: string, valueYear: number, year: number) => string,
): string | undefined {
  const amount = facts.amounts[key];
  if (!amount) return undefined;
  const years = Object.keys(amount.byYear).map(Number).filter((y) => y <= year).sort((a, b) => b - a);
  const chosen = years[0] ?? Math.min(...Object.keys(amount.byYear).map(Number));
  const value = amount.byYear[String(chosen)];
  if (value === undefined) return undefined;
  const digits = Number.isInteger(value) ? 0 : 2;
  const money = cached(`money:${language}:${amount.unit}:${digits}`, () => new Intl.NumberFormat(intlLocale(language), { style: 'currency', currency: amount.unit, minimumFractionDigits: digits })).format(value);
  if (chosen < year && notYetPublished) return notYetPublished(money, chosen, year);
  return `${money} (${chosen})`;
}

/** "Januar 2027" in the reader's language. */
function formatMonth(isoDate: string, language: string): string {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  const f = cached(`month:${language}`, () => new Intl.DateTimeFormat(intlLocale(language), { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  return f.format(new Date(Date.UTC(y, m - 1, 1)));
}

/**
 * The next transfer days as list lines, "- Januar 2027: 30. Dezember 2026", computed from the bank
 * holidays in facts.json; undefined when the calendar does not reach the coming months.
 */
export function formatUpcomingPayments(facts: Facts, language: string, now: Date): string | undefined {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now);
  const payments = upcomingPayments(today, facts.bankHolidays ?? [], 3);
  if (payments.length === 0) return undefined;
  return payments.map((p) => `- ${formatMonth(p.forMonth, language)}: ${formatDate(p.transfer, language)}`).join('\n');
}

/** Language names in a reader's language ("Arabisch", "арабська"). */
export function languageNames(language: string): Intl.DisplayNames {
  return cached(`names:${language}`, () => new Intl.DisplayNames([language === 'de-x-ls' ? 'de' : language, 'en'], { type: 'language' }));
}

export interface RenderContext {
  profile: Profile;
  facts: Facts;
  language: Language;
  now: Date;
  /** Localised word for "closed", for empty opening hours. */
  closed: string;
  /** Localised language names, for the interpreter list. */
  languageName: (code: string) => string;
  /** Localised "563 € (2026 value; 2027 not yet published)" for an amount without a current-year value. */
  notYetPublished?: (amount: string, valueYear: number, year: number) => string;
}

/** Value of one placeholder, or undefined if it does not exist. */
export function placeholderValue(name: string, ctx: RenderContext): string | undefined {
  const { profile, language } = ctx;
  const [scope, ...rest] = name.split('.');
  const key = rest.join('.');
  if (scope === 'amount') return formatAmount(ctx.facts, key, language, ctx.now.getUTCFullYear(), ctx.notYetPublished);
  if (scope === 'payment') return key === 'upcoming' ? formatUpcomingPayments(ctx.facts, language, ctx.now) : undefined;
  if (scope === 'hours') {
    if (!(key in profile.hours)) return undefined;
    return formatHours(profile.hours[key as keyof Profile['hours']], language, ctx.closed);
  }
  if (scope !== 'profile') return undefined;
  switch (key) {
    case 'name':
      return profile.name;
    case 'address':
      return profile.address;
    case 'phone.service':
      return profile.phones.service;
    case 'phone.technical':
      return profile.phones.technical;
    case 'phone.emergency':
      return profile.phones.emergency ?? profile.phones.service;
    case 'phone.childProtection':
      // No fallback to the job centre's number: a child in danger needs the round-the-clock service.
      return profile.phones.childProtection;
    case 'appointmentUrl':
      return profile.appointmentUrl ?? profile.portal.url;
    case 'portalUrl':
      return profile.portal.url;
    case 'homelessHelp':
      return profile.homelessHelp ?? profile.phones.service;
    case 'interpreterLanguages':
      return listFormat(profile.interpreterLanguages.map(ctx.languageName), language);
    case 'retentionDays':
      return String(profile.retentionDays);
    default:
      return undefined;
  }
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g;

/** Names of the placeholders in a text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Replace placeholders; unknown ones are removed (content:check reports them before they ship). */
export function renderTemplate(text: string, ctx: RenderContext): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => placeholderValue(name, ctx) ?? '');
}
