/**
 * Masks personal data in text before it is stored, logged or shown to staff: phone numbers,
 * e-mail addresses (also written "(at)", "[at]", " at … dot "), IBANs, tax ids and numbers,
 * social insurance numbers, ID and passport numbers, customer and BG numbers, dates of birth,
 * street addresses and names introduced as names ("my name is …" in every language Lotse speaks).
 * Better to mask one word too many than to keep one social-data item longer than needed.
 *
 * What stays: appointment dates ("31.03.2027"), amounts ("563 €", "1.200,50"), postcodes with a
 * town alone, paragraph and step numbers, and public numbers (the job centre's own, crisis lines):
 * flows and staff need them, and they identify nobody.
 *
 * Pure: `findPersonalData` returns the spans (what the PII evaluation scores), `redact` replaces
 * them with tokens such as `[TELEFON]`.
 */

export type PiiKind = 'email' | 'iban' | 'bg-number' | 'social-insurance' | 'customer-number' | 'tax-number' | 'tax-id' | 'id-document' | 'date-of-birth' | 'address' | 'name' | 'phone';

export interface PiiSpan {
  start: number;
  end: number;
  kind: PiiKind;
}

export interface RedactOptions {
  /** Numbers that are public (the job centre's own, crisis lines) and stay readable. */
  publicNumbers?: readonly string[];
}

const TOKEN: Record<PiiKind, string> = {
  email: '[E-MAIL]',
  iban: '[IBAN]',
  'bg-number': '[BG-NR]',
  'social-insurance': '[SV-NR]',
  'customer-number': '[KUNDEN-NR]',
  'tax-number': '[STEUER-NR]',
  'tax-id': '[STEUER-ID]',
  'id-document': '[AUSWEIS-NR]',
  'date-of-birth': '[GEBURTSDATUM]',
  address: '[ADRESSE]',
  name: '[NAME]',
  phone: '[TELEFON]',
};

/** Nationwide numbers that are never a citizen's own (BA hotlines, crisis and help lines). */
export const NATIONWIDE_PUBLIC_NUMBERS: readonly string[] = ['0800 4 5555 00', '0800 4 5555 01', '0800 4 5555 02', '0800 4 5555 03', '0800 111 0 111', '0800 111 0 222', '0800 111 0 333', '0800 111 0 550', '0800 116 016', '0800 40 40 020', '0800 22 55 530'];

const digitsOf = (s: string): string => s.replace(/\D/g, '');

// ——— building blocks ———
const AT = String.raw`(?:\s?@\s?|\s?[(\[{]\s?(?:at|ät|ат)\s?[)\]}]\s?)`;
/** "olga at mail dot ru": the spoken form, tried after the written ones so "me at x@y.de" stays one e-mail. */
const SPOKEN_AT = String.raw`\s(?:at|ät|собака|эт|равлик)\s`;
const DOT = String.raw`(?:\.|\s?[(\[{]\s?(?:dot|punkt|точка|крапка|nokta|kropka|punct)\s?[)\]}]\s?|\s(?:dot|punkt|точка|крапка|nokta|kropka|punct)\s)`;
const LABEL = String.raw`[\p{L}\p{N}-]+`;
const EMAIL = new RegExp(String.raw`[\p{L}\p{N}._%+-]+${AT}${LABEL}(?:${DOT}${LABEL})*${DOT}\p{L}{2,}`, 'giu');
const SPOKEN_EMAIL = new RegExp(String.raw`[\p{L}\p{N}._%+-]+${SPOKEN_AT}${LABEL}(?:${DOT}${LABEL})*${DOT}\p{L}{2,}`, 'giu');

const MONTH_WORD = String.raw`\p{L}{3,12}\.?`;
const YEAR_OLD = String.raw`(?:19\d{2}|200\d|13[0-9]{2})`;
const NUM_DATE = String.raw`(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|(?:19|20)\d{2}-\d{2}-\d{2}|13\d{2}\/\d{1,2}\/\d{1,2})`;
const WORD_DATE = String.raw`(?:\d{1,2}\.?\s${MONTH_WORD}\s(?:19|20)\d{2}|${MONTH_WORD}\s\d{1,2},?\s(?:19|20)\d{2})`;
/** Words that say a date is a birth date, in every language (then any year counts). */
const BIRTH = String.raw`(?:geboren|geb\.|geburtsdatum|geburtstag|born|birth|dob|d\.o\.b\.|ولدت|ولد|مولود|مواليد|الميلاد|ميلادي|تولد|متولد|به دنیا|родил|рождени|д\.р\.|народи|д\.н\.|doğ|urodzi|urodzeni|ur\.|născut|nasc|nașter|naster|роден|родена|раждане)`;

