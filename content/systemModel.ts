/**
 * System entries: which content entries the conversation core treats specially — the crisis
 * entries and the words that lead to them, the person request, the welcome message's topics and
 * the guided flow its first button starts. Declared in `content/pack/system.json`, so editors
 * change them without code; the loader checks every id against entries, flows and lexicon concepts.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9_]{2,60}$/, 'must be an id (a-z, 0-9, _)');

export const systemSchema = z.strictObject({
  $comment: z.string().optional(),
  /** The entry that answers "I want to talk to a person". */
  personRequest: id,
  welcome: z.strictObject({
    /** The guided flow offered first in the welcome message (the portal button). */
    flow: id.optional(),
    /** Entries offered as buttons in the welcome message, in this order. */
    topics: z.array(id).max(8),
  }),
  crisis: z.strictObject({
    /** When a message's words point to several crisis entries, the first of this list wins. */
    order: z.array(id).min(1),
    /**
     * Lexicon concepts that together mean a crisis (in any language): all `concepts` present →
     * `entry`, which then replaces the entries in `replaces` (a child together with violence is
     * about the child's safety first).
     */
    byConcepts: z.array(z.strictObject({ concepts: z.array(id).min(1), entry: id, replaces: z.array(id).optional() })).min(1),
    /** Crisis entries found by the matcher alone only when the message also names one of these concepts. */
    needsConcepts: z.record(id, z.array(id).min(1)).default({}),
    /** Crisis entries whose offer of a person includes the emergency desk (no money today, nowhere to sleep). */
    urgent: z.array(id).default([]),
  }),
});

export type SystemEntries = z.infer<typeof systemSchema>;

/** Every id in system.json that points nowhere, as [path, message]. */
export function checkSystem(system: SystemEntries, refs: { entryIds: ReadonlySet<string>; flowIds: ReadonlySet<string>; conceptIds: ReadonlySet<string> }): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const entry = (value: string, path: Array<string | number>) => {
    if (!refs.entryIds.has(value)) problems.push({ path, message: `"${value}" is not an entry` });
  };
  entry(system.personRequest, ['personRequest']);
  if (system.welcome.flow && !refs.flowIds.has(system.welcome.flow)) problems.push({ path: ['welcome', 'flow'], message: `flow "${system.welcome.flow}" does not exist` });
  system.welcome.topics.forEach((t, i) => entry(t, ['welcome', 'topics', i]));
  system.crisis.order.forEach((t, i) => entry(t, ['crisis', 'order', i]));
  system.crisis.byConcepts.forEach((rule, i) => {
    if (!system.crisis.order.includes(rule.entry)) problems.push({ path: ['crisis', 'byConcepts', i, 'entry'], message: `"${rule.entry}" is not in crisis.order` });
    rule.concepts.forEach((c, k) => {
      if (!refs.conceptIds.has(c)) problems.push({ path: ['crisis', 'byConcepts', i, 'concepts', k], message: `concept "${c}" is not defined in lexicon/concepts.json` });
    });
  });
  for (const [id, concepts] of Object.entries(system.crisis.needsConcepts)) {
    entry(id, ['crisis', 'needsConcepts', id]);
    for (const c of concepts) if (!refs.conceptIds.has(c)) problems.push({ path: ['crisis', 'needsConcepts', id], message: `concept "${c}" is not defined in lexicon/concepts.json` });
  }
  system.crisis.urgent.forEach((t, i) => entry(t, ['crisis', 'urgent', i]));
  return problems;
}
