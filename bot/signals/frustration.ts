/**
 * Signs that a citizen is getting frustrated: asking the same question again (within the last
 * three questions) or SHOUTING. Either one, when the bot has no answer, leads to a person.
 */
import crypto from 'node:crypto';

/** How many earlier questions are remembered (as hashes) to notice a repetition. */
export const RECENT_QUESTIONS = 3;

/** A short hash of the normalised question: enough to notice a repetition, useless to read it back. */
export function questionHash(normalized: string): string {
  return crypto.createHash('sha1').update(normalized).digest('hex').slice(0, 12);
}

/** ALL CAPS shouting (scripts without case are never "shouting"). */
export function isShouting(text: string): boolean {
  const letters = text.replace(/[^\p{Lu}\p{Ll}]/gu, '');
  if (letters.length < 12) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper / letters.length > 0.8;
}