/** Words that introduce a name, per language; what follows (a few words) is the name. */
const NAME_INTRO = [
  // de
  String.raw`ich\s+hei(?:ß|ss)e`, String.raw`(?:meine?|unsere?)\s+(?:frau|mann|sohn|tochter|partnerin|partner|kind|mutter|vater)`, String.raw`mein\s+(?:vor|nach)?name\s+(?:ist|lautet)`, String.raw`hier\s+ist`, String.raw`mit\s+freundlichen\s+grü(?:ß|ss)en,?`, String.raw`(?:vor|nach)?name\s*:`, String.raw`(?:herr|frau)`,
  // en
  String.raw`my\s+(?:first\s+|last\s+|sur)?name\s+is`, String.raw`i\s*'?m\s+called`, String.raw`i\s+am\s+called`, String.raw`this\s+is`, String.raw`i\s+am`, String.raw`kind\s+regards,?`, String.raw`my\s+(?:wife|husband|son|daughter|partner|child|mother|father)`, String.raw`(?:mr|mrs|ms)\.?`,
  // ar
  String.raw`(?:أنا\s+|انا\s+)?(?:اسمي|إسمي)`, String.raw`الاسم\s*:`, String.raw`مع\s+التحية،?`,
  // fa
  String.raw`(?:اسم|نام)(?:\s+خانوادگی)?\s+من`, String.raw`اسمم`, String.raw`نام\s*:`, String.raw`با\s+احترام،?`, String.raw`من`,
  // ru
  String.raw`меня\s+зовут`, String.raw`мо[ёе]\s+имя`, String.raw`моя\s+фамилия`, String.raw`это`, String.raw`имя\s*:`, String.raw`с\s+уважением,?`,
  // uk
  String.raw`мене\s+(?:звати|звуть)`, String.raw`моє\s+ім['’]я`, String.raw`моє\s+прізвище`, String.raw`ім['’]я\s*:`, String.raw`з\s+повагою,?`, String.raw`це`,
  // tr
  String.raw`benim\s+adım`, String.raw`adım`, String.raw`[iİ]smim`, String.raw`soyadım`, String.raw`ben`, String.raw`ad\s*:`, String.raw`saygılarımla,?`,
  // pl
  String.raw`nazywam\s+się`, String.raw`mam\s+na\s+imię`, String.raw`moje\s+(?:imię|nazwisko)\s+to`, String.raw`tu`, String.raw`imię\s*:`, String.raw`z\s+poważaniem,?`, String.raw`(?:pan|pani)`,
  // ro
  String.raw`mă\s+numesc`, String.raw`ma\s+numesc`, String.raw`mă\s+cheamă`, String.raw`ma\s+cheama`, String.raw`numele\s+meu(?:\s+de\s+familie)?\s+(?:este|e)`, String.raw`sunt`, String.raw`nume\s*:`, String.raw`cu\s+stimă,?`,
  // bg
  String.raw`казвам\s+се`, String.raw`името\s+ми\s+е`, String.raw`фамилията\s+ми\s+е`, String.raw`аз\s+съм`, String.raw`име\s*:`, String.raw`с\s+уважение,?`,
];
/** Intros after which a name must be capitalised (they also start ordinary sentences: "ich bin arbeitslos"). */
const WEAK_INTRO = new Set(['(?:meine?|unsere?)\\s+(?:frau|mann|sohn|tochter|partnerin|partner|kind|mutter|vater)', 'my\\s+(?:wife|husband|son|daughter|partner|child|mother|father)', 'hier\\s+ist', 'this\\s+is', 'i\\s+am', '(?:herr|frau)', '(?:mr|mrs|ms)\\.?', 'это', 'це', 'ben', 'tu', '(?:pan|pani)', 'sunt', 'аз\\s+съм', 'من']);
/** Words that end a name: pronouns, conjunctions and verbs that follow a name in a sentence. */
const NAME_STOP = new Set(
  (
    'und ich bin habe hab brauche wohne komme aus von mit bitte und, der die das ' +
    'and i im am need have from with please but ' +
    'و أنا وأنا انا وانا من عندي لدي أريد اريد احتاج أحتاج في ' +
    'است هستم هست و که دارم می ' +
    'и я мне у из с а но ' +
    'і я мені в з та але ' +
    've ben bir ile için ama ' +
    'i ja jestem mam z ale potrzebuję ' +
    'și si eu am sunt din cu dar ' +
    'и аз имам от с но съм'
  ).split(/\s+/),
);
const NAME_WORD = /^[\p{L}][\p{L}\p{M}'’-]*$/u;

const SUFFIXES = ['straße', 'strasse', 'str.', 'weg', 'gasse', 'platz', 'allee', 'ring', 'damm', 'ufer', 'chaussee', 'steig', 'pfad', 'markt', 'hof', 'berg', 'feld', 'höhe', 'wall', 'graben', 'kamp', 'stieg', 'штрассе', 'штрасе'];
/** Written on (Lindenstraße) or hyphenated with a capital (Karl-Marx-Allee). */
const STREET_SUFFIX = `(?:${SUFFIXES.flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1)]).map((w) => w.replace('.', '\\.')).join('|')})`;
const HOUSE_NO = String.raw`\d{1,4}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?(?!\d|[.,:]\d)`;
/** A flat number after the house number ("кв. 3", "Whg. 5", "m. 4", "ap. 2", "Daire 3"). */
const FLAT = String.raw`(?:,?\s?(?:кв\.|квартира|Whg\.|Wohnung|apt\.?|m\.|ap\.|Daire|D\.)\s?\d{1,4})?`;
const POSTCODE_TOWN = String.raw`(?:,?\s\d{5}\s\p{Lu}[\p{L}-]+)?`;
const ADDRESS_PATTERNS: RegExp[] = [
  // German style anywhere (citizens in Germany write German street names in every language).
  new RegExp(String.raw`(?<![\p{L}])(?:\p{Lu}[\p{L}ß-]*(?:[ -]\p{Lu}[\p{L}ß-]*)*${STREET_SUFFIX}|\p{Lu}[\p{L}ß]*(?:er|sche[rn]?)\s(?:Straße|Str\.|Weg|Platz|Allee|Ring|Damm|Gasse))\s?${HOUSE_NO}${POSTCODE_TOWN}`, 'gu'),
  new RegExp(String.raw`\b(?:Am|An\sder|An\sden|Im|In\sder|Auf\sder|Auf\sdem|Zum|Zur|Unter\sden|Hinter\sder)\s\p{Lu}[\p{L}ß-]+\s${HOUSE_NO}${POSTCODE_TOWN}`, 'gu'),
  // English: number first.
  new RegExp(String.raw`\b\d{1,5}\s(?:\p{Lu}\p{L}+\s){1,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Close|Court|Place|Square|Gardens|Terrace|Crescent)\b`, 'gu'),
  // Cyrillic (ru, uk, bg): street word, name, optional house word, number.
  new RegExp(String.raw`(?<![\p{L}])(?:ул\.|улица|ул|вул\.|вулиця|бул\.|булевард|бульвар|проспект|просп\.|пр-т|пр\.|переулок|пер\.|провулок|площадь|площа|шоссе|набережная|жк)\s*[„"«]?\p{L}[\p{L}'’ .-]{1,30}?[“"»]?,?\s*(?:д\.|дом|буд\.|будинок|№|No\.?)?\s*${HOUSE_NO}${FLAT}`, 'giu'),
  // Turkish: ... Caddesi / Sokak No: 15.
  new RegExp(String.raw`(?:\p{Lu}[\p{L}]+\s){1,3}(?:Caddesi|Cad\.|Cd\.|Sokak|Sokağı|Sok\.|Sk\.|Bulvarı|Blv\.|Mahallesi|Mah\.)\s*(?:No\s*[:.]?\s*)?${HOUSE_NO}`, 'gu'),
  // Polish and Romanian: street word first.
  new RegExp(String.raw`(?<![\p{L}])(?:ul\.|ulica|al\.|aleja|os\.|osiedle|pl\.|plac|strada|str\.|bulevardul|bd\.|b-dul|calea|aleea|șoseaua|soseaua|piața|piata)\s+\p{L}[\p{L}\p{M} .-]{1,30}?,?\s*(?:nr\.?\s*)?${HOUSE_NO}`, 'giu'),
  // Arabic and Persian: street word, name, optional number word, number.
  new RegExp(String.raw`(?:شارع|ش\.|طريق|زقاق|حي|خیابان|کوچه|بلوار|میدان|خ\.)\s+[^\d،,.\n]{1,30}?\s*(?:رقم|پلاک|شماره)?\s*\d{1,4}`, 'gu'),
];

const ID_WORD = String.raw`(?:ausweis|pass|passport|personalausweis|aufenthaltstitel|id|identity|hoviyat|الهوية|هوية|جواز|شناسایی|پاسپورت|گذرنامه|паспорт|удостоверени|посвідчення|карт|kimlik|pasaport|dowod|dowodu|paszport|paszportu|identitate|pașaport|pasaport|pașaportului|лична|личната|паспорта)`;

interface Detector {
  kind: PiiKind;
  pattern: RegExp;
  /** Which capture group is the span (default: the whole match). */
  group?: number;
  accept?: (match: string) => boolean;
}

const DETECTORS: Detector[] = [
  { kind: 'email', pattern: EMAIL },
  { kind: 'email', pattern: SPOKEN_EMAIL },
  // IBAN: country code, check digits, 11–30 letters or digits, grouped by spaces, dots or dashes.
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?:[ .-]?[A-Z0-9]{4}){2,7}(?:[ .-]?[A-Z0-9]{1,4})?\b/gi, accept: (m) => digitsOf(m).length >= 10 },
  // BG number (Nummer der Bedarfsgemeinschaft): 12345BG0012345, 12345-BG-0012345, 12345//0012345.
  { kind: 'bg-number', pattern: /\b\d{5}[\s-]?(?:BG|\/\/)[\s-]?\d{7}\b/gi },
  // Social insurance number (Rentenversicherungsnummer): 12 150485 M 123.
  { kind: 'social-insurance', pattern: /\b\d{2}\s?\d{6}\s?[A-Z]\s?\d{3}\b/gi },
  // BA customer number (Kundennummer): 123A456789, 123 A 456789.
  { kind: 'customer-number', pattern: /\b\d{3}\s?[A-Z]\s?\d{6}\b/gi },
  // Tax number (Steuernummer): 12/345/67890, 123/456/78901, 1234/567/8901.
  { kind: 'tax-number', pattern: /\b\d{2,4}\/\d{3,4}\/\d{4,5}\b/g },
  // Tax id (Steuer-ID): 11 digits, possibly grouped 2-3-3-3 by spaces or dots.
  // The first digit is never 0, and the groups are separated alike ("07911 123456" is a phone number).
  { kind: 'tax-id', pattern: /(?<![+\d]|\b00)\b[1-9]\d([ .]?)\d{3}\1\d{3}\1\d{3}\b/g },
  // ID card, passport, residence permit: 8–10 capitals and digits with at least two digits ("L01X00T47", "FE123456").
  { kind: 'id-document', pattern: /\b(?=[A-Z0-9]*\d[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,10}\b/g },
  // …and after a word for an ID document, any 6–12 letters and digits with a digit.
  { kind: 'id-document', pattern: new RegExp(String.raw`${ID_WORD}[\p{L}-]*[^\d\n]{0,25}?\b((?=[A-Za-z0-9]*\d)[A-Za-z0-9]{6,12})\b`, 'giu'), group: 1 },
  // Dates of birth: after a birth word any date; otherwise a full date with a year before 2010.
  { kind: 'date-of-birth', pattern: new RegExp(String.raw`${BIRTH}[\p{L}:]*[^\n.!?]{0,25}?(${NUM_DATE}|${WORD_DATE})`, 'giu'), group: 1 },
  { kind: 'date-of-birth', pattern: new RegExp(String.raw`(${NUM_DATE}|${WORD_DATE})[^\n.!?\d]{0,20}?${BIRTH}`, 'giu'), group: 1 },
  { kind: 'date-of-birth', pattern: new RegExp(String.raw`(?<![\d.])(?:\d{1,2}[./-]\d{1,2}[./-]${YEAR_OLD}|${YEAR_OLD}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}\.?\s${MONTH_WORD}\s${YEAR_OLD}|${MONTH_WORD}\s\d{1,2},?\s${YEAR_OLD})(?![\d])`, 'gu') },
  ...ADDRESS_PATTERNS.map((pattern) => ({ kind: 'address' as const, pattern })),
  // Phone numbers and other long digit runs: 7+ digits with +, spaces, slashes, dots, dashes, brackets.
  { kind: 'phone', pattern: /(?:\+|\b00)?\(?\d[\d\s/().-]{5,}\d/g, accept: (m) => digitsOf(m).length >= 7 && !/^\d{1,2}\.\d{1,2}\.\d{2,4}$/.test(m.trim()) && !/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(m.trim()) },
];

/** Eastern Arabic and Persian digits as ASCII (same length), so "٠١٧٠١٢٣٤٥٦٧" is recognised too. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

function nameSpans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const intro of NAME_INTRO) {
    const weak = WEAK_INTRO.has(intro);
    const re = new RegExp(String.raw`(?<![\p{L}])${intro}(?![\p{L}])[\s:,]*`, 'giu');
    for (const m of text.matchAll(re)) {
      let at = (m.index ?? 0) + m[0].length;
      let start = -1;
      let end = -1;
      let firstCapital = false;
      let words = 0;
      let caseless = false;
      while (words < 4) {
        const w = /^[\p{L}\p{M}'’-]+/u.exec(text.slice(at));
        if (!w || !NAME_WORD.test(w[0]) || NAME_STOP.has(w[0].toLowerCase())) break;
        const capital = /^\p{Lu}/u.test(w[0]);
        caseless = !/[\p{Lu}\p{Ll}]/u.test(w[0]); // Arabic, Persian: no capitals to go by
        if (words === 0) firstCapital = capital;
        // After a weak intro, or once the name started with a capital, only capitalised words continue it.
        if (!capital && !caseless && (weak || firstCapital)) break;
        // A name written in small letters: at most first and last name.
        if (!capital && !caseless && words >= 2) break;
        if (caseless && words >= 3) break;
        // Arabic "و…" ("and …") after the first word starts the next clause, not the name.
        if (caseless && words > 0 && w[0].startsWith('و')) break;
        if (start < 0) start = at;
        end = at + w[0].length;
        at = end;
        words += 1;
        const gap = /^ +/.exec(text.slice(at));
        if (!gap) break;
        at += gap[0].length;
      }
      // "من … هستم" (Persian "I am …") is a name only when the verb closes it.
      if (weak && caseless && !/^\s*(?:هستم|است)/u.test(text.slice(end))) continue;
      if (start >= 0) spans.push({ start, end, kind: 'name' });
    }
  }
  return spans;
}

/** Every piece of personal data in the text, as non-overlapping spans in text order. */
export function findPersonalData(text: string, options: RedactOptions = {}): PiiSpan[] {
  const ascii = asciiDigits(text);
  const publicDigits = new Set([...NATIONWIDE_PUBLIC_NUMBERS, ...(options.publicNumbers ?? [])].map(digitsOf).filter((d) => d.length >= 5));
  const found: PiiSpan[] = [];
  for (const detector of DETECTORS) {
    for (const m of ascii.matchAll(detector.pattern)) {
      const value = detector.group ? m[detector.group] : m[0];
      if (value === undefined) continue;
      const start = (m.index ?? 0) + (detector.group ? m[0].lastIndexOf(value) : 0);
      const trimmed = value.replace(/[\s,;:-]+$/u, '');
      if (detector.accept && !detector.accept(trimmed)) continue;
      if (detector.kind === 'phone' && publicDigits.has(digitsOf(trimmed))) continue;
      found.push({ start, end: start + trimmed.length, kind: detector.kind });
    }
  }
  found.push(...nameSpans(ascii));
  // Earlier detectors are more specific: a span overlapping one already taken is dropped.
  const taken: PiiSpan[] = [];
  for (const span of found) {
    if (!taken.some((t) => span.start < t.end && t.start < span.end)) taken.push(span);
  }
  return taken.sort((a, b) => a.start - b.start);
}

export function redact(text: string, options: RedactOptions = {}): string {
  const ascii = asciiDigits(text);
  let out = '';
  let at = 0;
  for (const span of findPersonalData(text, options)) {
    out += ascii.slice(at, span.start) + TOKEN[span.kind];
    at = span.end;
  }
  return out + ascii.slice(at);
}
