/**
 * Masks personal data in text before it is stored or shown to staff: phone numbers, e-mail
 * addresses, IBANs, tax ids and tax numbers, social insurance numbers, customer and BG numbers.
 * Better to mask one number too many than to keep one social-data item longer than needed.
 *
 * Dates ("31.03.2027"), amounts ("563 €", "1.200,50"), postcodes and short numbers stay: flows
 * and staff need them, and they do not identify anyone.
 */

/** An IBAN has at least 10 digits (NL91 ABNA 0417 1643 00); "ab12 test case" is no IBAN. */
function iban(match: string): string {
  return (match.match(/\d/g)?.length ?? 0) >= 10 ? '[IBAN]' : match;
}

/** Order matters: the specific formats first, the catch-all phone pattern last. */
const PATTERNS: Array<[RegExp, string | ((match: string) => string)]> = [
  // E-mail, also with spaces around the @ ("name @ example.org").
  [/[\p{L}\p{N}._%+-]+\s?@\s?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, '[E-MAIL]'],
  // IBAN: country code, check digits, 11–30 letters or digits, grouped or not ("DE89 3704 0044 0532 0130 00").
  [/\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b/gi, iban],
  // BG number (Nummer der Bedarfsgemeinschaft): 12345BG0012345, 12345 BG 0012345, 12345//0012345.
  [/\b\d{5}\s?(?:BG|\/\/)\s?\d{7}\b/gi, '[BG-NR]'],
  // Social insurance number (Rentenversicherungsnummer): 12 150485 M 123.
  [/\b\d{2}\s?\d{6}\s?[A-Z]\s?\d{3}\b/gi, '[SV-NR]'],
  // BA customer number (Kundennummer): 123A456789, 123 A 456789.
  [/\b\d{3}\s?[A-Z]\s?\d{6}\b/gi, '[KUNDEN-NR]'],
  // Tax number (Steuernummer): 12/345/67890, 123/456/78901, 1234/567/8901.
  [/\b\d{2,4}\/\d{3,4}\/\d{4,5}\b/g, '[STEUER-NR]'],
  // Tax id (Steuer-ID): 11 digits, possibly grouped 2-3-3-3.
  [/\b\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}\b/g, '[STEUER-ID]'],
  // Phone numbers and other long digit runs: 7+ digits with optional +, spaces, slashes, dashes, brackets.
  [/(?:\+|\b00)?\(?\d[\d\s/()-]{5,}\d/g, '[TELEFON]'],
];

/** Eastern Arabic and Persian digits as ASCII, so that "٠١٧٠١٢٣٤٥٦٧" is recognised as a number too. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

export function redact(text: string): string {
  let out = asciiDigits(text);
  for (const [pattern, label] of PATTERNS) out = typeof label === 'string' ? out.replace(pattern, label) : out.replace(pattern, label);
  return out;
}
