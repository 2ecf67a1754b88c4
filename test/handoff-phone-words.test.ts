/**
 * Phone numbers for a callback written in words, in every bot language, and with spaces,
 * dashes, brackets, +49 and 0049.
 */
import { parsePhone } from '../bot/handoff/phone';

describe('a phone number in words or figures', () => {
  it.each([
    ['meine nummer ist null eins sieben eins eins zwei drei vier fünf sechs sieben', '01711234567'],
    ['null eins sieben null – eins zwei drei vier fünf sechs sieben', '01701234567'],
    ['plus vier neun eins sieben null eins zwei drei vier fünf sechs sieben', '+491701234567'],
    ['null null vier neun eins sieben null eins zwei drei vier fünf sechs', '+49170123456'],
    ['zero one seven one one two three four five six seven', '01711234567'],
    ['my number is zero one seven zero double one two three four five six', '01701123456'],
    ['ноль один семь один один два три четыре пять шесть семь', '01711234567'],
    ['нуль один сім один один два три чотири п’ять шість сім', '01711234567'],
    ['nol odin sem odin odin dva tri chetyre pyat shest sem', '01711234567'],
    ['صفر واحد سبعة واحد واحد اثنان ثلاثة أربعة خمسة ستة سبعة', '01711234567'],
    ['٠١٧١ ١٢٣ ٤٥ ٦٧', '01711234567'],
    ['صفر یک هفت یک یک دو سه چهار پنج شش هفت', '01711234567'],
    ['۰۱۷۱۱۲۳۴۵۶۷', '01711234567'],
    ['sıfır bir yedi bir bir iki üç dört beş altı yedi', '01711234567'],
    ['zero jeden siedem jeden jeden dwa trzy cztery pięć sześć siedem', '01711234567'],
    ['zero unu șapte unu unu doi trei patru cinci șase șapte', '01711234567'],
    ['нула едно седем едно едно две три четири пет шест седем', '01711234567'],
    ['zéro un sept un un deux trois quatre cinq six sept', '01711234567'],
    ['0171 eins zwei drei vier fünf sechs sieben', '01711234567'],
    ['(0171) 123-45-67', '01711234567'],
    ['+49 (0) 171 1234567', '+491711234567'],
    ['0049 171 1234567', '+491711234567'],
  ])('"%s" is %s', (text, phone) => {
    expect(parsePhone(text)).toBe(phone);
  });

  it.each([['eins zwei drei'], ['null eins eins null'], ['ich möchte einen Rückruf'], ['hundertzwölf']])('"%s" is no phone number', (text) => {
    expect(parsePhone(text)).toBeUndefined();
  });
});
