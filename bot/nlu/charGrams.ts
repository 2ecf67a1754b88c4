/**
 * Character trigram vectors (TF-IDF, cosine) over the words of a text. They see what whole-word
 * features miss — a typo in a long word, a dialect spelling, an inflection no stemmer knows —
 * and serve as one more opinion on how close a message is to an example.
 *
 * Trigrams are hashed into one small integer each (30 bits: V8 keeps them unboxed, and with a few
 * ten thousand distinct grams a collision is a one-in-thousands event that only merges two grams)
 * and vectors keep their grams sorted, so a cosine is a merge of two sorted arrays: no strings,
 * no hash maps per message.
 */

export interface GramVector {
  /** Hashed grams, ascending. */
  ids: Int32Array;
  /** Normalised weights, aligned with ids. */
  weights: Float64Array;
}

/** Gram counts of one text, ids ascending. */
export interface GramCounts {
  ids: Int32Array;
  tf: Float64Array;
}

function gram(a: number, b: number, c: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c + 0x165667b1, 0xc2b2ae3d)) & 0x3fffffff;
}

import { IntTable } from './intTable';

/** Longest query considered, in grams (a message is cut at 1,200 characters before this). */
const MAX_QUERY_GRAMS = 4096;

/** Write the packed grams of the words into `out`; returns how many. */
function packGrams(words: readonly string[], out: Int32Array): number {
  let n = 0;
  for (const w of words) {
    // Padded with spaces so word beginnings and ends are grams of their own.
    let a = 32;
    let b = w.charCodeAt(0);
    for (let i = 1; i <= w.length && n < out.length; i++) {
      const c = i < w.length ? w.charCodeAt(i) : 32;
      out[n++] = gram(a, b, c);
      a = b;
      b = c;
    }
    if (w.length === 1 && n < out.length) out[n++] = gram(b, 32, 32);
  }
  return n;
}

/** Sorted unique grams with their counts, from a scratch buffer holding `n` grams. */
function countSorted(buffer: Int32Array, n: number, ids: Int32Array, tf: Float64Array): number {
  const grams = buffer.subarray(0, n).sort();
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && ids[m - 1] === grams[i]) tf[m - 1] = (tf[m - 1] as number) + 1;
    else {
      ids[m] = grams[i] as number;
      tf[m++] = 1;
    }
  }
  return m;
}

export class CharGrams {
  /** Document frequency while building, then inverse document frequency. */
  private readonly table = new IntTable();
  private maxIdf = 1;
  private texts = 0;
  private readonly buffer = new Int32Array(MAX_QUERY_GRAMS);
  private readonly queryIds = new Int32Array(MAX_QUERY_GRAMS);
  private readonly queryWeights = new Float64Array(MAX_QUERY_GRAMS);

  /** Count a training text's grams (and note them for rarity); weigh() turns the counts into a vector once all are in. */
  add(words: readonly string[]): GramCounts {
    const n = packGrams(words, this.buffer);
    const m = countSorted(this.buffer, n, this.queryIds, this.queryWeights);
    for (let i = 0; i < m; i++) this.table.add(this.queryIds[i] as number, 1);
    this.texts++;
    return { ids: this.queryIds.slice(0, m), tf: this.queryWeights.slice(0, m) };
  }

  /** After the last add(): fix the grams' rarity. */
  finish(): void {
    this.table.map((_g, n) => Math.log(1 + this.texts / n));
    this.maxIdf = Math.log(1 + this.texts);
  }

  /** A training text's normalised TF-IDF vector (made in place of the counts, which are used up). */
  weigh(counts: GramCounts): GramVector {
    const weights = counts.tf;
    let norm = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = (counts.tf[i] as number) * (this.table.get(counts.ids[i] as number) ?? this.maxIdf);
      weights[i] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / norm;
    return { ids: counts.ids, weights };
  }

  /**
   * The message's vector in this object's scratch space (valid until the next call). Grams never
   * seen in training count in the length: they make a text less like any example.
   */
  query(words: readonly string[]): QueryVector {
    const n = packGrams(words, this.buffer);
    const m = countSorted(this.buffer, n, this.queryIds, this.queryWeights);
    let norm = 0;
    for (let i = 0; i < m; i++) {
      const idf = this.table.get(this.queryIds[i] as number);
      const w = (this.queryWeights[i] as number) * (idf ?? this.maxIdf);
      norm += w * w;
      // Unknown grams can never meet an example: weight 0 after counting them in the norm.
      this.queryWeights[i] = idf === undefined ? 0 : w;
    }
    return { ids: this.queryIds, weights: this.queryWeights, length: m, norm: Math.sqrt(norm) };
  }

  /** Cosine of a query and an example: a merge of two sorted gram lists. */
  static cosine(query: QueryVector, example: GramVector): number {
    if (query.norm === 0) return 0;
    let dot = 0;
    let i = 0;
    let j = 0;
    const a = query.ids;
    const b = example.ids;
    while (i < query.length && j < b.length) {
      const x = a[i] as number;
      const y = b[j] as number;
      if (x === y) {
        dot += (query.weights[i] as number) * (example.weights[j] as number);
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
    return dot / query.norm;
  }
}

export interface QueryVector {
  ids: Int32Array;
  weights: Float64Array;
  length: number;
  norm: number;
}
