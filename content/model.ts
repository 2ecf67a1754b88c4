/**
 * The content model: what editors write, validated with zod. Everything a citizen reads comes
 * from here or from the UI string files — never from code.
 */
import type { SystemEntries } from './systemModel';
import { z } from 'zod';
import type { Flow } from './flowModel';

export { LANGUAGES, RTL_LANGUAGES, isLanguage, type Language } from './languages';
import { LANGUAGES, type Language } from './languages';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-07-01');
const id = z.string().regex(/^[a-z0-9_]{2,60}$/, 'ids are lower case letters, digits and _');

export const entryKinds = ['simple', 'complex', 'urgent', 'crisis', 'handoff', 'smalltalk'] as const;
export type EntryKind = (typeof entryKinds)[number];

export const sourceSchema = z.strictObject({
  /** The document's own (usually German) name. */
  title: z.string().min(3),
  /** The title in other languages, where the German one is not the document's name; missing languages show `title`. */
  titles: z.partialRecord(z.enum(LANGUAGES), z.string().min(3)).optional(),
  url: z.url({ protocol: /^https?$/ }),
  checkedOn: isoDate,
});
export type Source = z.infer<typeof sourceSchema>;

export const entryMetaSchema = z.strictObject({
  id,
  group: z.string().min(2),
  kind: z.enum(entryKinds),
  sources: z.array(z.string()),
  legalBasis: z.string().optional(),
  validFrom: isoDate.optional(),
  validUntil: isoDate.optional(),
  reviewedAt: isoDate,
  followUps: z.array(id),
  summary: z.string().min(10),
  flow: id.optional(),
  /**
   * A new entry whose German text exists but whose other languages are still being translated:
   * content:check reports the missing languages as warnings instead of errors. Remove when done.
   */
  translationPending: z.boolean().optional(),
});
export type EntryMeta = z.infer<typeof entryMetaSchema>;

export const entryTextSchema = z.strictObject({
  title: z.string().min(2).max(60),
  examples: z.array(z.string().min(1).max(500)).min(1),
  keywords: z.array(z.string().min(1)).default([]),
  answer: z.string().min(2).max(4000),
});
export type EntryText = z.infer<typeof entryTextSchema>;

export const entryTranslationsSchema = z.strictObject({
  language: z.string(),
  entries: z.record(z.string(), entryTextSchema),
});

export const amountSchema = z.strictObject({
  unit: z.literal('EUR'),
  byYear: z.record(z.string().regex(/^\d{4}$/), z.number().nonnegative()),
});
export const factsSchema = z.strictObject({
  amounts: z.record(z.string(), amountSchema),
  /**
   * Days on which German banks do not execute transfers besides weekends: nationwide public holidays
   * plus 24 and 31 December. Payment dates ({{payment.upcoming}}) are computed from this list.
   */
  bankHolidays: z.array(isoDate).optional(),
});
export type Facts = z.infer<typeof factsSchema>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export const weeklyHoursSchema = z.partialRecord(weekday, z.array(z.tuple([time, time])));
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

