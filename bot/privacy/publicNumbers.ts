/**
 * The phone numbers a job centre publishes itself (its profile: service, technical and
 * emergency lines, the homeless help): they appear in bot answers and in citizens' messages
 * ("I called 01234 5678-0") and are nobody's personal data, so redaction leaves them readable.
 */
const PHONE_LIKE = /(?:\+|\b00)?\(?\d[\d\s/().-]{5,}\d/g;

function strings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

export function publicNumbersOf(profile: unknown): string[] {
  return strings(profile, []).flatMap((s) => s.match(PHONE_LIKE) ?? []).filter((n) => n.replace(/\D/g, '').length >= 7);
}
