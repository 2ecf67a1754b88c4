import { parsePhone } from '../bot/handoff/phone';
import { SATURDAY_NIGHT, setupHandoff, texts, buttonsOf } from './helpers/handoff';
test('probe', async () => {
  console.log(parsePhone('Meine Nummer: 0170 / 123 45 67'), parsePhone('12 34'));
  const s = setupHandoff({ now: SATURDAY_NIGHT });
  await s.event('lotse/start', { language: 'de' });
  const offer = await s.say('Ich möchte mit einem Menschen sprechen');
  const consent = await s.press(offer, 'handoff.callback');
  const phoneConsent = await s.press(consent, 'handoff.consent', { share: true });
  const time = await s.press(phoneConsent, 'handoff.callbackConsent', { agree: true });
  const ask = await s.press(time, 'handoff.time', { slot: 'morning' });
  console.log(JSON.stringify((await s.state())?.handoff));
  const inv = await s.say('12 34');
  console.log(texts(inv), JSON.stringify((await s.state())?.handoff));
  const done = await s.say('Meine Nummer: 0170 / 123 45 67');
  console.log(texts(done), JSON.stringify((await s.state())?.handoff));
});