export const profileSchema = z.strictObject({
  id,
  name: z.string().min(2),
  fictional: z.boolean().default(false),
  type: z.enum(['joint', 'municipal']),
  timezone: z.string().default('Europe/Berlin'),
  address: z.string().min(5),
  phones: z.strictObject({
    service: z.string(),
    technical: z.string(),
    emergency: z.string().optional(),
    /** The local child and youth emergency service, reachable around the clock (crisis_child_danger). */
    childProtection: z.string().optional(),
  }),
  hours: z.strictObject({
    frontDesk: weeklyHoursSchema,
    phone: weeklyHoursSchema,
    technical: weeklyHoursSchema,
    emergencyDesk: weeklyHoursSchema.optional(),
    liveChat: weeklyHoursSchema.optional(),
  }),
  appointmentUrl: z.url().optional(),
  /** The job centre's privacy policy and imprint, linked from the chat's privacy notice. */
  privacyPolicyUrl: z.url().optional(),
  imprintUrl: z.url().optional(),
  portal: z.strictObject({ kind: z.enum(['jobcenter.digital', 'own']), url: z.url() }),
  homelessHelp: z.string().optional(),
  interpreterLanguages: z.array(z.string()).default([]),
  retentionDays: z.number().int().positive().max(365).default(30),
  /**
   * The job centre's own quick texts for the staff console (German required, other languages
   * as translated); they replace the built-in library. Placeholders: {{centre}}, {{phone}}, {{url}}, {{address}}.
   */
  quickTexts: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-z0-9_]{2,40}$/),
        texts: z.partialRecord(z.enum(LANGUAGES), z.string().min(1).max(2000)).refine((t) => Boolean(t.de), 'a quick text needs its German text'),
      }),
    )
    .max(50)
    .optional(),
  handoff: z
    .strictObject({
      liveChat: z.boolean().default(true),
      callback: z.boolean().default(true),
      /** A live request nobody claimed for this long: the citizen is told and offered a callback. */
      unclaimedMinutes: z.number().positive().default(5),
      /** A callback's phone number is deleted when the callback is closed, at the latest after this many days. */
      callbackRetentionDays: z.number().int().positive().max(30).default(7),
    })
    .default({ liveChat: true, callback: true, unclaimedMinutes: 5, callbackRetentionDays: 7 }),
});
export type Profile = z.infer<typeof profileSchema>;

export const lexiconSchema = z.strictObject({
  language: z.string(),
  stopwords: z.array(z.string()).default([]),
  concepts: z.record(z.string(), z.array(z.string())),
});
export type LexiconFile = z.infer<typeof lexiconSchema>;

/**
 * Words of general chat in one language (lexicon/background/<lang>.json): weather, food, sport,
 * pets, gadgets. Clearly not job-centre words; a message made of them is about something else.
 */
export const backgroundSchema = z.strictObject({
  _about: z.string().optional(),
  language: z.string(),
  words: z.array(z.string().min(1).max(60)).max(2000),
});

export const conceptsSchema = z.strictObject({
  _about: z.string().optional(),
  concepts: z.record(z.string().regex(/^[a-z0-9_]+$/), z.string()),
});

/** One entry, all languages, as the running bot uses it. */
export interface Entry extends EntryMeta {
  texts: Partial<Record<Language, EntryText>>;
}

/** Everything the matcher and renderer need, immutable once built. */
/**
 * What entries are NOT about (pack/negatives.json): per entry id, example questions per language
 * and excluded terms (words in any language, e.g. "BAföG"). They keep a neighbour from answering a
 * job-centre topic the pack does not cover.
 */
export const negativesSchema = z.strictObject({
  _about: z.string().optional(),
  entries: z.record(
    z.string(),
    z.strictObject({
      terms: z.array(z.string().min(1).max(80)).max(100).optional(),
      examples: z.partialRecord(z.enum(LANGUAGES), z.array(z.string().min(1).max(500)).max(100)).optional(),
    }),
  ),
});
export type Negatives = z.infer<typeof negativesSchema>['entries'];

export interface ContentSnapshot {
  version: string;
  loadedAt: string;
  entries: ReadonlyMap<string, Entry>;
  sources: Readonly<Record<string, Source>>;
  facts: Facts;
  profile: Profile;
  lexicons: ReadonlyMap<string, LexiconFile>;
  conceptIds: ReadonlySet<string>;
  flows: ReadonlyMap<string, Flow>;
  /** General-chat words per language (optional folder lexicon/background/). */
  background?: ReadonlyMap<string, readonly string[]>;
  /** What entries are not about (optional file pack/negatives.json). */
  negatives?: Negatives;
  /** Entries the conversation treats specially (pack/system.json). */
  system: SystemEntries;
}
