/**
 * Knowledge = a content snapshot plus the matcher index built from it. Built once per content
 * version (about a second for a large pack), then only read: every turn sees one consistent
 * version, even while editors publish a new one.
 */
import type { ContentSnapshot, Language } from '../content/model';
import { LANGUAGES } from '../content/model';
import { buildMatcher, NOT_PREFIX, type MatcherIndex, type Thresholds } from './nlu/matcher';
import type { TrainingIntent } from './nlu/model';

export interface Knowledge {
  snapshot: ContentSnapshot;
  index: MatcherIndex;
}

/** Training intents of one language: every entry with its examples and keywords. */
export function trainingFor(snapshot: ContentSnapshot, language: Language): TrainingIntent[] {
  const intents: TrainingIntent[] = [];
  for (const entry of snapshot.entries.values()) {
    const own = entry.texts[language];
    // Leichte Sprache readers write plain German: learn from both variants.
    const extra = language === 'de-x-ls' ? entry.texts.de : undefined;
    const examples = [...(own?.examples ?? []), ...(extra?.examples ?? [])];
    if (examples.length === 0) continue;
    intents.push({ id: entry.id, examples, keywords: [...(own?.keywords ?? []), ...(extra?.keywords ?? [])] });
  }
  return [...intents, ...negativeIntents(snapshot, language)];
}

/**
 * An entry's negative examples and excluded terms become a pseudo-intent "¬id" of their own: it is
 * never answered, it only takes the entry out of the running when it explains a message better.
 */
export function negativeIntents(snapshot: ContentSnapshot, language: Language): TrainingIntent[] {
  const out: TrainingIntent[] = [];
  for (const [id, negative] of Object.entries(snapshot.negatives ?? {})) {
    if (!snapshot.entries.has(id)) continue;
    const examples = [...(negative.examples?.[language] ?? []), ...(language === 'de-x-ls' ? (negative.examples?.de ?? []) : [])];
    const terms = negative.terms ?? [];
    // Terms alone are examples too: "BAföG?" is a whole question.
    const all = [...examples, ...terms];
    if (all.length > 0) out.push({ id: `${NOT_PREFIX}${id}`, examples: all, keywords: terms });
  }
  return out;
}

export interface KnowledgeOptions {
  /**
   * Calibrated thresholds of an earlier build of the same content and matcher (cached by
   * app/contentService.ts). With them every language's model is built on first use instead of
   * all at start: cold start then costs one language, not twelve.
   */
  thresholds?: Readonly<Record<string, Thresholds>>;
}

function trainingOf(snapshot: ContentSnapshot): Map<string, TrainingIntent[]> {
  const training = new Map<string, TrainingIntent[]>();
  for (const language of LANGUAGES) {
    const intents = trainingFor(snapshot, language);
    if (intents.length > 0) training.set(language, intents);
  }
  return training;
}

export function buildKnowledge(snapshot: ContentSnapshot, options: KnowledgeOptions = {}): Knowledge {
  const training = trainingOf(snapshot);
  const cached = options.thresholds;
  if (!cached || ![...training.keys()].every((language) => cached[language])) return { snapshot, index: buildMatcher(training, snapshot.lexicons, { background: snapshot.background }) };
  const thresholds = new Map(Object.entries(cached).filter(([language]) => training.has(language)));
  const models = new LazyModels([...training.keys()], (language) =>
    buildMatcher(new Map([[language, training.get(language) as TrainingIntent[]]]), snapshot.lexicons, { background: snapshot.background, thresholds: { [language]: thresholds.get(language) as Thresholds } }).models.get(language),
  );
  return { snapshot, index: { models, thresholds } };
}

/** The calibrated thresholds of a built index, for caching. */
export function thresholdsOf(knowledge: Knowledge): Record<string, Thresholds> {
  return Object.fromEntries(knowledge.index.thresholds);
}

/** Languages whose model is not built yet (for a background warm-up). */
export function unbuiltLanguages(knowledge: Knowledge): string[] {
  const models = knowledge.index.models;
  return models instanceof LazyModels ? models.unbuilt() : [];
}

type Model = MatcherIndex['models'] extends ReadonlyMap<string, infer M> ? M : never;

/** A map of language models that builds each model the first time it is asked for. */
class LazyModels extends Map<string, Model> {
  constructor(
    private readonly languages: string[],
    private readonly build: (language: string) => Model | undefined,
  ) {
    super();
  }

  override get(language: string): Model | undefined {
    let model = super.get(language);
    if (!model && this.languages.includes(language)) {
      model = this.build(language);
      if (model) super.set(language, model);
    }
    return model;
  }

  override has(language: string): boolean {
    return this.languages.includes(language);
  }

  override get size(): number {
    return this.languages.length;
  }

  unbuilt(): string[] {
    return this.languages.filter((language) => !super.has(language));
  }

  private all(): void {
    for (const language of this.languages) this.get(language);
  }

  override keys(): MapIterator<string> {
    this.all();
    return super.keys();
  }

  override values(): MapIterator<Model> {
    this.all();
    return super.values();
  }

  override entries(): MapIterator<[string, Model]> {
    this.all();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, Model]> {
    return this.entries();
  }

  override forEach(callback: (value: Model, key: string, map: Map<string, Model>) => void, thisArg?: unknown): void {
    this.all();
    super.forEach(callback, thisArg);
  }
}
