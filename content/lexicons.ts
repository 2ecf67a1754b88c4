/** Reads the lexicon files (stop words and concept terms per language) from a folder. */
import fs from 'node:fs';
import path from 'node:path';
import { backgroundSchema, conceptsSchema, lexiconSchema, type LexiconFile } from './model';

export interface LexiconSet {
  conceptIds: Set<string>;
  files: Map<string, LexiconFile>;
  /** Concept ids used in a language file that concepts.json does not define. */
  unknownConcepts: Array<{ language: string; concept: string }>;
  /** General-chat words per language (background/<lang>.json), for the off-topic decision. */
  background: Map<string, string[]>;
}

export function loadLexicons(dir: string): LexiconSet {
  const concepts = conceptsSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'concepts.json'), 'utf8')));
  const conceptIds = new Set(Object.keys(concepts.concepts));
  const files = new Map<string, LexiconFile>();
  const unknownConcepts: LexiconSet['unknownConcepts'] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name === 'concepts.json') continue;
    const file = lexiconSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
    for (const concept of Object.keys(file.concepts)) {
      if (!conceptIds.has(concept)) unknownConcepts.push({ language: file.language, concept });
    }
    files.set(file.language, file);
  }
  const background = new Map<string, string[]>();
  const backgroundDir = path.join(dir, 'background');
  for (const name of fs.existsSync(backgroundDir) ? fs.readdirSync(backgroundDir).sort() : []) {
    if (!name.endsWith('.json')) continue;
    const file = backgroundSchema.parse(JSON.parse(fs.readFileSync(path.join(backgroundDir, name), 'utf8')));
    background.set(file.language, file.words);
  }
  return { conceptIds, files, unknownConcepts, background };
}
