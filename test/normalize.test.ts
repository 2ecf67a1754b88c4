import { normalize, tokenize, splitSentences, hasWords } from '../bot/nlu/normalize';

describe('normalisation makes spellings of the same word meet', () => {
  it.each([
    ['Kontoauszüge', 'kontoauszuege'],
    ['Kontoauszüge', 'kontoauszuge'],
    ['Weiterbewilligungsantrag', 'WEITERBEWILLIGUNGSANTRAG'],
    ['Straße', 'strasse'],
    ['Öffnungszeiten', 'oeffnungszeiten'],
  ])('German: %s = %s', (a, b) => expect(normalize(a)).toBe(normalize(b)));

  it.each([
    ['başvuru', 'basvuru'],
    ['ödeme', 'odeme'],
    ['İşsizlik', 'issizlik'],
    ['ağır', 'agir'],
  ])('Turkish: %s = %s', (a, b) => expect(normalize(a)).toBe(normalize(b)));

  it.each([
    ['pieniądze', 'pieniadze'],
    ['złożyć wniosek', 'zlozyc wniosek'],
    ['ajutorul șomaj', 'ajutorul somaj'],
    ['ajutorul şomaj', 'ajutorul somaj'],
    ['cerere ţară', 'cerere tara'],
  ])('Polish and Romanian: %s = %s', (a, b) => expect(normalize(a)).toBe(normalize(b)));

  it.each([
    ['كيف أسجل في البوابة', 'كيف اسجل في البوابه'],
    ['إستمارة', 'استماره'],
    ['فلوس ـــ الشهر', 'فلوس الشهر'],
    ['مُساعَدة', 'مساعده'],
    ['ي ك', 'ی ک'],
  ])('Arabic letter variants: %s = %s', (a, b) => expect(normalize(a)).toBe(normalize(b)));

  it('Persian: ZWNJ-joined and joined spellings meet, Persian digits become ASCII', () => {
    expect(normalize('می‌خواهم')).toBe(normalize('میخواهم'));
    expect(normalize('۱۴۰۳')).toBe('1403');
    expect(normalize('٢٠٢٦')).toBe('2026');
  });

  it('Cyrillic: Ukrainian and Russian letter variants meet', () => {
    expect(normalize('гроші')).toBe(normalize('гроши'));
    expect(normalize('ещё')).toBe(normalize('еще'));
    expect(normalize('їжа')).toBe(normalize('ижа'));
  });

  it('Cyrillic and Latin-typed Bulgarian or Russian meet', () => {
    expect(normalize('пари')).toBe(normalize('pari'));
    expect(normalize('Кога идват парите')).toBe('koga idvat parite');
    expect(normalize('джобцентр')).toBe(normalize('dzhobcentr'));
  });

  it('drops punctuation and emoji, folds drawn-out letters', () => {
    expect(normalize('Hiiilfe!!! 😭😭 Geld???')).toBe('hilfe geld');
    expect(tokenize(normalize('  ,,, '))).toEqual([]);
  });

  it('knows when a message has no words at all', () => {
    expect(hasWords('🙂🙂')).toBe(false);
    expect(hasWords('...')).toBe(false);
    expect(hasWords('ok')).toBe(true);
    expect(hasWords('٢')).toBe(true);
  });

  it('splits a long message into sentences, including Arabic question marks', () => {
    expect(splitSentences('Ich bin umgezogen. Was muss ich tun?\nDanke')).toEqual(['Ich bin umgezogen.', 'Was muss ich tun?', 'Danke']);
    expect(splitSentences('انتقلت؟ ماذا أفعل')).toHaveLength(2);
  });
});
