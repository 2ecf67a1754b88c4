import { knowledge } from './helpers/handoff';
import { lexiconsForText } from '../bot/crisis';
import { normalize, tokenize } from '../bot/nlu/normalize';
test('probe', () => {
  for (const text of ['Ich hab keinen Cent mehr und nix zu Essen für die Kleinen']) {
    const tokens = tokenize(normalize(text));
    console.log(tokens);
    for (const l of lexiconsForText(knowledge, text)) {
      const c = l.conceptsOf(tokens).map((s, i) => [tokens[i], [...s]]);
      if (l.language==='de') console.log(text, l.language, JSON.stringify(c));
    }
  }
});
