/**
 * Everything the turn wants to know about a citizen's message, computed once from one
 * normalisation: the cleaned text, its language, a crisis, a request for a person, signs of
 * frustration. Pure: reading signals changes nothing; the pipeline's steps act on them.
 */
import type { Knowledge } from '../knowledge';
import { hasWords, normalize, tokenize } from '../nlu/normalize';
import type { ConversationState } from '../state';
import { detectCrisis } from './crisis';
import { isShouting, questionHash } from './frustration';
import { resolveLanguage, type LanguageDecision } from './language';
import { namesPerson } from './person';

/** Longest text the bot reads; the rest of an essay is ignored (and the citizen told so). */
export const MAX_TEXT = 1200;

export interface Signals {
  /** The message as the bot reads it: cleaned, at most {@link MAX_TEXT} characters. */
  text: string;
  /** The message was longer than {@link MAX_TEXT}. */
  truncated: boolean;
  normalized: string;
  tokens: string[];
  /** The message contains words at all (not only emoji or punctuation). */
  hasWords: boolean;
  language: LanguageDecision;
  /** The crisis entry the message's words point to (lexicons of every language). */
  crisis?: string;
  /** A short message naming a person ("Mensch", "оператор"). */
  namesPerson: boolean;
  /** Hash of the question, to notice it again (the answer step compares it with the memory as it is then). */
  question: string;
  shouting: boolean;
}

/** Control characters (except line breaks and tabs) have no place in a chat message. */
export function cleanText(text: unknown): string {
  return typeof text === 'string' ? text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim() : '';
}

export function readSignals(knowledge: Knowledge, raw: string, state: Pick<ConversationState, 'language' | 'languageSource'>): Signals {
  const text = raw.length > MAX_TEXT ? raw.slice(0, MAX_TEXT) : raw;
  const normalized = normalize(text);
  const tokens = tokenize(normalized);
  const question = questionHash(normalized);
  const words = hasWords(raw);
  return {
    text,
    truncated: raw.length > MAX_TEXT,
    normalized,
    tokens,
    hasWords: words,
    language: words ? resolveLanguage(text, state.language, state.languageSource) : { language: state.language ?? 'de', source: state.languageSource ?? 'default' },
    crisis: words ? detectCrisis(knowledge, text, { kind: 'nomatch', why: 'empty' }, tokens) : undefined,
    namesPerson: namesPerson(knowledge, text, tokens),
    question,
    shouting: isShouting(raw),
  };
}
