/**
 * Reading a phone number for a callback out of a chat message ("meine Nummer: 0170 / 123 45 67",
 * "+49 170 1234567", "٠١٧٠١٢٣٤٥٦٧"). Only the number is kept, as digits with a leading + or 0.
 */

import { spokenDigits } from './spokenDigits';

/** Eastern Arabic and Persian digits as ASCII. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

const CANDIDATE = /(?:\+|00)?\s?\(?\d[\d\s/().-]{4,24}\d/g;
const EMERGENCY = new Set(['110', '112', '116117', '116123', '116016', '116111']);

/**
 * The phone number in the message, normalised ("+491701234567", "01701234567"), or undefined.
 * Digits may be written as words in any bot language ("null eins sieben eins …").
 */
export function parsePhone(text: string): string | undefined {
  const written = readPhone(text);
  if (written) return written;
  const spoken = spokenDigits(text);
  return spoken ? readPhone(spoken) : undefined;
}

function readPhone(text: string): string | undefined {
  const candidates = asciiDigits(text).match(CANDIDATE) ?? [];
  for (const raw of candidates) {
    const trimmed = raw.trim();
    const international = trimmed.startsWith('+') || trimmed.startsWith('00');
    let digits = trimmed.replace(/\D/g, '');
    if (trimmed.startsWith('00')) digits = digits.slice(2);
    // "+49 (0) 170 …": the trunk zero in brackets is not dialled from abroad.
    if (international && /^\+?\s?(?:00)?\d{2}\s?\(0\)/.test(trimmed) && digits[2] === '0') digits = digits.slice(0, 2) + digits.slice(3);
    if (EMERGENCY.has(digits)) continue;
    if (/^(\d)\1+$/.test(digits)) continue;
    if (international) {
      if (digits.length >= 8 && digits.length <= 15 && digits[0] !== '0') return `+${digits}`;
    } else if (digits.startsWith('0') && digits.length >= 7 && digits.length <= 14 && digits[1] !== '0') {
      return digits;
    }
  }
  return undefined;
}

/** Does the message contain digits, in figures or words (then it is an attempt at a number, not a new question)? */
export function hasDigits(text: string): boolean {
  return /\d/.test(asciiDigits(text)) || spokenDigits(text) !== undefined;
}
