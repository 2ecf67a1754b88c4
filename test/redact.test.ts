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

describe('what the probe found unmasked in stored transcripts', () => {
  it.each([
    ['IBAN DE89.3704.0044.0532.0130.00', 'IBAN [IBAN]'],
    ['Steuer-ID 12.345.678.901', 'Steuer-ID [STEUER-ID]'],
    ['max.mustermann(at)example.de', '[E-MAIL]'],
    ['anna [at] gmx [dot] de', '[E-MAIL]'],
    ['olga at mail dot ru', '[E-MAIL]'],
    ['Ausweisnummer L01X00T47', 'Ausweisnummer [AUSWEIS-NR]'],
    ['BG 12345-BG-0012345', 'BG [BG-NR]'],
    ['Ich heiße Anna Schmidt und wohne in der Hauptstraße 12', 'Ich heiße [NAME] und wohne in der [ADRESSE]'],
    ['Geburtsdatum: 15.04.1985', 'Geburtsdatum: [GEBURTSDATUM]'],
  ])('masks %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('names and street addresses in every language', () => {
  it.each([
    ['My name is John Smith and I need help', 'My name is [NAME] and I need help'],
    ['Меня зовут Ольга Иванова', 'Меня зовут [NAME]'],
    ['Мене звати Олена Коваленко', 'Мене звати [NAME]'],
    ['Казвам се Иван Петров', 'Казвам се [NAME]'],
    ['Benim adım Ayşe Yılmaz', 'Benim adım [NAME]'],
    ['Nazywam się Katarzyna Nowak', 'Nazywam się [NAME]'],
    ['Mă numesc Ion Popescu', 'Mă numesc [NAME]'],
    ['اسمي أحمد الحسن', 'اسمي [NAME]'],
    ['اسم من علی رضایی است', 'اسم من [NAME] است'],
    ['Мой адрес: ул. Ленина, д. 5', 'Мой адрес: [ADRESSE]'],
    ['Adresim: Atatürk Caddesi No: 15', 'Adresim: [ADRESSE]'],
    ['Mój adres: ul. Marszałkowska 10', 'Mój adres: [ADRESSE]'],
    ['Adresa mea: Strada Florilor nr. 12', 'Adresa mea: [ADRESSE]'],
    ['I live at 221 Baker Street', 'I live at [ADRESSE]'],
  ])('masks %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('does not take an ordinary sentence for a name', () => {
    expect(redact('Ich bin arbeitslos und habe 3 Kinder')).toBe('Ich bin arbeitslos und habe 3 Kinder');
    expect(redact('I am unemployed')).toBe('I am unemployed');
  });
});

describe("the job centre's own numbers", () => {
  it('stay readable when named as public, while a citizen number in the same line is masked', () => {
    expect(redact('Rufen Sie 01234 5678-0 an oder ich rufe Sie unter 0170 1234567 an', { publicNumbers: ['01234 5678-0'] })).toBe('Rufen Sie 01234 5678-0 an oder ich rufe Sie unter [TELEFON] an');
  });

  it('nationwide hotlines and crisis lines stay readable without being named', () => {
    expect(redact('Telefonseelsorge 0800 111 0 111, Hotline 0800 4 5555 00')).toBe('Telefonseelsorge 0800 111 0 111, Hotline 0800 4 5555 00');
  });
});

describe('logs', () => {
  it('mask personal data quoted in error messages', async () => {
    const { createLogger } = await import('../app/logger');
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.error({ err: { name: 'SyntaxError', message: 'Unexpected token in {"phone":"0170 1234567","mail":"anna@example.org"}' } }, 'request failed');
    expect(lines.join('')).not.toMatch(/0170 1234567|anna@example\.org/);
    expect(lines.join('')).toContain('[TELEFON]');
  });
});

describe('cases beyond the evaluation set', () => {
  it.each([
    ['ich bin Frau Petra Lange aus der Schillerstraße 4 in 12345 Musterstadt', 'ich bin Frau [NAME] aus der [ADRESSE] in 12345 Musterstadt'],
    ['my number is 07911 123456', 'my number is [TELEFON]'],
    ['اسمي محمود وأسكن في Bahnhofstraße 9', 'اسمي [NAME] وأسكن في [ADRESSE]'],
    ['Адреса: вул. Соборна, буд. 14, кв. 3', 'Адреса: [ADRESSE]'],
    ['My wife Maria Schulz was born on 4 July 1988', 'My wife [NAME] was born on [GEBURTSDATUM]'],
    ['mein Sohn Leon hat Geburtstag', 'mein Sohn [NAME] hat Geburtstag'],
  ])('masks %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});
