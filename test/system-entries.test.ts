/**
 * System entries are content: the welcome's flow and topics, the person request and the crisis
 * rules come from content/pack/system.json, and a system.json pointing nowhere stops the load.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStore } from '../adapters/store/document';
import { buildKnowledge, type Knowledge } from '../bot/knowledge';
import { detectCrisis } from '../bot/signals/crisis';
import { LotseBot } from '../bot/lotseBot';
import { ContentLoadError, loadContent } from '../content/load';

const CONTENT = path.resolve(__dirname, '..', 'content');

function contentWithSystem(change: (system: Record<string, any>) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-system-'));
  fs.cpSync(CONTENT, dir, { recursive: true });
  const file = path.join(dir, 'pack', 'system.json');
  const system = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(system);
  fs.writeFileSync(file, JSON.stringify(system, null, 2));
  return dir;
}

const knowledge = buildKnowledge(loadContent(CONTENT, 'musterstadt'));

/** The shipped knowledge with a changed system.json (same entries and index). */
function withSystem(change: (system: Record<string, any>) => void): Knowledge {
  const system = structuredClone(knowledge.snapshot.system);
  change(system);
  return { ...knowledge, snapshot: { ...knowledge.snapshot, system: system as typeof knowledge.snapshot.system } };
}

function botOn(k: Knowledge): LotseBot {
  const silent = { info() {}, warn() {}, error() {} };
  return new LotseBot({ knowledge: () => k, store: new MemoryStore(), logger: silent, pseudonym: (id) => id, now: () => new Date('2026-11-23T10:00:00Z') });
}

const buttonValues = (activity: any): Array<Record<string, unknown>> => (activity?.suggestedActions?.actions ?? []).map((a: any) => a.value);
const address = { channelId: 'test', conversationId: 'c1', userId: 'u1' };
const NO_MATCH = { kind: 'nomatch', why: 'empty' } as const;

describe('system entries in content', () => {
  it('offers the welcome topics and flow that pack/system.json names', async () => {
    const k = withSystem((s) => {
      s.welcome = { topics: ['sick_note'] };
    });
    const [welcome] = (await botOn(k).onActivity({ type: 'event', name: 'lotse/start', value: { language: 'de' } }, address)).activities;
    const values = buttonValues(welcome);
    expect(values.filter((v) => v.action === 'entry').map((v) => v.id)).toEqual(['sick_note']);
    expect(values.some((v) => v.action === 'flow')).toBe(false);
  });

  it('finds crisis words by the concepts that pack/system.json maps to a crisis entry', () => {
    const text = 'Ich schlafe heute am Bahnhof';
    expect(detectCrisis(knowledge, text, NO_MATCH)).toBe('crisis_homeless');
    const rerouted = withSystem((s) => {
      s.crisis.byConcepts = s.crisis.byConcepts.map((r: { concepts: string[]; entry: string }) => (r.entry === 'crisis_homeless' ? { ...r, entry: 'no_money_emergency' } : r));
    });
    expect(detectCrisis(rerouted, text, NO_MATCH)).toBe('no_money_emergency');
    const without = withSystem((s) => {
      s.crisis.byConcepts = s.crisis.byConcepts.filter((r: { entry: string }) => r.entry !== 'crisis_homeless');
    });
    expect(detectCrisis(without, text, NO_MATCH)).toBeUndefined();
  });

  it('refuses a system.json that names an entry, flow or concept that does not exist', () => {
    const dir = contentWithSystem((s) => {
      s.personRequest = 'no_such_entry';
      s.welcome.flow = 'no_such_flow';
      s.crisis.byConcepts.push({ concepts: ['no_such_concept'], entry: 'crisis_suicide' });
    });
    let problems: string[] = [];
    try {
      loadContent(dir, 'musterstadt');
    } catch (error) {
      if (!(error instanceof ContentLoadError)) throw error;
      problems = error.problems.map((p) => `${p.file} ${p.field} ${p.message}`);
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pack\/system\.json personRequest "no_such_entry" is not an entry/),
        expect.stringMatching(/^pack\/system\.json welcome\.flow flow "no_such_flow" does not exist/),
        expect.stringMatching(/^pack\/system\.json crisis\.byConcepts\.\d+\.concepts\.0 concept "no_such_concept"/),
      ]),
    );
  });
});
