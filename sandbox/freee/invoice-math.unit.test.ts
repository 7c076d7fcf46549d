import { describe, expect, it } from "vitest";
import { applyFraction, computeTotals } from "./invoice-math";
import { planPartners } from "./partner-plan";
import type { InvoiceLine } from "./store";

const line = (id: number, quantity: number, unitPrice: string, taxRate: 0 | 8 | 10, reduced = false): InvoiceLine => ({
  id, type: "item", description: "x", sales_date: null, unit: "", quantity, unit_price: unitPrice, tax_rate: taxRate,
  reduced_tax_rate: reduced, withholding: false, amount_excluding_tax: null, account_item_id: null, tax_code: null,
  item_id: null, section_id: null, tag_ids: [], segment_1_tag_id: null, segment_2_tag_id: null, segment_3_tag_id: null,
});

describe("freee請求書 totals", () => {
  it("rounds per tax_fraction", () => {
    expect(applyFraction(259.2, "omit")).toBe(259);
    expect(applyFraction(259.2, "round_up")).toBe(260);
    expect(applyFraction(259.5, "round")).toBe(260);
    expect(applyFraction(-259.2, "omit")).toBe(-259);
  });

  it("computes tax once per rate on the rate's total (税別)", () => {
    // Three 10 % lines of 333 yen: per-line tax would be 33 × 3 = 99; once per rate it is floor(999 × 0.1) = 99.9 → 99.
    // Two 8 % reduced lines of 105 yen: floor(210 × 0.08) = 16 (per line: 8 + 8 = 16).
    const t = computeTotals({
      lines: [line(1, 1, "333", 10), line(2, 1, "333", 10), line(3, 1, "333", 10), line(4, 1, "105", 8, true), line(5, 1, "105", 8, true)],
      tax_entry_method: "out", tax_fraction: "omit", line_amount_fraction: "omit", include_amount_brought_forward: false, amount_brought_forward: null,
    });
    expect(t.per_rate["10"]).toEqual({ including: 1098, excluding: 999, tax: 99 });
    expect(t.per_rate["8_reduced"]).toEqual({ including: 226, excluding: 210, tax: 16 });
    expect(t.per_rate["8"]).toBeNull();
    expect(t.total_amount).toBe(1324);
  });

  it("extracts tax from tax-inclusive amounts (税込)", () => {
    const t = computeTotals({ lines: [line(1, 2, "5500", 10)], tax_entry_method: "in", tax_fraction: "omit", line_amount_fraction: null, include_amount_brought_forward: false, amount_brought_forward: null });
    expect(t).toMatchObject({ amount_including_tax: 11000, amount_tax: 1000, amount_excluding_tax: 10000, total_amount: 11000 });
  });
});

describe("partner plan", () => {
  it("is deterministic and mixes overlap, accounting-only and hard negatives", () => {
    const a = planPartners(42, 100, "freee");
    expect(planPartners(42, 100, "freee")).toEqual(a);
    expect(planPartners(43, 100, "freee")).not.toEqual(a);
    const kinds = new Map<string, number>();
    for (const p of a) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
    expect(kinds.get("overlap")).toBeGreaterThan(45);
    expect(kinds.get("overlap")).toBeLessThan(75);
    expect(kinds.get("accounting_only")).toBe(15);
    expect(kinds.get("hard_negative")).toBeGreaterThanOrEqual(2);
    expect(new Set(a.map((p) => p.name)).size).toBe(a.length);
    for (const p of a.filter((x) => x.kind === "hard_negative")) expect(p.name).not.toBe(p.source.name);
  });
});
