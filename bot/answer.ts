/**
 * From a citizen's text to a reply, without any state: crisis check → match → compose. The web
 * chat, the messengers and POST /api/ask all answer through here, so a question gets the same
 * answer wherever it is asked.
 */
import type { Entry, Language, Source } from '../content/model';
import { detectCrisis } from './signals/crisis';
import { asksForPerson, personRequestEntry } from './handoff/request';
import type { FlowButtonValue } from './buttons';
import { translator } from './i18n';
import type { Knowledge } from './knowledge';
import { decideScored, DEFAULT_THRESHOLDS, scoreMessage, type Candidate, type NoMatchReason } from './nlu/matcher';
import type { Evidence } from './nlu/model';
import { formatDate, languageNames, renderTemplate, type RenderContext } from './render';

export type Outcome = 'answer' | 'clarify' | 'nomatch' | 'handoff' | 'crisis';

/** A button: what the citizen sees and what the bot receives when it is pressed. */
export interface Suggestion {
  title: string;
  value: { action: 'entry'; id: string } | { action: 'handoff' } | { action: 'none' } | FlowButtonValue;
}

export interface Reply {
  outcome: Outcome;
  language: Language;
  entryId?: string;
  text: string;
  suggestions: Suggestion[];
  sources: Source[];
  validUntil?: string;
  /** The citizen should be offered a person after this reply. */
  offerPerson: boolean;
  /** Ids offered in a clarification. */
  options?: string[];
  /** Which words matched what, for staff and editors. */
  explanation?: Evidence[];
}

const MAX_FOLLOW_UPS = 3;

export function renderContext(knowledge: Knowledge, language: Language, now: Date): RenderContext {
  const t = translator(language);
  const names = languageNames(language);
  return {
    profile: knowledge.snapshot.profile,
    facts: knowledge.snapshot.facts,
    language,
    now,
    closed: t('closed'),
    languageName: (code) => names.of(code) ?? code,
    notYetPublished: (amount, valueYear, year) => t('amountNotYetPublished', { amount, valueYear, year }),
  };
}

/** A text in the language; Leichte Sprache falls back to German, every language to English, then German. */
export function inLanguage<T>(texts: Partial<Record<Language, T>>, language: Language): T | undefined {
  return texts[language] ?? (language === 'de-x-ls' ? texts.de : undefined) ?? texts.en ?? texts.de;
}

/** The entry's text in the language, falling back to English, then German. */
export function entryText(entry: Entry, language: Language) {
  return inLanguage(entry.texts, language);
}

/** "Source: [title](url) (checked on …) · …" for at most two sources, or undefined. */
export function sourcesLine(sources: Source[], language: Language): string | undefined {
  if (sources.length === 0) return undefined;
  const t = translator(language);
  const shown = sources
    .slice(0, 2)
    .map((s) => `[${s.titles?.[language] ?? s.title}](${s.url}) (${t('checkedOn', { date: formatDate(s.checkedOn, language) })})`)
    .join(' · ');
  return `${t('sources')}: ${shown}`;
}

export function talkToPersonButton(language: Language): Suggestion {
  return { title: translator(language)('talkToPerson'), value: { action: 'handoff' } };
}

export function entryButton(knowledge: Knowledge, id: string, language: Language): Suggestion | undefined {
  const entry = knowledge.snapshot.entries.get(id);
  const text = entry && entryText(entry, language);
  return text ? { title: text.title, value: { action: 'entry', id } } : undefined;
}

function outcomeOf(entry: Entry): Outcome {
  if (entry.kind === 'crisis') return 'crisis';
  if (entry.kind === 'handoff') return 'handoff';
  return 'answer';
}

/** The full reply for one entry: rendered answer, validity, sources, follow-up buttons. */
export function entryReply(knowledge: Knowledge, entry: Entry, language: Language, now: Date): Reply {
  const t = translator(language);
  const text = entryText(entry, language);
  const ctx = renderContext(knowledge, language, now);
  const parts = [renderTemplate(text?.answer ?? '', ctx)];
  const today = now.toISOString().slice(0, 10);
  if (entry.validFrom && entry.validFrom > today) parts.push(`_${t('validFrom', { date: formatDate(entry.validFrom, language) })}_`);
  if (entry.validUntil) parts.push(`_${t('validUntil', { date: formatDate(entry.validUntil, language) })}_`);
  const sources = entry.sources.map((id) => knowledge.snapshot.sources[id]).filter((s): s is Source => Boolean(s));
  const sourceLine = sourcesLine(sources, language);
  if (sourceLine) parts.push(sourceLine);
  // The date the entry was last checked against the law ("Stand: …"), for answers with facts.
  if (entry.kind === 'simple' || entry.kind === 'complex' || entry.kind === 'urgent') parts.push(`_${t('reviewedAt', { date: formatDate(entry.reviewedAt, language) })}_`);
  const suggestions = entry.followUps
    .slice(0, MAX_FOLLOW_UPS)
    .map((id) => entryButton(knowledge, id, language))
    .filter((s): s is Suggestion => Boolean(s));
  const offerPerson = entry.kind === 'complex' || entry.kind === 'crisis' || entry.kind === 'handoff' || entry.kind === 'urgent';
  if (!offerPerson) suggestions.push(talkToPersonButton(language));
  return {
    outcome: outcomeOf(entry),
    language,
    entryId: entry.id,
    text: parts.join('\n\n'),
    suggestions,
    sources,
    validUntil: entry.validUntil,
    offerPerson,
  };
}

