/**
 * For editors: what the shipped bot does with each negative example of pack/negatives.json
 * ("what an entry is not about"). The example should never be answered by the entry that
 * declares it; anything else (another entry that covers it, an honest "no") is fine.
 */
import type { NegativeCheck } from '../content/check';
import type { ContentSnapshot } from '../content/model';
export type { NegativeCheck } from '../content/check';
import { isLanguage } from '../content/model';
import { replyForText } from './answer';
import { buildKnowledge, type Knowledge } from './knowledge';


export function checkNegatives(snapshot: ContentSnapshot, knowledge: Knowledge = buildKnowledge(snapshot), now = new Date()): NegativeCheck[] {
  const out: NegativeCheck[] = [];
  for (const [entry, negative] of Object.entries(snapshot.negatives ?? {})) {
    for (const [language, examples] of Object.entries(negative.examples ?? {})) {
      if (!isLanguage(language)) continue;
      for (const example of examples ?? []) {
        const reply = replyForText(knowledge, example, language, { now });
        const answeredBy = reply.outcome === 'answer' || reply.outcome === 'handoff' || reply.outcome === 'crisis' ? reply.entryId : undefined;
        out.push({ entry, language, example, outcome: reply.outcome, answeredBy, stolen: answeredBy === entry });
      }
    }
  }
  return out;
}
