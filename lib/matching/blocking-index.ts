import type { NormalizedCompanyName } from "./normalize-company-name";

/**
 * Candidate generation without comparing all pairs: exact-key maps (corporate number, kana key) plus
 * an inverted index of character bigrams of the kana key. For a query, the bigram overlap with every partner sharing
 * at least one bigram is counted in one pass over the posting lists, which gives the exact Dice coefficient for each
 * of them — so no partner at or above `minDice` is missed, and partners sharing nothing are never touched.
 */

export type IndexedEntry = {
  name: NormalizedCompanyName;
  /** 13-digit 法人番号 (from the registration number), or null. */
  corporateNumber: string | null;
};

export type BlockingCandidate = { index: number; dice: number };

// Start/end markers make one-character names indexable and give typos at the edges a chance.
const START = "\u0002";
const END = "\u0003";

/** Distinct padded character bigrams of a key ("東京" → ␂東, 東京, 京␃). Empty for an empty key. */
export function bigramsOf(key: string): string[] {
  if (key === "") return [];
  const chars = [START, ...Array.from(key), END];
  const grams = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** Sørensen–Dice coefficient of two bigram sets. */
export function bigramDice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let shared = 0;
  for (const gram of b) if (set.has(gram)) shared++;
  return (2 * shared) / (a.length + b.length);
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class BlockingIndex {
  private readonly byNumber = new Map<string, number[]>();
  private readonly byKana = new Map<string, number[]>();
  private readonly gramIds = new Map<string, number>();
  private readonly postings: number[][] = [];
  private readonly gramCounts: Int32Array;
  private readonly overlap: Int32Array;

  constructor(private readonly entries: readonly IndexedEntry[]) {
    this.gramCounts = new Int32Array(entries.length);
    this.overlap = new Int32Array(entries.length);
    entries.forEach((entry, i) => {
      if (entry.corporateNumber) pushTo(this.byNumber, entry.corporateNumber, i);
      const { core, kanaKey } = entry.name;
      if (core === "") return;
      pushTo(this.byKana, kanaKey, i);
      const grams = bigramsOf(kanaKey);
      this.gramCounts[i] = grams.length;
      for (const gram of grams) {
        let id = this.gramIds.get(gram);
        if (id === undefined) {
          id = this.postings.length;
          this.gramIds.set(gram, id);
          this.postings.push([]);
        }
        this.postings[id]!.push(i);
      }
    });
  }

  get size(): number {
    return this.entries.length;
  }

  entry(index: number): IndexedEntry {
    return this.entries[index]!;
  }

  /** Entries carrying this 13-digit number. */
  withNumber(corporateNumber: string): readonly number[] {
    return this.byNumber.get(corporateNumber) ?? [];
  }

  /**
   * Every entry with the same kana key (hence the same core and loose key too, when those are equal), plus every entry whose kana-key bigram Dice with the query is
   * at least `minDice`. Each index appears once, with its Dice.
   */
  candidates(name: NormalizedCompanyName, minDice: number): BlockingCandidate[] {
    if (name.core === "") return [];
    const grams = bigramsOf(name.kanaKey);
    const touched: number[] = [];
    for (const gram of grams) {
      const id = this.gramIds.get(gram);
      if (id === undefined) continue;
      for (const i of this.postings[id]!) {
        if (this.overlap[i] === 0) touched.push(i);
        this.overlap[i]!++;
      }
    }
    const out: BlockingCandidate[] = [];
    const seen = new Set<number>();
    for (const i of touched) {
      const dice = (2 * this.overlap[i]!) / (grams.length + this.gramCounts[i]!);
      this.overlap[i] = 0;
      if (dice >= minDice) {
        out.push({ index: i, dice });
        seen.add(i);
      }
    }
    // An equal kana key means equal bigrams (Dice 1), so this only guards the invariant against a future minDice > 1
    // or a change of the bigram scheme: same-key entries must always be candidates.
    for (const i of this.byKana.get(name.kanaKey) ?? []) {
      if (!seen.has(i)) out.push({ index: i, dice: 1 });
    }
    return out;
  }
}
