/**
 * Everything `npm run content:check` verifies before content ships: schema and references (via the
 * loader), every entry complete in every language, placeholders that resolve, well-formed links,
 * validity dates, answers that fit messenger limits, Leichte Sprache sentence length, and
 * confusable entries found by cross-validating the matcher on the examples.
 */
import type { ContentSnapshot, Language } from './model';
import { LANGUAGES } from './model';
import { ContentLoadError, formatProblem, loadContent } from './load';

export interface CheckReport {
  entries: number;
  languages: Record<string, number>;
  errors: string[];
  warnings: string[];
  confusable: Array<{ language: string; from: string; to: string; count: number }>;
  /** What the bot does with each negative example of pack/negatives.json. */
  negatives?: NegativeCheck[];
}

/** Telegram's message limit; WhatsApp text messages have the same, interactive bodies 1,024. */
const TELEGRAM_MAX = 4096;
const WHATSAPP_INTERACTIVE_MAX = 1024;
const LS_MAX_WORDS = 12;
const MIN_EXAMPLES = 8;
const TITLE_MAX = 40;
const STALE_DAYS = 365;

const URL_IN_TEXT = /\]\(([^)\s]+)\)|(?<![(\w])(https?:\/\/[^\s)>\]]+)/g;

function checkLink(url: string): string | undefined {
  if (url.includes('{{')) return undefined;
  try {
    const parsed = new URL(url);
    if (!['https:', 'http:', 'tel:', 'mailto:'].includes(parsed.protocol)) return `link with unsupported scheme: ${url}`;
    if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.hostname.includes('.')) return `link without a real host: ${url}`;
    return undefined;
  } catch {
    return `malformed link: ${url}`;
  }
}

