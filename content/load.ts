/**
 * Loads the content folder into an immutable snapshot. Any error — a JSON typo, a wrong field,
 * a follow-up pointing nowhere — is reported with file, line and field, and nothing is returned:
 * the service never runs on half-loaded content and keeps the last good snapshot instead.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import {
  entryMetaSchema,
  entryTranslationsSchema,
  factsSchema,
  isLanguage,
  LANGUAGES,
  negativesSchema,
  profileSchema,
  sourceSchema,
  type ContentSnapshot,
  type Entry,
  type EntryText,
  type Language,
} from './model';
import { loadLexicons } from './lexicons';
import { checkFlow, flowFileSchema, type Flow } from './flowModel';
import { checkSystem, systemSchema } from './systemModel';

const entryMetaListSchema = z.strictObject({ entries: z.array(entryMetaSchema) });
const sourcesSchema = z.record(z.string(), sourceSchema);

export interface ContentProblem {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export class ContentLoadError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(`Content is invalid:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ContentLoadError';
  }
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}${p.field ? ` [${p.field}]` : ''}: ${p.message}`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Read a JSON file and validate it, collecting problems with line numbers instead of throwing. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, problems: ContentProblem[], root: string): z.infer<S> | undefined {
  const rel = path.relative(root, file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ file: rel, message: `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  if (parseErrors.length > 0 || !tree) {
    for (const e of parseErrors.slice(0, 1)) problems.push({ file: rel, line: lineOf(text, e.offset), message: `JSON syntax: ${printParseErrorCode(e.error)}` });
    return undefined;
  }
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) {
    for (const issue of result.error.issues.slice(0, 20)) {
      const segments = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      let node = findNodeAtLocation(tree, segments);
      for (let k = segments.length; !node && k > 0; k--) node = findNodeAtLocation(tree, segments.slice(0, k - 1));
      problems.push({ file: rel, line: node ? lineOf(text, node.offset) : undefined, field: segments.join('.') || undefined, message: issue.message });
    }
    return undefined;
  }
  return result.data;
}

/** Find the line of a JSON path in a file, for problems found after validation. */
export function lineOfPath(file: string, segments: Array<string | number>): number | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const node = findNodeAtLocation(parseTree(text) ?? ({} as never), segments);
    return node ? lineOf(text, node.offset) : undefined;
  } catch {
    return undefined;
  }
}

