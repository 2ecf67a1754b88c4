/**
 * The conversation core's part of the editorial checks (content/check.ts receives these as
 * `CheckTools`, so content never imports bot/): how placeholders render, and which examples the
 * matcher confuses with another entry.
 */
import type { ContentSnapshot, Language } from '../content/model';
import type { CheckReport, CheckTools } from '../content/check';
import { trainingFor } from './knowledge';
import { buildMatcher, match, NOT_PREFIX } from './nlu/matcher';
import { checkNegatives } from './negativesReport';
import type { TrainingIntent } from './nlu/model';
import { placeholdersIn, placeholderValue, type RenderContext } from './render';

function renderCtx(snapshot: ContentSnapshot, language: Language, now: Date): RenderContext {
  return { profile: snapshot.profile, facts: snapshot.facts, language, now, closed: 'closed', languageName: (c) => c };
}

/**
 * Cross-validation: every k-th example of each entry is held out, the matcher is trained on the
 * rest and asked the held-out examples. Examples that land confidently on another entry are
 * listed as confusable pairs — the editor's cue to sharpen one of the two.
 */
export function findConfusable(snapshot: ContentSnapshot, languages: readonly Language[], folds = 4): CheckReport['confusable'] {
  const pairs = new Map<string, { language: string; from: string; to: string; count: number }>();
  for (const language of languages) {
    const intents = trainingFor(snapshot, language);
    if (intents.length < 2) continue;
    for (let fold = 0; fold < folds; fold++) {
      const train: TrainingIntent[] = intents.map((i) => ({ id: i.id, examples: i.examples.filter((_, k) => k % folds !== fold), keywords: i.keywords }));
      const index = buildMatcher(new Map([[language, train]]), snapshot.lexicons);
      for (const intent of intents) {
        if (intent.id.startsWith(NOT_PREFIX)) continue; // negative examples: see checkNegatives
        intent.examples.forEach((example, k) => {
          if (k % folds !== fold) return;
          const outcome = match(index, example, language);
          if (outcome.kind !== 'answer' || outcome.intent === intent.id) return;
          const key = `${language}|${intent.id}|${outcome.intent}`;
          const seen = pairs.get(key) ?? { language, from: intent.id, to: outcome.intent, count: 0 };
          seen.count++;
          pairs.set(key, seen);
        });
      }
    }
  }
  return [...pairs.values()].sort((a, b) => b.count - a.count);
}

export const editorialTools: CheckTools = {
  placeholdersIn,
  resolves: (name, snapshot, language, now) => placeholderValue(name, renderCtx(snapshot, language, now)) !== undefined,
  findConfusable: (snapshot, languages) => findConfusable(snapshot, languages),
  checkNegatives: (snapshot) => checkNegatives(snapshot),
};
