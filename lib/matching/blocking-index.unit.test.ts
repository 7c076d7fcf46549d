import { describe, expect, it } from "vitest";
import { BlockingIndex, bigramDice, bigramsOf } from "./blocking-index";
import { generateSyntheticCompanies } from "./fixtures/synthetic-companies";
import { matchCompanies } from "./match-companies";
import { normalizeCompanyName } from "./normalize-company-name";

describe("bigrams", () => {
  it("pads the key so one-character names are indexable", () => {
    expect(bigramsOf("東京")).toEqual(["\u0002東", "東京", "京\u0003"]);
    expect(bigramsOf("光")).toEqual(["\u0002光", "光\u0003"]);
    expect(bigramsOf("")).toEqual([]);
  });

  it("treats a supplementary-plane kanji as one character", () => {
    expect(bigramsOf("𠮷田")).toEqual(["\u0002𠮷", "𠮷田", "田\u0003"]);
  });

  it("computes the Dice coefficient of two bigram sets", () => {
    expect(bigramDice(bigramsOf("山田製作所"), bigramsOf("山田製作所"))).toBe(1);
    expect(bigramDice(bigramsOf("山田製作所"), bigramsOf("栗田製作所"))).toBeCloseTo((2 * 4) / 12);
    expect(bigramDice(bigramsOf("山田"), [])).toBe(0);
  });
});

describe("BlockingIndex", () => {
  // A brute-force reference: every partner at or above the threshold, computed pair by pair.
  const { crm, partners } = generateSyntheticCompanies(600, 7);
  const partnerNames = partners.map((p) => normalizeCompanyName(p.name));
  const index = new BlockingIndex(partnerNames.map((name) => ({ name, corporateNumber: null })));
  const partnerGrams = partnerNames.map((n) => bigramsOf(n.kanaKey));

  it.each([0.3, 0.5, 0.8])("finds exactly the partners with Dice ≥ %s (no miss, no extra)", (minDice) => {
    let compared = 0;
    for (const company of crm.slice(0, 150)) {
      const name = normalizeCompanyName(company.name);
      const grams = bigramsOf(name.kanaKey);
      const expected = partnerGrams
        .map((g, i) => ({ i, dice: bigramDice(grams, g) }))
        .filter(({ dice }) => dice >= minDice - 1e-12)
        .map(({ i }) => i)
        .sort((a, b) => a - b);
      const found = index.candidates(name, minDice);
      expect(found.map((c) => c.index).sort((a, b) => a - b)).toEqual(expected);
      for (const c of found) expect(c.dice).toBeCloseTo(bigramDice(grams, partnerGrams[c.index]!), 12);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("does not touch partners sharing no bigram", () => {
    const name = normalizeCompanyName("株式会社ゼブラ");
    expect(index.candidates(name, 0.01)).toEqual([]);
  });

  it("indexes corporate numbers exactly", () => {
    const small = new BlockingIndex([
      { name: normalizeCompanyName("A株式会社"), corporateNumber: "7000012050002" },
      { name: normalizeCompanyName("B株式会社"), corporateNumber: null },
      { name: normalizeCompanyName("C株式会社"), corporateNumber: "7000012050002" },
    ]);
    expect(small.withNumber("7000012050002")).toEqual([0, 2]);
    expect(small.withNumber("1180301018771")).toEqual([]);
  });

  it("lets the matcher propose every same-company partner of a synthetic set", () => {
    const set = generateSyntheticCompanies(800, 11);
    const results = new Map(matchCompanies(set.crm, set.partners).map((r) => [r.crmId, r]));
    for (const [partnerId, crmId] of set.truth) {
      const result = results.get(crmId)!;
      expect(result.decision).not.toBe("none");
      expect(result.partnerId).toBe(partnerId);
    }
    for (const result of results.values()) {
      if (result.decision === "auto") expect(set.truth.get(result.partnerId!)).toBe(result.crmId);
    }
  });
});