/** Load and cross-check the whole content folder. Throws ContentLoadError listing every problem. */
export function loadContent(contentDir: string, profileId: string): ContentSnapshot {
  const problems: ContentProblem[] = [];
  const root = contentDir;
  const pack = path.join(contentDir, 'pack');
  const metaFile = readJsonFile(path.join(pack, 'entries.json'), entryMetaListSchema, problems, root);
  const sources = readJsonFile(path.join(pack, 'sources.json'), sourcesSchema, problems, root);
  const facts = readJsonFile(path.join(pack, 'facts.json'), factsSchema, problems, root);
  const profile = readJsonFile(path.join(contentDir, 'profiles', `${profileId}.json`), profileSchema, problems, root);
  const negativesFile = path.join(pack, 'negatives.json');
  const negatives = fs.existsSync(negativesFile) ? readJsonFile(negativesFile, negativesSchema, problems, root) : undefined;
  const system = readJsonFile(path.join(pack, 'system.json'), systemSchema, problems, root);

  const texts = new Map<Language, Record<string, EntryText>>();
  const i18nDir = path.join(pack, 'i18n');
  for (const name of fs.existsSync(i18nDir) ? fs.readdirSync(i18nDir).sort() : []) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(i18nDir, name);
    const language = name.slice(0, -5);
    if (!isLanguage(language)) {
      problems.push({ file: path.relative(root, file), message: `unknown language code "${language}" (supported: ${LANGUAGES.join(', ')})` });
      continue;
    }
    const data = readJsonFile(file, entryTranslationsSchema, problems, root);
    if (!data) continue;
    if (data.language !== language) problems.push({ file: path.relative(root, file), line: 1, field: 'language', message: `says "${data.language}" but the file is ${name}` });
    texts.set(language, data.entries);
  }

  let lexicons: ReturnType<typeof loadLexicons> | undefined;
  try {
    lexicons = loadLexicons(path.join(contentDir, 'lexicon'));
    for (const u of lexicons.unknownConcepts) problems.push({ file: `lexicon/${u.language}.json`, field: `concepts.${u.concept}`, message: 'concept id not defined in concepts.json' });
  } catch (error) {
    problems.push({ file: 'lexicon', message: (error as Error).message.split('\n')[0] ?? 'invalid lexicon' });
  }

  const flows = new Map<string, Flow>();
  const flowFiles = new Map<string, string>();
  const flowDir = path.join(contentDir, 'flows');
  for (const name of fs.existsSync(flowDir) ? fs.readdirSync(flowDir).sort() : []) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(flowDir, name);
    const flow = readJsonFile(file, flowFileSchema, problems, root);
    if (!flow) continue;
    if (flows.has(flow.id)) problems.push({ file: path.relative(root, file), field: 'id', message: `duplicate flow id "${flow.id}"` });
    flows.set(flow.id, flow);
    flowFiles.set(flow.id, file);
  }

  const entries = new Map<string, Entry>();
  if (metaFile && sources) {
    const ids = new Set(metaFile.entries.map((e) => e.id));
    metaFile.entries.forEach((meta, i) => {
      const at = (field: string): ContentProblem => ({ file: 'pack/entries.json', line: lineOfPath(path.join(pack, 'entries.json'), ['entries', i, field]), field: `entries.${i}.${field}`, message: '' });
      if (entries.has(meta.id)) problems.push({ ...at('id'), message: `duplicate entry id "${meta.id}"` });
      for (const f of meta.followUps) if (!ids.has(f)) problems.push({ ...at('followUps'), message: `follow-up "${f}" is not an entry` });
      for (const s of meta.sources) if (!sources[s]) problems.push({ ...at('sources'), message: `source "${s}" is not in sources.json` });
      if (meta.flow && !flows.has(meta.flow) && fs.existsSync(flowDir)) problems.push({ ...at('flow'), message: `flow "${meta.flow}" does not exist` });
      const entryTexts: Partial<Record<Language, EntryText>> = {};
      for (const [language, byId] of texts) {
        const t = byId[meta.id];
        if (t) entryTexts[language] = t;
      }
      entries.set(meta.id, { ...meta, texts: entryTexts });
    });
    for (const [language, byId] of texts) {
      for (const id of Object.keys(byId)) {
        if (!ids.has(id)) problems.push({ file: `pack/i18n/${language}.json`, line: lineOfPath(path.join(i18nDir, `${language}.json`), ['entries', id]), field: `entries.${id}`, message: 'no entry with this id in entries.json' });
      }
    }
  }

  for (const id of Object.keys(negatives?.entries ?? {})) {
    if (metaFile && !metaFile.entries.some((e) => e.id === id)) problems.push({ file: 'pack/negatives.json', line: lineOfPath(negativesFile, ['entries', id]), field: `entries.${id}`, message: 'no entry with this id in entries.json' });
  }

  // Dangling step references, unreachable steps, numbering gaps: caught here, never at run time.
  const refs = { entryIds: new Set(metaFile?.entries.map((e) => e.id)), flowIds: new Set(flows.keys()), sourceIds: new Set(Object.keys(sources ?? {})) };
  for (const [id, flow] of flows) {
    const file = flowFiles.get(id) as string;
    for (const p of checkFlow(flow, refs)) {
      problems.push({ file: path.relative(root, file), line: lineOfPath(file, p.path), field: p.path.join('.'), message: p.message });
    }
  }

  if (system && lexicons) {
    const file = path.join(pack, 'system.json');
    for (const p of checkSystem(system, { ...refs, conceptIds: lexicons.conceptIds })) {
      problems.push({ file: 'pack/system.json', line: lineOfPath(file, p.path), field: p.path.join('.'), message: p.message });
    }
  }

  if (problems.length > 0 || !metaFile || !sources || !facts || !profile || !lexicons || !system) throw new ContentLoadError(problems);

  const version = crypto
    .createHash('sha256')
    .update(JSON.stringify([metaFile, [...texts], facts, profile, [...lexicons.files], [...flows], negatives ?? null, system, [...(lexicons.background ?? new Map())]]))
    .digest('hex')
    .slice(0, 12);
  return {
    version,
    loadedAt: new Date().toISOString(),
    entries,
    sources,
    facts,
    profile,
    lexicons: lexicons.files,
    conceptIds: lexicons.conceptIds,
    flows,
    ...(negatives ? { negatives: negatives.entries } : {}),
    background: lexicons.background,
    system,
  };
}
