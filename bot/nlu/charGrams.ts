/**
 * Character trigram vectors (TF-IDF, cosine) over the words of a text. They see what whole-word
 * features miss — a typo in a long word, a dialect spelling, an inflection no stemmer knows —
 * and serve as one more opinion on how close a message is to an example.
 */

export interface GramVector {
  ids: Int32Array;
  weights: Float64Array;
}

const N = 3;

function gramsOf(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) {
    const padded = ` ${w} `;
    for (let i = 0; i + N <= padded.length; i++) {
      const g = padded.slice(i, i + N);
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
  }
  return counts;
}

export class CharGrams {
  private readonly ids = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);
  private maxIdf = 1;

  /** Learn the grams and their rarity from the training texts (each a list of words). */
  fit(texts: ReadonlyArray<readonly string[]>): void {
    const df = new Map<number, number>();
    for (const words of texts) {
      for (const g of gramsOf(words).keys()) {
        let id = this.ids.get(g);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(g, id);
        }
        df.set(id, (df.get(id) ?? 0) + 1);
      }
    }
    this.idf = new Float64Array(this.ids.size);
    for (const [id, n] of df) this.idf[id] = Math.log(1 + texts.length / n);
    this.maxIdf = Math.log(1 + texts.length);
  }

  /** Normalised TF-IDF vector; grams never seen in training count in the length (they make a text less like any example). */
  vector(words: readonly string[]): { known: Map<number, number>; norm: number } {
    const known = new Map<number, number>();
    let norm = 0;
    for (const [g, tf] of gramsOf(words)) {
      const id = this.ids.get(g);
      const w = tf * (id === undefined ? this.maxIdf : (this.idf[id] as number));
      norm += w * w;
      if (id !== undefined) known.set(id, w);
    }
    return { known, norm: Math.sqrt(norm) };
  }

  /** A training text's vector in compact form. */
  compact(words: readonly string[]): GramVector {
    const { known, norm } = this.vector(words);
    const ids = Int32Array.from(known.keys());
    const weights = Float64Array.from(ids, (id) => (known.get(id) as number) / (norm || 1));
    return { ids, weights };
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
