import { detectLanguage, languageNamed, resolveLanguage } from '../bot/signals/language';

describe('choosing the language to answer in', () => {
  it('detects the supported languages on short chat messages', () => {
    expect(detectLanguage('wann kommt das geld')?.language).toBe('de');
    expect(detectLanguage('коли прийдуть гроші')?.language).toBe('uk');
    expect(detectLanguage('когда придут деньги')?.language).toBe('ru');
    expect(detectLanguage('کی پول میاد')?.language).toBe('fa');
    expect(detectLanguage('متى يصل المال')?.language).toBe('ar');
    expect(detectLanguage('kiedy przyjdą pieniądze')?.language).toBe('pl');
    expect(detectLanguage('кога идват парите')?.language).toBe('bg');
  });

  it('switches when the citizen writes the name of a language, in any language', () => {
    expect(languageNamed('English')).toBe('en');
    expect(languageNamed('по-русски')).toBe('ru');
    expect(languageNamed('العربية')).toBe('ar');
    expect(languageNamed('Leichte Sprache')).toBe('de-x-ls');
    expect(languageNamed('I speak English and need help with my Termin')).toBeUndefined();
    expect(resolveLanguage('Türkçe', 'de', 'user')).toEqual({ language: 'tr', source: 'user', switchedFrom: 'de' });
  });

  it('keeps an explicit choice even when a message looks like another language', () => {
    expect(resolveLanguage('Wann kommt das Geld auf mein Konto?', 'en', 'user')).toEqual({ language: 'en', source: 'user' });
  });

  it('follows a confident detection away from the page language and reports the switch', () => {
    const decision = resolveLanguage('коли прийдуть гроші на мій рахунок', 'de', 'channel');
    expect(decision).toMatchObject({ language: 'uk', switchedFrom: 'de' });
  });

  it('does not switch on very short messages', () => {
    expect(resolveLanguage('ok', 'ar', 'detected').language).toBe('ar');
    expect(resolveLanguage('WBA?', 'tr', 'channel').language).toBe('tr');
  });

  it('stays in Leichte Sprache when the citizen writes German', () => {
    expect(resolveLanguage('Wann kommt mein Geld vom Jobcenter?', 'de-x-ls', 'channel').language).toBe('de-x-ls');
  });

  it('starts in German when nothing is known and the text says nothing', () => {
    expect(resolveLanguage('?!', undefined, undefined)).toEqual({ language: 'de', source: 'default' });
  });
});

describe('messages in another script than the conversation', () => {
  it('switches a German conversation to Russian for a single Cyrillic word', () => {
    expect(resolveLanguage('оператор', 'de', 'channel')).toMatchObject({ language: 'ru', switchedFrom: 'de' });
  });

  it('switches to Ukrainian when Ukrainian letters show it', () => {
    expect(resolveLanguage('людина', 'en', 'channel').language).toMatch(/uk|ru/);
    expect(resolveLanguage('їжа', 'en', 'channel').language).toBe('uk');
  });

  it('tells Persian from Arabic by its letters on short messages', () => {
    expect(resolveLanguage('کمک', 'de', 'channel').language).toBe('fa');
    expect(resolveLanguage('موظف', 'de', 'channel').language).toBe('ar');
  });

  it('keeps an Arabic conversation when the citizen types a German word in Latin letters', () => {
    expect(resolveLanguage('Termin', 'ar', 'channel').language).toBe('ar');
  });
});

describe('German official terms typed alone', () => {
  it('do not switch an Arabic or Ukrainian conversation to German', () => {
    expect(resolveLanguage('Weiterbewilligungsantrag', 'ar', 'channel').language).toBe('ar');
    expect(resolveLanguage('Kontoauszüge Bescheid', 'uk', 'detected').language).toBe('uk');
  });
});
