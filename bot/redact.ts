/**
 * Masks personal data in text before it is stored or shown to staff: phone numbers, e-mail
 * addresses, IBANs, tax ids, customer and BG numbers. Better to mask one number too many than
 * to keep one social-data item longer than needed.
 */

const PATTERNS: Array<[RegExp, string]> = [
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu, '[E-MAIL]'],
  [/\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?\b/gi, '[IBAN]'],
  // BG number (Nummer der Bedarfsgemeinschaft), e.g. 12345BG0012345.
  [/\b\d{5}\s?BG\s?\d{7}\b/gi, '[BG-NR]'],
  // BA customer number, e.g. 123A456789.
  [/\b\d{3}[A-Z]\d{6}\b/gi, '[KUNDEN-NR]'],
  // Tax id: 11 digits, possibly grouped.
  [/\b\d{2}\s?\d{3}\s?\d{3}\s?\d{3}\b/g, '[STEUER-ID]'],
  // Phone numbers: 7+ digits with optional +, spaces, slashes, dashes, brackets.
  [/(?:\+|00)?\d[\d\s/()-]{5,}\d/g, '[TELEFON]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, label] of PATTERNS) out = out.replace(pattern, label);
  return out;
}
