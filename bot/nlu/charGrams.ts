/**
 * Character trigram vectors (TF-IDF, cosine) over the words of a text. They see what whole-word
 * features miss — a typo in a long word, a dialect spelling, an inflection no stemmer knows —
 * and serve as one more opinion on how close a message is to an example. Trigrams are packed
 * into one number each (three UTF-16 code units), so no strings are made per gram.
 */

export interface GramVector {
  ids: Float64Array;
  weights: Float64Array;
}

type Counts = Map<number, number>;

function gramsOf(words: readonly string[]): Counts {
  const counts: Counts = new Map();
  for (const w of words) {
    // Padded with spaces so word beginnings and ends are grams of their own.
    let a = 32;
    let b = w.charCodeAt(0);
    for (let i = 1; i <= w.length; i++) {
      const c = i < w.length ? w.charCodeAt(i) : 32;
      const g = a * 4294967296 + b * 65536 + c;
      counts.set(g, (counts.get(g) ?? 0) + 1);
      a = b;
      b = c;
    }
    if (w.length === 1) {
      const g = b * 4294967296 + 32 * 65536 + 32;
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
  }
  return counts;
}

export class CharGrams {
  private readonly idf = new Map<number, number>();
  private maxIdf = 1;

  /**
   * Learn the grams' rarity from the training texts (each a list of words) and return each text's
   * compact vector.
   */
  fit(texts: ReadonlyArray<readonly string[]>): GramVector[] {
    const counted = texts.map(gramsOf);
    const df = new Map<number, number>();
    for (const counts of counted) for (const g of counts.keys()) df.set(g, (df.get(g) ?? 0) + 1);
    for (const [g, n] of df) this.idf.set(g, Math.log(1 + texts.length / n));
    this.maxIdf = Math.log(1 + texts.length);
    return counted.map((counts) => {
      const ids = new Float64Array(counts.size);
      const weights = new Float64Array(counts.size);
      let norm = 0;
      let k = 0;
      for (const [g, tf] of counts) {
        const w = tf * (this.idf.get(g) as number);
        ids[k] = g;
        weights[k++] = w;
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / norm;
      return { ids, weights };
    });
  }

  /** Query vector; grams never seen in training count in the length (they make a text less like any example). */
  vector(words: readonly string[]): { known: Map<number, number>; norm: number } {
    const known = new Map<number, number>();
    let norm = 0;
    for (const [g, tf] of gramsOf(words)) {
      const idf = this.idf.get(g);
      const w = tf * (idf ?? this.maxIdf);
      norm += w * w;
      if (idf !== undefined) known.set(g, w);
    }
    return { known, norm: Math.sqrt(norm) };
  }

  static cosine(query: { known: Map<number, number>; norm: number }, example: GramVector): number {
    if (query.norm === 0) return 0;
    let dot = 0;
    for (let i = 0; i < example.ids.length; i++) {
      const q = query.known.get(example.ids[i] as number);
      if (q !== undefined) dot += q * (example.weights[i] as number);
    }
    return dot / query.norm;
  }
}
