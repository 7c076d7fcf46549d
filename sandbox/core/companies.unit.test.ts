import { describe, expect, it } from "vitest";
import { generateCompanies, hardNegativeName, nameVariant } from "./companies";
import { corporateNumberCheckDigit, isValidCorporateNumber, makeCorporateNumber } from "./corporate-number";
import { createRng } from "./rng";

describe("corporate number check digit", () => {
  it("matches the NTA's own number 7000012050002", () => {
    expect(corporateNumberCheckDigit("000012050002")).toBe(7);
    expect(isValidCorporateNumber("7000012050002")).toBe(true);
    expect(isValidCorporateNumber("8000012050002")).toBe(false);
    expect(makeCorporateNumber("000012050002")).toBe("7000012050002");
  });
});

describe("createRng", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    expect(createRng(1).fork("x").next()).toBe(createRng(1).fork("x").next());
  });
});

describe("generateCompanies", () => {
  const list = generateCompanies(42, 2000);
  it("is deterministic and prefix-stable", () => {
    expect(generateCompanies(42, 2000)).toEqual(list);
    expect(generateCompanies(42, 300)).toEqual(list.slice(0, 300));
    expect(generateCompanies(7, 50)).not.toEqual(list.slice(0, 50));
  });
  it("gives unique names with legal forms, valid 法人番号 for ~80 %", () => {
    expect(new Set(list.map((c) => c.name)).size).toBe(list.length);
    expect(new Set(list.map((c) => c.domain)).size).toBe(list.length);
    for (const c of list) {
      expect(c.name).toMatch(/株式会社|合同会社|有限会社|合資会社/);
      if (c.corporateNumber) expect(isValidCorporateNumber(c.corporateNumber)).toBe(true);
    }
    const withNumber = list.filter((c) => c.corporateNumber).length / list.length;
    expect(withNumber).toBeGreaterThan(0.75);
    expect(withNumber).toBeLessThan(0.85);
    expect(list.some((c) => c.name.startsWith("株式会社"))).toBe(true);
    expect(list.some((c) => c.name.endsWith("株式会社"))).toBe(true);
  });
  it("scales to 20,000 unique names quickly", () => {
    const t = performance.now();
    const big = generateCompanies(1, 20_000);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(new Set(big.map((c) => c.name)).size).toBe(20_000);
  });
});

describe("nameVariant", () => {
  it("always differs and produces the documented variant kinds", () => {
    const rng = createRng(5);
    const seen = new Set<string>();
    for (const c of generateCompanies(3, 400)) {
      const v = nameVariant(rng, c.name);
      expect(v).not.toBe(c.name);
      if (v.includes("㈱") || v.includes("(株)") || v.includes("（株）")) seen.add("abbrev");
      if (v.includes("　") || v.includes(" ")) seen.add("space");
      if (/[Ａ-Ｚ０-９]/.test(v)) seen.add("fullwidth");
      if (v.includes("(有)") || v.includes("㈲") || v.includes("（有）")) seen.add("yugen");
      if (c.name.startsWith("株式会社") && v.endsWith("株式会社")) seen.add("swap");
    }
    expect([...seen].sort()).toEqual(["abbrev", "fullwidth", "space", "swap", "yugen"]);
  });
  it("hard negatives contain the original core name", () => {
    expect(hardNegativeName("東京商事株式会社")).toBe("東京商事サービス株式会社");
    expect(hardNegativeName("株式会社東京商事")).toBe("株式会社東京商事サービス");
  });
});
