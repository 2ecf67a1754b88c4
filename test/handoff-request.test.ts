/**
 * "I want a person" is recognised in any language and wording — the single words of the issue
 * included — and leads to the offer; a longer question that merely mentions a caseworker is
 * still answered.
 */
import { buttonsOf, setupHandoff, texts } from './helpers/handoff';

describe('asking for a person', () => {
  it.each([
    ['de', 'Mensch'],
    ['de', 'Sachbearbeiter'],
    ['de', 'Ich will mit einem echten Menschen reden'],
    ['en', 'real person'],
    ['en', 'can I talk to a human please'],
    ['ru', 'оператор'],
    ['uk', 'з людиною, будь ласка'],
    ['ar', 'موظف'],
    ['ar', 'أريد التحدث مع موظف'],
    ['tr', 'bir insanla konuşmak istiyorum'],
    ['fa', 'می‌خواهم با یک کارمند صحبت کنم'],
    ['pl', 'chcę rozmawiać z człowiekiem'],
  ])('%s: "%s" leads to the offer of a person', async (_language, text) => {
    const s = setupHandoff();
    s.staffOnline();
    const reply = await s.say(text);
    expect(buttonsOf(reply).map((b) => b.value.action)).toEqual(['handoff.live', 'handoff.callback']);
    expect((await s.state())?.handoff).toMatchObject({ status: 'offered', reason: 'request' });
  });

  it('answers a longer question that only mentions the caseworker', async () => {
    const s = setupHandoff();
    await s.event('lotse/language', { language: 'de' });
    const reply = await s.say('Muss ich meinem Sachbearbeiter eine neue Adresse melden, wenn ich umziehe?');
    expect((await s.state())?.handoff).toBeUndefined();
    expect(texts(reply)).not.toMatch(/So erreichen Sie einen Menschen/);
  });
});
