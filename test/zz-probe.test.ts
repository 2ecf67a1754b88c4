import { knowledge } from './helpers/handoff';
import { scoreMessage } from '../bot/nlu/matcher';
test('probe', () => {
  for (const [text, lang] of [['j\'ai besoin d\'une réponse urgente à ma demande','fr'],['pilnie potrzebuję odpowiedzi w sprawie wniosku','pl'],['am nevoie urgent de un răspuns la cerere','ro'],['başvurum hakkında acilen cevap lazım','tr'],['محتاج جواب ضروري على طلبي','ar'],['Ich brauche dringend eine Antwort zu meinem Antrag','de'],['I urgently need an answer about my application','en']] as const) {
    const sc = scoreMessage(knowledge.index, text, lang);
    console.log(text, sc.kind === 'scored' ? sc.scores.slice(0, 3).map((s) => `${s.intent}:${s.score.toFixed(2)}`).join(' ') : sc);
  }
});