export function clarifyReply(knowledge: Knowledge, ids: string[], language: Language, explanation?: Evidence[]): Reply {
  const t = translator(language);
  const options = ids.map((id) => entryButton(knowledge, id, language)).filter((s): s is Suggestion => Boolean(s));
  return {
    outcome: 'clarify',
    language,
    text: options.length === 1 ? t('clarifyOne') : t('clarify'),
    suggestions: [...options, { title: t('noneOfThese'), value: { action: 'none' } }, talkToPersonButton(language)],
    sources: [],
    offerPerson: false,
    options: ids,
    explanation,
  };
}

export function noMatchReply(language: Language, again: boolean): Reply {
  const t = translator(language);
  return {
    outcome: again ? 'handoff' : 'nomatch',
    language,
    text: again ? t('nomatchAgain') : t('nomatch'),
    suggestions: [talkToPersonButton(language)],
    sources: [],
    offerPerson: again,
  };
}

/** The entry that says what the bot can do, offered when a message is not about the job centre. */
const CAPABILITIES = 'bot_capabilities';

/**
 * An honest "no" for a message that is not about the job centre (with what the bot can do and a
 * person) or about a job-centre topic the pack does not cover (with a person) — never a guess.
 */
export function honestNoReply(knowledge: Knowledge, language: Language, why: 'off-topic' | 'not-covered'): Reply {
  const t = translator(language);
  const capabilities = why === 'off-topic' ? entryButton(knowledge, CAPABILITIES, language) : undefined;
  return {
    outcome: 'nomatch',
    language,
    text: why === 'off-topic' ? t('nomatchOffTopic') : t('nomatchNotCovered'),
    suggestions: [...(capabilities ? [capabilities] : []), talkToPersonButton(language)],
    sources: [],
    offerPerson: why === 'not-covered',
  };
}

/**
 * Options worth offering: never the person (the person button is always there), a crisis or
 * hand-over entry only as the best option, and an option from another group than the best only
 * when it is about as likely.
 */
export function clarifyOptions(knowledge: Knowledge, candidates: readonly Candidate[], margin: number): string[] {
  const [first] = candidates;
  if (!first) return [];
  const entries = knowledge.snapshot.entries;
  const group = entries.get(first.intent)?.group;
  return candidates
    .filter((c, i) => {
      const entry = entries.get(c.intent);
      if (!entry || c.intent === knowledge.snapshot.system.personRequest || entry.kind === 'handoff') return false;
      if (i === 0) return true;
      if (entry.kind === 'crisis') return false;
      return entry.group === group || c.score >= first.score - margin;
    })
    .map((c) => c.intent);
}

export interface ReplyOptions {
  now: Date;
  /** How many misunderstandings came right before this message (for the second-time wording). */
  misunderstandings?: number;
}

/** Answer a text in a language: crisis first, then the matcher's decision. */
export function replyForText(knowledge: Knowledge, text: string, language: Language, options: ReplyOptions): Reply {
  const scored = scoreMessage(knowledge.index, text, language);
  const crisis = detectCrisis(knowledge, text, scored);
  if (crisis) {
    const entry = knowledge.snapshot.entries.get(crisis);
    if (entry) return entryReply(knowledge, entry, language, options.now);
  }
  const outcome = decideScored(knowledge.index, scored);
  // "Mensch", "оператор", "موظف": a short request for a person in any language.
  const person = asksForPerson(knowledge, text, outcome) ? personRequestEntry(knowledge) : undefined;
  if (person) return entryReply(knowledge, person, language, options.now);
  if (outcome.kind === 'answer') {
    const entry = knowledge.snapshot.entries.get(outcome.intent);
    if (entry) return { ...entryReply(knowledge, entry, language, options.now), explanation: outcome.reason };
  }
  const again = (options.misunderstandings ?? 0) >= 1;
  if (outcome.kind === 'clarify') {
    // "You don't understand me, get me a real person" ranks the person first: hand over rather
    // than ask back with a second person button.
    const handover = outcome.candidates[0]?.intent === knowledge.snapshot.system.personRequest ? personRequestEntry(knowledge) : undefined;
    if (handover) return entryReply(knowledge, handover, language, options.now);
    const margin = (scored.kind === 'scored' ? knowledge.index.thresholds.get(scored.language)?.margin : undefined) ?? DEFAULT_THRESHOLDS.margin;
    const ids = clarifyOptions(knowledge, outcome.candidates, margin);
    if (ids.length > 0) return clarifyReply(knowledge, ids, language, outcome.reason);
    return noMatchReply(language, again);
  }
  const why: NoMatchReason | undefined = outcome.kind === 'nomatch' ? outcome.why : undefined;
  if (!again && (why === 'off-topic' || why === 'not-covered')) return honestNoReply(knowledge, language, why);
  return noMatchReply(language, again);
}