/** Sentences of a Leichte Sprache text: split at . ! ? and line breaks; list markers removed. */
export function leichteSpracheSentences(text: string): string[] {
  return text
    .replace(/\{\{[^}]*\}\}/g, 'X')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .split(/(?<=[.!?:])\s+|\n+/)
    .map((s) => s.replace(/^\s*(?:[-*•]|\d+\.)\s*/, '').replace(/[*_#>]/g, '').trim())
    .filter((s) => /\p{L}/u.test(s));
}

function wordCount(sentence: string): number {
  return sentence.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * What the checks need of the conversation core, injected by the caller (scripts/content-check.ts
 * passes `editorialTools` from bot/editorial.ts): content must not import bot/.
 */
/** What the shipped bot does with one negative example of pack/negatives.json. */
export interface NegativeCheck {
  entry: string;
  language: Language;
  example: string;
  outcome: string;
  /** The entry that answered, if one did. */
  answeredBy?: string;
  /** The entry that declares the example answered it anyway. */
  stolen: boolean;
}

export interface CheckTools {
  /** The placeholder names (`{{…}}`) in a text. */
  placeholdersIn(text: string): string[];
  /** Does this placeholder resolve for a language with the snapshot's profile and facts? */
  resolves(name: string, snapshot: ContentSnapshot, language: Language, now: Date): boolean;
  /** Held-out examples the matcher answers with another entry (cross-validation). */
  findConfusable(snapshot: ContentSnapshot, languages: readonly Language[]): CheckReport['confusable'];
  /** What the bot answers for each negative example (optional: needs the whole matcher). */
  checkNegatives?(snapshot: ContentSnapshot): NegativeCheck[];
}

interface TextContext {
  tools: CheckTools;
  snapshot: ContentSnapshot;
  language: Language;
  now: Date;
}

/**
 * What every citizen-facing text gets checked for: placeholders that resolve, well-formed links and,
 * in Leichte Sprache, short sentences. Returns false when a placeholder does not resolve.
 */
function checkText(at: string, text: string, ctx: TextContext, report: CheckReport, skipPlaceholder: (name: string) => boolean = () => false): boolean {
  const { language } = ctx;
  let resolved = true;
  for (const name of ctx.tools.placeholdersIn(text)) {
    if (skipPlaceholder(name) || ctx.tools.resolves(name, ctx.snapshot, language, ctx.now)) continue;
    report.errors.push(`${at}: placeholder {{${name}}} does not resolve`);
    resolved = false;
  }
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const problem = checkLink((m[1] ?? m[2]) as string);
    if (problem) report.errors.push(`${at}: ${problem}`);
  }
  if (language === 'de-x-ls') {
    for (const sentence of leichteSpracheSentences(text)) {
      const words = wordCount(sentence);
      if (words > LS_MAX_WORDS) report.errors.push(`${at}: Leichte Sprache sentence with ${words} words (max ${LS_MAX_WORDS}): "${sentence.slice(0, 80)}"`);
    }
  }
  return resolved;
}

/**
 * Guided flows: every text of every step in every language, placeholders that resolve (the flow's
 * own {{value.x}} dates are checked by the loader), well-formed links, Leichte Sprache length.
 */
function checkFlowTexts(snapshot: ContentSnapshot, tools: CheckTools, now: Date, report: CheckReport): void {
  for (const flow of snapshot.flows.values()) {
    const texts: Array<[string, Partial<Record<Language, string>>]> = [['title', flow.title]];
    for (const [id, step] of Object.entries(flow.steps)) {
      texts.push([`${id}.text`, step.text]);
      if (step.nextLabel) texts.push([`${id}.nextLabel`, step.nextLabel]);
      step.options?.forEach((o, i) => texts.push([`${id}.options.${i}`, o.label]));
      step.problems?.forEach((p, i) => texts.push([`${id}.problems.${i}`, p.label]));
    }
    for (const language of LANGUAGES) {
      const ctx: TextContext = { tools, snapshot, language, now };
      for (const [where, text] of texts) {
        const at = `flows/${flow.id}.json [${where}.${language}]`;
        const value = text[language];
        if (!value) {
          report.errors.push(`${at}: missing in this language`);
          continue;
        }
        checkText(at, value, ctx, report, (name) => name.startsWith('value.'));
      }
    }
  }
}

/**
 * A source must be the page that supports the statement: a bare home page (no path, no query)
 * names a site, not a statement (issue 14).
 */
export function checkSourceUrls(sources: ContentSnapshot['sources'], report: Pick<CheckReport, 'errors'>): void {
  for (const [id, source] of Object.entries(sources)) {
    let url: URL;
    try {
      url = new URL(source.url);
    } catch {
      report.errors.push(`pack/sources.json [${id}]: malformed URL ${source.url}`);
      continue;
    }
    if ((url.pathname === '' || url.pathname === '/') && url.search === '') {
      report.errors.push(`pack/sources.json [${id}]: ${source.url} is a bare home page — cite the page that supports the statement`);
    }
  }
}

/** Digits next to a currency word or sign, in the scripts of the content languages. */
const CURRENCY = '(?:€|EUR|Euro|euro|евро|євро|يورو|یورو)';
const AMOUNT_IN_TEXT = new RegExp(`\\d[\\d.,\\u00a0\\u202f ]*\\s?${CURRENCY}(?![\\p{L}])|${CURRENCY}\\s?\\d`, 'gu');

/**
 * Amounts belong in facts.json with their year and reach answers only through {{amount.…}}, so a
 * new year's figure changes one number, not twelve translations (issue 14). Placeholders, phone
 * numbers, paragraph numbers, dates and percentages are not amounts. Returns false on a finding;
 * in an entry whose translation is pending the finding is a warning for languages other than German.
 */
export function checkAmountsInAnswer(at: string, answer: string, pending: boolean, report: Pick<CheckReport, 'errors' | 'warnings'>): boolean {
  const text = answer.replace(/\{\{[^}]*\}\}/g, ' ');
  const found = [...text.matchAll(AMOUNT_IN_TEXT)].map((m) => m[0].trim());
  if (found.length === 0) return true;
  const message = `${at}: amount written in the answer (${found.slice(0, 3).join(', ')}) — use an {{amount.…}} placeholder from facts.json`;
  if (pending) report.warnings.push(`${message} (translation pending)`);
  else report.errors.push(message);
  return pending;
}

/**
 * An amount without a value for the current year is shown with its last known year and a "not yet
 * published" note; editors are told so they add the new figure when it is published.
 */
export function checkFactsForYear(facts: ContentSnapshot['facts'], year: number, report: Pick<CheckReport, 'warnings'>): void {
  for (const [key, amount] of Object.entries(facts.amounts)) {
    if (amount.byYear[String(year)] === undefined) {
      const latest = Object.keys(amount.byYear).sort().pop();
      report.warnings.push(`pack/facts.json [${key}]: no value for ${year} — citizens see the ${latest} value marked "not yet published"`);
    }
  }
  const holidays = facts.bankHolidays ?? [];
  if (!holidays.some((d) => d.startsWith(String(year + 1)))) {
    report.warnings.push(`pack/facts.json [bankHolidays]: no bank holidays for ${year + 1} — payment dates for next year cannot be computed`);
  }
}

export interface CheckOptions {
  now?: Date;
  /** Skip the (slower) cross-validation. */
  skipConfusable?: boolean;
}

export function checkContent(contentDir: string, profileId: string, tools: CheckTools, options: CheckOptions = {}): CheckReport {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const report: CheckReport = { entries: 0, languages: {}, errors: [], warnings: [], confusable: [] };
  let snapshot: ContentSnapshot;
  try {
    snapshot = loadContent(contentDir, profileId);
  } catch (error) {
    if (error instanceof ContentLoadError) report.errors.push(...error.problems.map(formatProblem));
    else report.errors.push((error as Error).message);
    return report;
  }
  report.entries = snapshot.entries.size;
  for (const language of LANGUAGES) report.languages[language] = 0;
  const staleBefore = new Date(now.getTime() - STALE_DAYS * 86400000).toISOString().slice(0, 10);

  checkSourceUrls(snapshot.sources, report);
  checkFactsForYear(snapshot.facts, now.getUTCFullYear(), report);
  for (const [id, source] of Object.entries(snapshot.sources)) {
    if (source.checkedOn < staleBefore) report.warnings.push(`pack/sources.json [${id}]: checked on ${source.checkedOn}, more than a year ago — verify again`);
  }

  for (const entry of snapshot.entries.values()) {
    const where = `entry ${entry.id}`;
    if (entry.validUntil && entry.validUntil < today) report.errors.push(`${where}: validUntil ${entry.validUntil} has passed — update or retire the entry`);
    if (entry.validFrom && entry.validUntil && entry.validFrom > entry.validUntil) report.errors.push(`${where}: validFrom is after validUntil`);
    if (entry.reviewedAt < staleBefore) report.warnings.push(`${where}: last reviewed ${entry.reviewedAt}`);
    if (entry.sources.length === 0 && entry.kind !== 'smalltalk' && entry.kind !== 'handoff') report.errors.push(`${where}: no source`);
    for (const language of LANGUAGES) {
      const text = entry.texts[language];
      const at = `i18n/${language}.json [${entry.id}]`;
      // German is written first; an entry marked translationPending may wait for its translators.
      const pending = entry.translationPending === true && language !== 'de' && language !== 'de-x-ls';
      if (!text) {
        (pending ? report.warnings : report.errors).push(`${at}: missing in this language${pending ? ' (translation pending)' : ''}`);
        continue;
      }
      let complete = true;
      if (!checkAmountsInAnswer(at, text.answer, pending, report)) complete = false;
      if (text.examples.length < MIN_EXAMPLES) {
        report.errors.push(`${at}: ${text.examples.length} examples, at least ${MIN_EXAMPLES} needed`);
        complete = false;
      }
      if (text.title.length > TITLE_MAX) report.warnings.push(`${at}: title longer than ${TITLE_MAX} characters (button label)`);
      if (!checkText(at, text.answer, { tools, snapshot, language, now }, report)) complete = false;
      if (text.answer.length > TELEGRAM_MAX) {
        report.errors.push(`${at}: answer has ${text.answer.length} characters; Telegram and WhatsApp show at most ${TELEGRAM_MAX}`);
        complete = false;
      } else if (text.answer.length > WHATSAPP_INTERACTIVE_MAX) {
        report.warnings.push(`${at}: answer has ${text.answer.length} characters; WhatsApp sends it without buttons (interactive limit ${WHATSAPP_INTERACTIVE_MAX})`);
      }
      // A translation waiting for the German changes is not complete yet.
      if (complete && !pending) report.languages[language] = (report.languages[language] ?? 0) + 1;
    }
  }

  checkFlowTexts(snapshot, tools, now, report);

  if (!options.skipConfusable) {
    report.confusable = tools.findConfusable(snapshot, LANGUAGES);
    if (tools.checkNegatives) {
      report.negatives = tools.checkNegatives(snapshot);
      for (const n of report.negatives.filter((x) => x.stolen)) report.warnings.push(`negative example (${n.language}) answered by the entry that excludes it, "${n.entry}": ${n.example}`);
    }
    // Pairs confused more than once are worth an editor's look; single slips are only counted.
    const single = report.confusable.filter((c) => c.count < 2);
    for (const c of report.confusable.filter((x) => x.count >= 2)) {
      report.warnings.push(`confusable (${c.language}): ${c.count} examples of "${c.from}" are answered as "${c.to}"`);
    }
    if (single.length > 0) report.warnings.push(`confusable: ${single.length} further entry pairs share a single confused example (see --json "confusable")`);
  }
  return report;
}
