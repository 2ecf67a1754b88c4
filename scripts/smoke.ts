import { loadContent } from '../content/load';
import { buildKnowledge } from '../bot/knowledge';
import { replyForText } from '../bot/answer';
const t0=Date.now();
const k = buildKnowledge(loadContent('content','musterstadt'));
console.log('built', Date.now()-t0, 'ms', k.snapshot.entries.size);
for (const q of process.argv.slice(3)) {
  const r = replyForText(k, q, process.argv[2] as 'en', {now: new Date()});
  console.log(q, '=>', r.outcome, r.entryId, r.options, '\n', r.text.slice(0,400), '\n');
}
