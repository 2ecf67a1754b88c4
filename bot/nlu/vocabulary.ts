/**
 * The words a language's training examples use, indexed so that a message word finds its
 * near relatives quickly: same stem, one typo away, same beginning, or part of a compound.
 * Built once per content version; lookups are map hits, never a scan of the vocabulary.
 */

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j] as number;
    prev = cur;
  }
  return prev[b.length] as number;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** A vocabulary word related to a message word, with how sure we are that they mean the same. */
export interface Relative {
  word: string;
  similarity: number;
  how: 'exact' | 'typo' | 'prefix' | 'compound';
}

const PREFIX_KEY = 5;

export class Vocabulary {
  private readonly words = new Set<string>();
  private readonly byDeletion = new Map<string, string[]>();
  private readonly byPrefix = new Map<string, string[]>();
  private readonly byTail = new Map<string, string[]>();

  constructor(words: Iterable<string>, private readonly compounds: boolean) {
    for (const w of words) this.add(w);
  }

  private push(map: Map<string, string[]>, key: string, word: string): void {
    const list = map.get(key);
    if (!list) map.set(key, [word]);
    else if (!list.includes(word)) list.push(word);
  }

  private add(word: string): void {
    if (this.words.has(word)) return;
    this.words.add(word);
    if (word.length >= 4) for (const d of deletions(word)) this.push(this.byDeletion, d, word);
    if (word.length >= 4) this.push(this.byPrefix, word.slice(0, Math.min(PREFIX_KEY, word.length)), word);
    if (this.compounds && word.length >= 9) {
      for (let k = 4; k <= word.length - 5; k++) this.push(this.byTail, word.slice(k), word);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  get size(): number {
    return this.words.size;
  }

  /** Vocabulary words that probably mean the same as `token`, best first per word. */
  relatives(token: string): Relative[] {
    const found = new Map<string, Relative>();
    const offer = (word: string, similarity: number, how: Relative['how']): void => {
      const seen = found.get(word);
      if (!seen || seen.similarity < similarity) found.set(word, { word, similarity, how });
    };
    if (this.words.has(token)) offer(token, 1, 'exact');
    if (token.length >= 4) {
      // One typo: insertion, deletion, substitution or swap of neighbours.
      const candidates = new Set<string>(this.byDeletion.get(token) ?? []);
      for (const d of deletions(token)) {
        if (this.words.has(d)) candidates.add(d);
        for (const w of this.byDeletion.get(d) ?? []) candidates.add(w);
      }
      for (const w of candidates) {
        if (w !== token && editDistance(token, w, 1) <= 1) offer(w, token.length >= 6 ? 0.85 : 0.75, 'typo');
      }
      // Same beginning: inflected forms in languages without a stemmer (tr, pl, ro, bg, uk, ar …).
      for (const w of this.byPrefix.get(token.slice(0, Math.min(PREFIX_KEY, token.length))) ?? []) {
        if (w === token) continue;
        const shared = commonPrefix(token, w);
        const longer = Math.max(token.length, w.length);
        if (shared >= 4 && shared >= longer - 4) offer(w, 0.55 + 0.35 * (shared / longer), 'prefix');
      }
    }
    if (this.compounds && token.length >= 9) {
      // "mietschulden" → "schulden": the head of a German compound carries its meaning.
      for (let k = 4; k <= token.length - 5; k++) {
        const tail = token.slice(k);
        if (this.words.has(tail)) offer(tail, 0.7, 'compound');
      }
    }
    if (this.compounds && token.length >= 5) {
      // The reverse: the message says "antrag", the examples "weiterbewilligungsantrag".
      for (const w of this.byTail.get(token) ?? []) offer(w, 0.6, 'compound');
    }
    return [...found.values()];
  }
}
