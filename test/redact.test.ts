/**
 * Personal data never reaches stored transcripts, the staff console or logs: phone numbers,
 * e-mail addresses, IBANs, tax ids and numbers, social insurance, customer and BG numbers —
 * while dates, amounts, postcodes and step numbers stay readable.
 */
import { redact } from '../bot/redact';

describe('redaction of personal data', () => {
  it.each([
    ['Ruf mich an: 0170 1234567', 'Ruf mich an: [TELEFON]'],
    ['+49 (0)30 123 45 67', '[TELEFON]'],
    ['Tel. 030/12345678 bitte', 'Tel. [TELEFON] bitte'],
    ['0176-12345678', '[TELEFON]'],
    ['mail: max.mustermann@web.de', 'mail: [E-MAIL]'],
    ['schreib an max @ gmx.de', 'schreib an [E-MAIL]'],
    ['IBAN DE89 3704 0044 0532 0130 00', 'IBAN [IBAN]'],
    ['de89370400440532013000', '[IBAN]'],
    ['Kundennummer 123A456789', 'Kundennummer [KUNDEN-NR]'],
    ['Kd-Nr 123 A 456789', 'Kd-Nr [KUNDEN-NR]'],
    ['BG-Nummer 12345BG0012345', 'BG-Nummer [BG-NR]'],
    ['Nummer der BG: 12345//0012345', 'Nummer der BG: [BG-NR]'],
    ['Steuer-ID 12 345 678 901', 'Steuer-ID [STEUER-ID]'],
    ['Steuernummer 123/456/78901', 'Steuernummer [STEUER-NR]'],
    ['SV-Nummer 12 150485 M 123', 'SV-Nummer [SV-NR]'],
    ['رقمي ٠١٧٠ ١٢٣٤٥٦٧', 'رقمي [TELEFON]'],
  ])('masks %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['Mein Termin ist am 31.03.2027 um 10:00'],
    ['Ich bekomme 563 € im Monat und 1.200,50 Miete'],
    ['12345 Musterstadt'],
    ['Von 2025 bis 2026'],
    ['Schritt 3 von 8'],
    ['am 3. Mai 2026'],
  ])('keeps %s', (input) => {
    expect(redact(input)).toBe(input);
  });

  it('masks several items in one message and leaves no digit run of a phone number behind', () => {
    const out = redact('Ich bin 0170 1234567 oder anna@example.org, IBAN DE89370400440532013000, Kd 123A456789');
    expect(out).toBe('Ich bin [TELEFON] oder [E-MAIL], IBAN [IBAN], Kd [KUNDEN-NR]');
    expect(out).not.toMatch(/\d{4}/);
  });
});

describe('no false IBANs', () => {
  it('keeps words that only look like the start of an IBAN', () => {
    expect(redact('ab12 test case here')).toBe('ab12 test case here');
    expect(redact('NL91 ABNA 0417 1643 00')).toBe('[IBAN]');
  });
});
