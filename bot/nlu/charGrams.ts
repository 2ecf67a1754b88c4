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

/** Gram counts of one text, compact. */
export interface GramCounts {
  ids: Float64Array;
  tf: Float64Array;
}

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

  private readonly df = new Map<number, number>();
  private texts = 0;

  /** Count a training text's grams (and note them for rarity); weigh() turns the counts into a vector once all are in. */
  add(words: readonly string[]): GramCounts {
    const counts = gramsOf(words);
    const ids = new Float64Array(counts.size);
    const tf = new Float64Array(counts.size);
    let k = 0;
    for (const [g, n] of counts) {
      ids[k] = g;
      tf[k++] = n;
      this.df.set(g, (this.df.get(g) ?? 0) + 1);
    }
    this.texts++;
    return { ids, tf };
  }

  /** After the last add(): fix the grams' rarity. */
  finish(): void {
    for (const [g, n] of this.df) this.idf.set(g, Math.log(1 + this.texts / n));
    this.df.clear();
    this.maxIdf = Math.log(1 + this.texts);
  }

  /** A training text's normalised TF-IDF vector. */
  weigh(counts: GramCounts): GramVector {
    const weights = new Float64Array(counts.ids.length);
    let norm = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = (counts.tf[i] as number) * (this.idf.get(counts.ids[i] as number) ?? this.maxIdf);
      weights[i] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / norm;
    return { ids: counts.ids, weights };
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
