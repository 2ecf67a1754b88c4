import { knowledge } from './helpers/handoff';
import { allLexicons, detectCrisis } from '../bot/crisis';
import { normalize, tokenize } from '../bot/nlu/normalize';
import { scoreMessage } from '../bot/nlu/matcher';
import { loadCrisisSet } from '../eval/crisis';
import { resolveLanguage } from '../bot/language';
test('probe', () => {
  for (const text of ['die Warteschleife der Hotline bringt mich noch um']) {
    const tokens = tokenize(normalize(text));
    for (const l of allLexicons(knowledge)) {
      const c = l.conceptsOf(tokens).map((s, i) => [tokens[i], [...s]]).filter(([, s]) => (s as string[]).some((x) => ['suicide','violence','homeless','no_food','child','danger'].includes(x)));
      if (c.length) console.log(l.language, JSON.stringify(c));
    }
    const sc = scoreMessage(knowledge.index, text, 'de');
    console.log(sc.kind === 'scored' ? sc.scores.slice(0, 3).map((s) => `${s.intent}:${s.score.toFixed(2)}`) : sc);
  }
  const lines = loadCrisisSet('eval/crisis');
  for (const line of lines) {
    const lang = resolveLanguage(line.text, undefined, undefined).language;
    const got = detectCrisis(knowledge, line.text, scoreMessage(knowledge.index, line.text, lang));
    if (line.expect && got && got !== line.expect) console.log('TYPE', line.lang, line.expect, got, line.text);
  }
});
