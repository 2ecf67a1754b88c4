/**
 * When the job centre transfers the monthly payment: on the last bank working day before the month
 * it is for (fact sheet Q9: paid in advance, transferred on the last banking day of the previous
 * month). Bank working days are Monday to Friday minus the days in facts.json `bankHolidays`.
 */

const DAY_MS = 86400000;

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function isBankDay(d: Date, holidays: ReadonlySet<string>): boolean {
  const wd = d.getUTCDay();
  return wd !== 0 && wd !== 6 && !holidays.has(iso(d));
}

export interface PaymentDate {
  /** First day of the month the money is for, e.g. 2027-01-01. */
  forMonth: string;
  /** Day of the transfer, e.g. 2026-12-30. */
  transfer: string;
}

/** The years the holiday list covers; a computed date outside them would be a guess. */
function coveredYears(holidays: readonly string[]): Set<number> {
  return new Set(holidays.map((h) => Number(h.slice(0, 4))));
}

/** The transfer day for the month starting at `monthStart` (UTC midnight of its 1st), or undefined if the calendar does not cover it. */
export function transferDayFor(monthStart: Date, holidays: readonly string[]): string | undefined {
  const set = new Set(holidays);
  const years = coveredYears(holidays);
  let d = new Date(monthStart.getTime() - DAY_MS);
  if (!years.has(d.getUTCFullYear())) return undefined;
  while (!isBankDay(d, set)) d = new Date(d.getTime() - DAY_MS);
  return iso(d);
}

/**
 * The next `count` payments whose transfer day is today or later (dates in Europe/Berlin are close
 * enough to UTC for whole days: `today` is an ISO date). Stops early where the calendar ends.
 */
export function upcomingPayments(today: string, holidays: readonly string[], count = 3): PaymentDate[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: PaymentDate[] = [];
  // The payment for the current month was transferred last month; start with next month's.
  for (let k = 1; out.length < count && k <= count + 2; k++) {
    const monthStart = new Date(Date.UTC(y, m - 1 + k, 1));
    const transfer = transferDayFor(monthStart, holidays);
    if (!transfer) break;
    if (transfer < today) continue;
    out.push({ forMonth: iso(monthStart), transfer });
  }
  return out;
}
