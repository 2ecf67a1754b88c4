/**
 * "Is the live chat open now?" — opening hours of the profile read in the job centre's own time
 * zone, whatever the server's clock zone is.
 */
import type { WeeklyHours } from '../../content/model';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, f);
  }
  return f;
}

/** Weekday and minutes since midnight at `now` in `timezone`. */
export function localTime(now: Date, timezone: string): { day: Weekday; minutes: number } {
  const parts = formatter(timezone).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').slice(0, 3).toLowerCase() as Weekday;
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** True when `now` falls into one of the day's ranges (start inclusive, end exclusive). */
export function isOpen(hours: WeeklyHours | undefined, timezone: string, now: Date): boolean {
  if (!hours) return false;
  const { day, minutes } = localTime(now, timezone);
  return (hours[day] ?? []).some(([from, to]) => minutes >= minutesOf(from) && minutes < minutesOf(to));
}

const ORDER: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * When the hours open next after `now` (in the job centre's time zone): in how many days, on
 * which weekday, at what time — for "the live chat opens again tomorrow at 09:00". Undefined
 * when the hours are empty.
 */
export function nextOpening(hours: WeeklyHours | undefined, timezone: string, now: Date): { inDays: number; day: Weekday; time: string } | undefined {
  if (!hours) return undefined;
  const { day, minutes } = localTime(now, timezone);
  const today = ORDER.indexOf(day);
  for (let inDays = 0; inDays <= 7; inDays++) {
    const weekday = ORDER[(today + inDays) % 7] as Weekday;
    const starts = (hours[weekday] ?? []).map(([from]) => from).sort();
    const next = starts.find((from) => inDays > 0 || minutesOf(from) > minutes);
    if (next) return { inDays, day: weekday, time: next };
  }
  return undefined;
}
