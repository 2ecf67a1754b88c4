/**
 * Issue 14: the corrected statements reach citizens through /api/ask (the same path as every
 * channel), amounts carry their year honestly, payment dates follow the bank-holiday calendar,
 * and content:check refuses bare home pages as sources and amounts written into answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { checkAmountsInAnswer, checkContent, checkSourceUrls } from '../content/check';
import { upcomingPayments } from '../content/paymentDates';
import { loadContent } from '../content/load';
import { buildKnowledge } from '../bot/knowledge';
import { replyForText } from '../bot/answer';
import { editorialTools } from '../bot/editorial';

const contentDir = path.resolve(__dirname, '..', 'content');

async function ask(lotse: TestLotse, text: string, lang = 'de'): Promise<{ entryId?: string; text: string; outcome: string; validUntil?: string }> {
  const res = await fetch(`${lotse.origin}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, lang }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { entryId?: string; text: string; outcome: string; validUntil?: string };
}

describe('the corrected answers of issue 14 (asked in German in December 2026)', () => {
  let lotse: TestLotse;
  beforeAll(async () => {
    lotse = await startTestLotse({ now: () => new Date('2026-12-05T10:00:00Z') });
  });
  afterAll(async () => {
    await lotse.stop();
  });

  it.each([
    // [correction, question, entry, statements that must be there, statements that must be gone]
    ['1 ALG I durations (§ 147 SGB III)', 'Wie lange bekommt man Arbeitslosengeld?', 'alg1_vs_buergergeld', ['Ab 50 Jahren bis zu 15 Monate', 'ab 55 Jahren bis zu 18 Monate', 'ab 58 Jahren bis zu 24 Monate'], ['ab 50 Jahren bis zu 24 Monate']],
    ['2 EU job-seekers: 5 years', 'Ich bin aus Rumänien, kann ich Bürgergeld bekommen?', 'eu_citizen', ['5 Jahre'], ['in den ersten Monaten oft nicht']],
    ['3 sanctions: full withdrawal, no promised hearing', 'sanktionen 2026 neue regeln', 'sanctions', ['ganze Regelsatz', 'Miete und Heizung zahlt das Jobcenter dann weiter'], ['Vorher bekommen Sie immer eine']],
    ['4 sick note: public-health certificate', 'Ich bin krank, was muss ich tun?', 'sick_note', ['Bescheinigung vom Gesundheitsamt'], []],
    ['4 missed appointment: public-health certificate', 'Ich habe meinen Termin verpasst', 'appointment_missed', ['Bescheinigung vom Gesundheitsamt'], []],
    ['5 Ukraine: first § 24 permit and transition', 'Ich komme aus der Ukraine, bin ich beim Jobcenter richtig?', 'ukraine_refugees', ['Fiktionsbescheinigung', 'nach dem 31. März 2025', 'Übergang'], ['kommt es auf das Datum der Einreise an', 'Vorgesehen ist']],
    ['8 savings: age bands from the birthday', 'Wie viel Erspartes darf ich haben?', 'savings', ['ab dem 20. Geburtstag: 10.000\u00a0€ (2026)', 'ab dem 50. Geburtstag: 15.000\u00a0€ (2026)'], ['ab 21 Jahren', 'über 40.000']],
    ['10 side earnings: amounts from facts', 'Wie viel darf ich dazuverdienen?', 'side_earnings', ['208,90\u00a0€ (2026)', '520\u00a0€ (2026)'], []],
    ['11 single parents: 36 % / 12 % / 60 %', 'Mehrbedarf Alleinerziehende', 'single_parent', ['bei **2 oder 3 Kindern unter 16 Jahren**', 'höchstens 60 %', '202,68\u00a0€ (2026)'], ['bei drei und mehr Kindern']],
    ['12 privacy depends on the channel', 'Werden meine Daten gespeichert?', 'privacy', ['hängt vom Weg ab', 'Messenger'], ['keine Daten gehen an einen Cloud-Dienst']],
    ['13 pregnancy: certificate of the due date', 'Ich bin schwanger, bekomme ich mehr Geld?', 'pregnancy', ['voraussichtlichen Geburtstermin', 'Den Mutterpass müssen Sie nicht vorlegen'], ['Legen Sie eine Kopie Ihres Mutterpasses vor']],
    ['14 no money: no promises', 'Ich habe kein Geld mehr', 'no_money_emergency', ['Das Jobcenter entscheidet darüber', 'je nach Ort verschieden'], ['noch am selben Tag']],
    ['15 child in danger: lines with hours and the local 24/7 number', 'Ein Kind ist in Gefahr', 'crisis_child_danger', ['116 111', 'Montag bis Samstag 14 bis 20 Uhr', '0800 111 0 550', 'Dienstag und Donnerstag bis 19 Uhr', '01234 5678-77'], []],
    ['16 reduced earning capacity: § 44a', 'Ich kann nicht mehr arbeiten, bin dauerhaft krank', 'unable_to_work_retirement', ['Rente wegen Erwerbsminderung', '§ 44a SGB II', 'Jobcenter weiter'], []],
  ])('%s', async (_name, question, entryId, present, gone) => {
    const reply = await ask(lotse, question);
    expect(reply.entryId).toBe(entryId);
    for (const s of present) expect(reply.text).toContain(s);
    for (const s of gone) expect(reply.text).not.toContain(s);
  });

  it('7 payment date: the next transfer days from the calendar, not a past example', async () => {
    const reply = await ask(lotse, 'Wann kommt das Geld?');
    expect(reply.entryId).toBe('payment_date');
    // 31 December is no bank working day, so the January money goes out on 30 December.
    expect(reply.text).toContain('- Januar 2027: 30. Dezember 2026');
    expect(reply.text).toContain('- Februar 2027: 29. Januar 2027');
    expect(reply.text).not.toContain('Dezember 2026 wird am 30. November 2026');
  });

  it('6 and 9 standard rates: amounts with their year, no expiry date on a rule that does not end', async () => {
    const reply = await ask(lotse, 'Wie hoch ist der Regelsatz?');
    expect(reply.entryId).toBe('standard_rates');
    expect(reply.text).toContain('563\u00a0€ (2026)');
    expect(reply.validUntil).toBeUndefined();
    expect((await ask(lotse, 'Wie viel darf ich dazuverdienen?')).validUntil).toBeUndefined();
  });

  it('shows the review date of the entry with a factual answer', async () => {
    const reply = await ask(lotse, 'Wie viel Erspartes darf ich haben?');
    expect(reply.text).toContain('Stand: 5. Dezember 2026');
  });
});

describe('amounts in a year without a published value', () => {
  // In-process (the same replyForText that /api/ask calls), with the clock in January 2027.
  const knowledge = buildKnowledge(loadContent(contentDir, 'musterstadt'));
  const january = new Date('2027-01-15T10:00:00Z');

  it('says "2026 value; 2027 not yet published" instead of showing 2026 as current', () => {
    const de = replyForText(knowledge, 'Wie hoch ist der Regelsatz?', 'de', { now: january });
    expect(de.entryId).toBe('standard_rates');
    expect(de.text).toContain('563\u00a0€ (Wert für 2026; der Wert für 2027 ist noch nicht veröffentlicht)');
    expect(de.text).not.toContain('563\u00a0€ (2026)');
    const en = replyForText(knowledge, 'How much is the standard rate?', 'en', { now: january });
    expect(en.entryId).toBe('standard_rates');
    expect(en.text).toContain('€563 (2026 value; 2027 not yet published)');
  });

  it('lists the January and February transfer days from late December on', () => {
    const reply = replyForText(knowledge, 'Wann kommt das Geld?', 'de', { now: new Date('2026-12-31T09:00:00Z') });
    expect(reply.text).toContain('- Februar 2027: 29. Januar 2027');
    expect(reply.text).not.toContain('- Januar 2027:');
  });
});

describe('payment dates from the bank-holiday calendar', () => {
  const holidays = loadContent(contentDir, 'musterstadt').facts.bankHolidays ?? [];

  it('skips Christmas Eve, the holidays and New Year’s Eve at the turn of the year', () => {
    expect(upcomingPayments('2027-12-01', holidays, 2)).toEqual([
      { forMonth: '2028-01-01', transfer: '2027-12-30' },
      { forMonth: '2028-02-01', transfer: '2028-01-31' },
    ]);
  });

  it('moves a transfer before Good Friday and Easter Monday and over a weekend', () => {
    // April 2027 money: 31 March 2027 is a Wednesday and a bank day.
    expect(upcomingPayments('2027-03-01', holidays, 1)).toEqual([{ forMonth: '2027-04-01', transfer: '2027-03-31' }]);
    // May 2026 money: 30 April 2026 is a Thursday.
    expect(upcomingPayments('2026-04-10', holidays, 1)).toEqual([{ forMonth: '2026-05-01', transfer: '2026-04-30' }]);
    // October 2027 money: 30 September 2027 is a Thursday; November 2026 money: 30 October 2026 is a Friday.
    expect(upcomingPayments('2026-10-01', holidays, 1)).toEqual([{ forMonth: '2026-11-01', transfer: '2026-10-30' }]);
  });

  it('starts with next month once this month’s transfer day has passed', () => {
    expect(upcomingPayments('2026-12-31', holidays, 1)).toEqual([{ forMonth: '2027-02-01', transfer: '2027-01-29' }]);
  });

  it('stops where the calendar ends instead of guessing', () => {
    expect(upcomingPayments('2028-12-01', holidays, 3)).toEqual([{ forMonth: '2029-01-01', transfer: '2028-12-29' }]);
    expect(upcomingPayments('2029-02-01', holidays, 3)).toEqual([]);
  });
});

describe('content:check for sources and amounts', () => {
  it('fails on a source that is a bare home page', () => {
    const report = { errors: [] as string[] };
    checkSourceUrls(
      {
        bare: { title: 'Bundesagentur für Arbeit', url: 'https://www.arbeitsagentur.de/', checkedOn: '2026-12-05' },
        law: { title: '§ 24 SGB II', url: 'https://www.gesetze-im-internet.de/sgb_2/__24.html', checkedOn: '2026-12-05' },
        article: { title: 'buergergeld.org', url: 'https://www.buergergeld.org/?p=54628', checkedOn: '2026-12-05' },
      },
      report,
    );
    expect(report.errors).toEqual(['pack/sources.json [bare]: https://www.arbeitsagentur.de/ is a bare home page — cite the page that supports the statement']);
  });

  it.each([
    ['Beispiel: Bei einem Minijob bleiben 208,90 € frei.'],
    ['Bis 5.000 Euro dürfen Sie behalten.'],
    ['Up to €603 a month.'],
    ['до 15 000 € на человека'],
    ['حتى 20 سنة 5,000 يورو'],
  ])('fails on an amount written into an answer: %s', (answer) => {
    const report = { errors: [] as string[], warnings: [] as string[] };
    expect(checkAmountsInAnswer('i18n/x.json [e]', answer, false, report)).toBe(false);
    expect(report.errors[0]).toContain('amount written in the answer');
  });

  it('accepts placeholders, phone numbers, paragraphs, dates and percentages', () => {
    const report = { errors: [] as string[], warnings: [] as string[] };
    const answer = 'Höchstens {{amount.earnings_max_allowance}}. Rufen Sie 0800 111 0 550 an. § 44a SGB II. Bis 31. März 2025. 36 % des Regelsatzes.';
    expect(checkAmountsInAnswer('i18n/de.json [e]', answer, false, report)).toBe(true);
    expect(report.errors).toEqual([]);
  });

  it('reports an amount in a German answer as an error of the whole check', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-content-'));
    try {
      fs.cpSync(contentDir, dir, { recursive: true });
      const file = path.join(dir, 'pack', 'i18n', 'de.json');
      const de = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Record<string, { answer: string }> };
      (de.entries.single_parent as { answer: string }).answer += '\nDas sind 202,68 € im Monat.';
      fs.writeFileSync(file, JSON.stringify(de, null, 2));
      const sources = path.join(dir, 'pack', 'sources.json');
      const s = JSON.parse(fs.readFileSync(sources, 'utf8')) as Record<string, { url: string }>;
      (s.s1 as { url: string }).url = 'https://www.bmas.de';
      fs.writeFileSync(sources, JSON.stringify(s, null, 2));
      const report = checkContent(dir, 'musterstadt', editorialTools, { skipConfusable: true, now: new Date('2026-12-05T10:00:00Z') });
      expect(report.errors.some((e) => e.startsWith('i18n/de.json [single_parent]: amount written in the answer (202,68 €)'))).toBe(true);
      expect(report.errors.some((e) => e.startsWith('pack/sources.json [s1]: https://www.bmas.de is a bare home page'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes on the shipped content with every German and Leichte Sprache entry complete', () => {
    const report = checkContent(contentDir, 'musterstadt', editorialTools, { skipConfusable: true, now: new Date('2026-12-05T10:00:00Z') });
    expect(report.errors).toEqual([]);
    expect(report.entries).toBeGreaterThanOrEqual(99);
    expect(report.languages.de).toBe(report.entries);
    expect(report.languages['de-x-ls']).toBe(report.entries);
  });
});
