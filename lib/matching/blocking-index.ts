import type { NormalizedCompanyName } from "./normalize-company-name";

/**
 * Candidate generation without comparing all pairs: an exact map of corporate numbers, and an inverted index of the
 * character bigrams of the kana key (normalize-company-name.ts). For a query, one pass over the posting lists of its
 * bigrams counts the overlap with every partner sharing at least one bigram, which gives each of them its exact Dice
 * coefficient — so no partner at or above `minDice` is missed (an equal kana key means Dice 1), and partners sharing
 * no bigram are never touched.
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

export class BlockingIndex {
  private readonly byNumber = new Map<string, number[]>();
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
      if (core !== "") {
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
   * Calls `visit` once for every entry whose kana-key bigram Dice with the query is at least `minDice` (0 < minDice ≤ 1),
   * which includes every entry with the same kana key (Dice 1). A callback rather than an array of objects: this runs
   * for every CRM company.
   */
  forEachCandidate(name: NormalizedCompanyName, minDice: number, visit: (index: number, dice: number) => void): void {
    if (name.core === "") return;
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
    for (const i of touched) {
      const dice = (2 * this.overlap[i]!) / (grams.length + this.gramCounts[i]!);
      this.overlap[i] = 0;
      if (dice >= minDice) visit(i, dice);
    }
  }

  /** The same as forEachCandidate, collected. */
  candidates(name: NormalizedCompanyName, minDice: number): BlockingCandidate[] {
    const out: BlockingCandidate[] = [];
    this.forEachCandidate(name, minDice, (index, dice) => out.push({ index, dice }));
    return out;
  }
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
