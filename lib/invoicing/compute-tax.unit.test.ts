import { describe, expect, it } from "vitest";

import {
  computeLineAmount,
  computeTax,
  DecimalPrecisionError,
  divideAndRound,
  parseDecimal,
  type Rounding,
  type TaxableAmount,
} from "./compute-tax";

const lines = (...pairs: [amount: number, taxRate: number][]): TaxableAmount[] =>
  pairs.map(([amount, taxRate]) => ({ amount, taxRate }));

describe("computeTax: once per rate per invoice", () => {
  it("three ¥105 lines at 10 % with 切り捨て give ¥31, not the per-line ¥30", () => {
    const result = computeTax({ amounts: lines([105, 10], [105, 10], [105, 10]), taxEntry: "exclusive", rounding: "floor" });
    expect(result.tax).toBe(31);
    expect(result.subtotal).toBe(315);
    expect(result.total).toBe(346);
    expect(result.taxSummary).toEqual([{ rate: 10, reducedRate: false, subtotal: 315, tax: 31, total: 346, lineCount: 3 }]);
  });

  it("three ¥99 reduced-rate lines at 8 % with 切り捨て give ¥23, not the per-line ¥21", () => {
    const result = computeTax({ amounts: lines([99, 8], [99, 8], [99, 8]), taxEntry: "exclusive", rounding: "floor" });
    expect(result.tax).toBe(23);
    expect(result.taxSummary[0]).toMatchObject({ rate: 8, reducedRate: true, subtotal: 297, tax: 23, total: 320 });
  });

  it.each<[Rounding, number]>([
    ["floor", 10],
    ["round", 11],
    ["ceil", 11],
  ])("税抜 ¥105 at 10 %% (10.5) with %s → %i", (rounding, tax) => {
    expect(computeTax({ amounts: lines([105, 10]), taxEntry: "exclusive", rounding }).tax).toBe(tax);
  });

  it.each<[Rounding, number]>([
    ["floor", 31],
    ["round", 32],
    ["ceil", 32],
  ])("税抜 ¥315 at 10 %% with %s → %i", (rounding, tax) => {
    expect(computeTax({ amounts: lines([315, 10]), taxEntry: "exclusive", rounding }).tax).toBe(tax);
  });

  it("round is half-up and not fooled by .4", () => {
    // 1,105 × 8 % = 88.4 → 88 ; 1,106 × 8 % = 88.48 → 88 ; 1,107 × 8 % = 88.56 → 89
    expect(computeTax({ amounts: lines([1105, 8]), taxEntry: "exclusive", rounding: "round" }).tax).toBe(88);
    expect(computeTax({ amounts: lines([1106, 8]), taxEntry: "exclusive", rounding: "round" }).tax).toBe(88);
    expect(computeTax({ amounts: lines([1107, 8]), taxEntry: "exclusive", rounding: "round" }).tax).toBe(89);
  });

  it("exact products never round up under 切り上げ (float would make ¥100 × 1.1 = 110.00000000000001)", () => {
    expect(computeTax({ amounts: lines([100, 10]), taxEntry: "exclusive", rounding: "ceil" }).tax).toBe(10);
    expect(computeTax({ amounts: lines([50, 10]), taxEntry: "exclusive", rounding: "ceil" }).tax).toBe(5);
    expect(computeTax({ amounts: lines([1100, 10]), taxEntry: "inclusive", rounding: "ceil" }).tax).toBe(100);
  });

  it("several rates: one row each, highest first, rounded separately", () => {
    const amounts = lines([1234, 10], [333, 8], [5678, 10], [777, 8], [5000, 0]);
    const floor = computeTax({ amounts, taxEntry: "exclusive", rounding: "floor" });
    expect(floor.taxSummary.map((r) => [r.rate, r.subtotal, r.tax, r.total])).toEqual([
      [10, 6912, 691, 7603],
      [8, 1110, 88, 1198],
      [0, 5000, 0, 5000],
    ]);
    expect([floor.subtotal, floor.tax, floor.total]).toEqual([13022, 779, 13801]);
    const ceil = computeTax({ amounts, taxEntry: "exclusive", rounding: "ceil" });
    expect(ceil.taxSummary.map((r) => r.tax)).toEqual([692, 89, 0]);
    const round = computeTax({ amounts, taxEntry: "exclusive", rounding: "round" });
    expect(round.taxSummary.map((r) => r.tax)).toEqual([691, 89, 0]);
    expect(round.tax).toBe(780);
  });
});

describe("computeTax: 税込 (inclusive) entry", () => {
  it("extracts tax as sum × r/(100+r) once per rate; subtotal = sum − tax", () => {
    const result = computeTax({ amounts: lines([1100, 10], [1100, 10], [1100, 10]), taxEntry: "inclusive", rounding: "floor" });
    expect(result.taxSummary).toEqual([{ rate: 10, reducedRate: false, subtotal: 3000, tax: 300, total: 3300, lineCount: 3 }]);
  });

  it.each<[Rounding, number, number]>([
    ["floor", 90, 910],
    ["round", 91, 909],
    ["ceil", 91, 909],
  ])("¥1,000 tax-included at 10 %% (90.909…) with %s → tax %i, subtotal %i", (rounding, tax, subtotal) => {
    const result = computeTax({ amounts: lines([1000, 10]), taxEntry: "inclusive", rounding });
    expect([result.tax, result.subtotal, result.total]).toEqual([tax, subtotal, 1000]);
  });

  it.each<[Rounding, number]>([
    ["floor", 74],
    ["round", 74],
    ["ceil", 75],
  ])("¥1,000 tax-included at 8 %% (74.07…) with %s → %i", (rounding, tax) => {
    expect(computeTax({ amounts: lines([1000, 8]), taxEntry: "inclusive", rounding }).tax).toBe(tax);
  });

  it("per-rate inclusive extraction differs from per-line extraction", () => {
    // per line: floor(105 × 10/110) = 9, three times = 27; per invoice: floor(315 × 10/110) = floor(28.63) = 28
    const result = computeTax({ amounts: lines([105, 10], [105, 10], [105, 10]), taxEntry: "inclusive", rounding: "floor" });
    expect(result.tax).toBe(28);
    expect(result.subtotal).toBe(287);
    expect(result.total).toBe(315);
  });

  it("mixed rates with a non-taxable line", () => {
    const result = computeTax({ amounts: lines([10800, 8], [22000, 10], [3000, 0]), taxEntry: "inclusive", rounding: "floor" });
    expect(result.taxSummary.map((r) => [r.rate, r.subtotal, r.tax])).toEqual([
      [10, 20000, 2000],
      [8, 10000, 800],
      [0, 3000, 0],
    ]);
    expect(result.total).toBe(35800);
  });
});

