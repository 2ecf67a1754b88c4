/**
 * Which language to answer in. Order: the citizen's explicit choice (menu, button, or writing a
 * language's name) → the channel's hint (the page's language) → detection on the message →
 * German. Detection switches a conversation only when it is confident and the message is long
 * enough; very short messages ("ok", "WBA?") keep the language the conversation already has.
 */
import { detectAll } from 'tinyld';
import { LANGUAGES, type Language } from '../../content/model';
import { normalize } from '../nlu/normalize';
import { scriptOfLanguage, scriptOfText, type Script } from '../nlu/script';

export type LanguageSource = 'user' | 'channel' | 'detected' | 'default';

const DETECTABLE = LANGUAGES.filter((l) => l !== 'de-x-ls');

/** Language names as citizens write them, normalised. Writing one of these switches the language. */
const NAMES: Record<string, Language> = Object.fromEntries(
  (
    [
      ['de', ['deutsch', 'german', 'allemand', 'niemiecki', 'almanca', 'germana', 'немецкий', 'німецька', 'немски', 'المانيه', 'الالمانيه', 'الماني']],
      ['de-x-ls', ['leichte sprache', 'einfache sprache', 'easy german', 'easy language']],
      ['en', ['english', 'englisch', 'anglais', 'angielski', 'ingilizce', 'engleza', 'английский', 'англиискии', 'англииська', 'английски', 'انجليزي', 'الانجليزيه', 'انكليزي', 'انگليسي']],
      ['uk', ['ukrainisch', 'ukrainian', 'украинский', 'украинскии', 'украинська', 'украинська мова', 'ukrainski', 'ukraynaca']],
      ['ru', ['russisch', 'russian', 'русский', 'русскии', 'по русски', 'росиська', 'rosyjski', 'rusca']],
      ['ar', ['arabisch', 'arabic', 'العربيه', 'عربي', 'بالعربي', 'arapca', 'arabski', 'araba']],
      ['tr', ['turkisch', 'turkish', 'turkce', 'turkce konus', 'турецкий', 'turecki']],
      ['fa', ['persisch', 'persian', 'farsi', 'dari', 'فارسي', 'دري', 'به فارسي']],
      ['ro', ['rumanisch', 'romanian', 'romana', 'limba romana', 'rumunski', 'румынский']],
      ['bg', ['bulgarisch', 'bulgarian', 'български', 'булгарски', 'bulgarski', 'болгарский']],
      ['pl', ['polnisch', 'polish', 'polski', 'po polsku', 'польский', 'polonca']],
      ['fr', ['franzosisch', 'french', 'francais', 'en francais', 'французский', 'francuski', 'fransizca']],
    ] as Array<[Language, string[]]>
  ).flatMap(([code, names]) => names.map((n) => [normalize(n), code])),
);

/** If the whole message is a language's name ("English", "по-русски"), that language. */
export function languageNamed(text: string): Language | undefined {
  const n = normalize(text);
  if (n.split(' ').length > 4) return undefined;
  return NAMES[n];
}

export interface Detection {
  language: Language;
  confidence: number;
}

/** Detect the language of a message among the supported ones; undefined when unsure. */
export function detectLanguage(text: string): Detection | undefined {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2) return undefined;
  const results = detectAll(text, { only: DETECTABLE as unknown as string[] });
  const best = results[0];
  if (!best || !(LANGUAGES as readonly string[]).includes(best.lang)) return undefined;
  return { language: best.lang as Language, confidence: best.accuracy };
}

/** Enough text for detection to overrule the conversation's language. */
function longEnough(text: string): boolean {
  const words = text.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  // One long word is no evidence: "Weiterbewilligungsantrag" is German in every language here.
  return words.length >= 3 || (words.length >= 2 && text.replace(/[^\p{L}]/gu, '').length >= 16);
}

export interface LanguageDecision {
  language: Language;
  source: LanguageSource;
  /** Set when this message made the conversation change language. */
  switchedFrom?: Language;
}

/** Decide the language for a message given what the conversation has so far. */
/** For a short text in another script than the conversation's: the likeliest language of that script. */
function languageOfScript(text: string, script: Script, detected: Detection | undefined): Language | undefined {
  if (detected && scriptOfLanguage(detected.language) === script) return detected.language;
  if (script === 'cyrillic') return /[іїєґ]/iu.test(text) ? 'uk' : 'ru';
  if (script === 'arabic') return /[پچژگکی]/u.test(text) ? 'fa' : 'ar';
  return undefined;
}

export function resolveLanguage(text: string, current: Language | undefined, source: LanguageSource | undefined): LanguageDecision {
  const named = languageNamed(text);
  if (named) return { language: named, source: 'user', switchedFrom: named !== current ? current : undefined };
  if (current && source === 'user') return { language: current, source };
  const detected = detectLanguage(text);
  // A message in Arabic or Cyrillic letters in a conversation in another script (Arabic on a
  // German page, "оператор") cannot be answered in the conversation's language, however short it
  // is. Latin letters in an Arabic or Cyrillic conversation are often German terms ("Termin"):
  // those switch only by the usual, confident detection below.
  const script = scriptOfText(text);
  if (current && script !== 'latin' && script !== scriptOfLanguage(current)) {
    const other = languageOfScript(text, script, detected);
    if (other) return { language: other, source: 'detected', switchedFrom: current };
  }
  if (!current) {
    return detected && detected.confidence >= 0.3 ? { language: detected.language, source: 'detected' } : { language: 'de', source: 'default' };
  }
  if (!detected || detected.language === current) return { language: current, source: source ?? 'default' };
  // Leichte Sprache is German: German text never switches away from it.
  if (current === 'de-x-ls' && detected.language === 'de') return { language: current, source: source ?? 'default' };
  const confident = detected.confidence >= 0.6 && longEnough(text);
  if (!confident) return { language: current, source: source ?? 'default' };
  return { language: detected.language, source: 'detected', switchedFrom: current };
}
