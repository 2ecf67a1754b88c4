import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContentLoadError, loadContent } from '../content/load';
import { ContentService } from '../app/contentService';
import { createLogger } from '../app/logger';

const CONTENT = path.resolve(__dirname, '..', 'content');

function copyContent(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-content-'));
  fs.cpSync(CONTENT, dir, { recursive: true });
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadContent(dir, 'musterstadt');
    return [];
  } catch (error) {
    if (!(error instanceof ContentLoadError)) throw error;
    return error.problems.map((p) => `${p.file}:${p.line ?? ''} ${p.field ?? ''} ${p.message}`);
  }
}

describe('loading content', () => {
  it('loads the shipped pack with its entries, profile and lexicons', () => {
    const snapshot = loadContent(CONTENT, 'musterstadt');
    expect(snapshot.entries.size).toBeGreaterThanOrEqual(60);
    expect(snapshot.profile.name).toBe('Jobcenter Musterstadt');
    expect(snapshot.lexicons.size).toBeGreaterThan(0);
  });

  it('reports a JSON syntax error with file and line', () => {
    const dir = copyContent();
    const file = path.join(dir, 'pack', 'facts.json');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[3] = `${lines[3]},,`;
    fs.writeFileSync(file, lines.join('\n'));
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^pack\/facts\.json:4 .*JSON syntax/)]);
  });

  it('reports a wrong field with file, line and field path', () => {
    const dir = copyContent();
    const file = path.join(dir, 'pack', 'entries.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.entries[2].kind = 'sometimes';
    fs.writeFileSync(file, JSON.stringify(data, null, 2));
    const [problem] = problemsOf(dir);
    expect(problem).toMatch(/^pack\/entries\.json:\d+ entries\.2\.kind /);
  });

  it('reports follow-ups and sources that point nowhere', () => {
    const dir = copyContent();
    const file = path.join(dir, 'pack', 'entries.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.entries[0].followUps.push('no_such_entry');
    data.entries[1].sources.push('s999');
    fs.writeFileSync(file, JSON.stringify(data, null, 2));
    const problems = problemsOf(dir);
    expect(problems.some((p) => p.includes('follow-up "no_such_entry"'))).toBe(true);
    expect(problems.some((p) => p.includes('source "s999"'))).toBe(true);
  });

  it('keeps serving the last good content when an edit breaks it, and takes the next good edit', () => {
    const dir = copyContent();
    const service = ContentService.start(dir, 'musterstadt', createLogger('silent'));
    const before = service.current().snapshot.version;
    const profileFile = path.join(dir, 'profiles', 'musterstadt.json');
    const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
    fs.writeFileSync(profileFile, '{ "id": ');
    const rejected = service.reload();
    expect(rejected.ok).toBe(false);
    expect(rejected.problems?.[0]).toMatch(/profiles\/musterstadt\.json:1/);
    expect(service.current().snapshot.version).toBe(before);
    fs.writeFileSync(profileFile, JSON.stringify({ ...profile, name: 'Jobcenter Beispielstadt' }));
    expect(service.reload().ok).toBe(true);
    expect(service.current().snapshot.profile.name).toBe('Jobcenter Beispielstadt');
  });
});