describe("computeTax: edges", () => {
  it("handles discounts (negative lines) inside a rate", () => {
    const result = computeTax({ amounts: lines([10000, 10], [-1000, 10]), taxEntry: "exclusive", rounding: "floor" });
    expect(result.tax).toBe(900);
    expect(result.total).toBe(9900);
  });

  it("rounds negative sums symmetrically (切り捨て goes toward zero)", () => {
    expect(computeTax({ amounts: lines([-315, 10]), taxEntry: "exclusive", rounding: "floor" }).tax).toBe(-31);
    expect(computeTax({ amounts: lines([-315, 10]), taxEntry: "exclusive", rounding: "ceil" }).tax).toBe(-32);
  });

  it("returns zeros for no lines and keeps large amounts exact", () => {
    expect(computeTax({ amounts: [], taxEntry: "exclusive", rounding: "floor" })).toMatchObject({ taxSummary: [], subtotal: 0, tax: 0, total: 0 });
    const big = computeTax({ amounts: lines([1_000_000_000_005, 10]), taxEntry: "exclusive", rounding: "round" });
    expect(big.tax).toBe(100_000_000_001); // 100,000,000,000.5 → half-up
  });

  it("rejects fractional yen and impossible rates", () => {
    expect(() => computeTax({ amounts: lines([100.5, 10]), taxEntry: "exclusive", rounding: "floor" })).toThrow(RangeError);
    expect(() => computeTax({ amounts: lines([100, 7.5]), taxEntry: "exclusive", rounding: "floor" })).toThrow(RangeError);
    expect(() => computeTax({ amounts: lines([100, -10]), taxEntry: "exclusive", rounding: "floor" })).toThrow(RangeError);
  });
});

describe("divideAndRound", () => {
  it("rounds integers exactly", () => {
    expect(divideAndRound(315n, 10n, "floor")).toBe(31n);
    expect(divideAndRound(315n, 10n, "round")).toBe(32n);
    expect(divideAndRound(314n, 10n, "round")).toBe(31n);
    expect(divideAndRound(310n, 10n, "ceil")).toBe(31n);
    expect(divideAndRound(311n, 10n, "ceil")).toBe(32n);
    expect(divideAndRound(-315n, 10n, "round")).toBe(-32n);
    expect(() => divideAndRound(1n, 0n, "floor")).toThrow(RangeError);
  });
});

describe("computeLineAmount: quantity × unit price, rounded to yen", () => {
  it("keeps whole-number lines exact", () => {
    expect(computeLineAmount(3, 105, "floor")).toBe(315);
    expect(computeLineAmount(12, 98000, "ceil")).toBe(1176000);
  });

  it.each<[Rounding, number]>([
    ["floor", 4999],
    ["round", 5000],
    ["ceil", 5000],
  ])("1.5 h × ¥3,333 = 4,999.5 with %s → %i", (rounding, amount) => {
    expect(computeLineAmount(1.5, 3333, rounding)).toBe(amount);
  });

  it("supports three decimals of quantity and two of unit price", () => {
    expect(computeLineAmount(0.333, 1000, "floor")).toBe(333);
    expect(computeLineAmount("1.500", 1000, "floor")).toBe(1500);
    expect(computeLineAmount(3, 2.75, "floor")).toBe(8);
    expect(computeLineAmount(3, 2.75, "ceil")).toBe(9);
    expect(computeLineAmount(1.1, 3, "ceil")).toBe(4); // 3.3 exactly, float would give 3.3000000000000003
    expect(computeLineAmount(1, -5000, "floor")).toBe(-5000);
    expect(computeLineAmount(-1.5, 3, "floor")).toBe(-4);
  });

  it("refuses values with more precision than supported instead of rounding binary noise", () => {
    expect(() => computeLineAmount(0.1 + 0.2, 100, "floor")).toThrow(DecimalPrecisionError);
    expect(() => computeLineAmount(1.0005, 100, "floor")).toThrow(DecimalPrecisionError);
    expect(() => computeLineAmount(1, 0.001, "floor")).toThrow(DecimalPrecisionError);
    expect(() => computeLineAmount(1e-7, 100, "floor")).toThrow(DecimalPrecisionError);
    expect(() => computeLineAmount("abc", 100, "floor")).toThrow(DecimalPrecisionError);
    expect(() => computeLineAmount(Number.NaN, 100, "floor")).toThrow(DecimalPrecisionError);
  });

  it("parses decimals into exact mantissas", () => {
    expect(parseDecimal(1.5, 3)).toEqual({ mantissa: 15n, decimals: 1 });
    expect(parseDecimal("-0.125", 3)).toEqual({ mantissa: -125n, decimals: 3 });
    expect(parseDecimal("2.50", 2)).toEqual({ mantissa: 25n, decimals: 1 });
  });
});
