/**
 * After staff hand back, the citizen's next question is a new question: asking the rent
 * question again gets the answer, not the "you seem frustrated" offer of a person (issue 16).
 */
import { buttonsOf, setupHandoff, texts } from './helpers/handoff';

const anna = { id: 'anna', displayName: 'Anna Schmidt' };
const RENT = 'Übernimmt das Jobcenter meine Miete?';

describe('a repeated question after a handoff', () => {
  it('is answered after staff handed back, not taken for frustration', async () => {
    const s = setupHandoff();
    s.staffOnline();
    await s.event('lotse/start', { language: 'de' });
    const first = await s.say(RENT);
    const firstAnswer = texts(first);
    const offer = await s.say('Ich möchte mit einem Menschen sprechen');
    const consent = await s.press(offer, 'handoff.live');
    await s.press(consent, 'handoff.consent', { share: true });
    const [item] = await s.desk.queue();
    await s.desk.claim(item!.case.id, anna);
    await s.say('Hallo, ich habe eine Frage zur Miete');
    await s.desk.handBack(item!.case.id, anna);

    const again = await s.say(RENT);
    expect(texts(again)).not.toMatch(/Ich merke, dass|frustr|So erreichen Sie einen Menschen/);
    expect(texts(again)).toBe(firstAnswer);
    expect(buttonsOf(again).map((b) => b.value.action)).not.toContain('handoff.live');
  });

  it('still notices a question repeated in a row when no handoff happened in between', async () => {
    const s = setupHandoff();
    await s.event('lotse/start', { language: 'de' });
    await s.say('blorp fnargh wibble');
    const again = await s.say('blorp fnargh wibble');
    expect(texts(again)).toMatch(/So erreichen Sie einen Menschen/);
  });
});
