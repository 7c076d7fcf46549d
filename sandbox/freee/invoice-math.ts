/**
 * freee請求書 totals. The IV schema gives the fields (per-rate including/excluding/tax amounts, line
 * `amount_excluding_tax`) and the rounding enums but not the arithmetic; this follows the invoice-system rule
 * (適格請求書: consumption tax is computed once per rate on the rate's total, not per line) with
 * `tax_fraction` omit = 切り捨て, round_up = 切り上げ, round = 四捨五入, and `line_amount_fraction` applied to each
 * quantity × unit_price.
 */
import type { InvoiceLine, InvoiceRecord } from "./store";

export type Fraction = "omit" | "round_up" | "round";

export function applyFraction(value: number, mode: Fraction | null): number {
  // Work in thousandths first so 0.1 + 0.2 style float noise does not flip a rounding.
  const v = Math.round(value * 1000) / 1000;
  if (mode === "round_up") return v >= 0 ? Math.ceil(v) : -Math.ceil(-v);
  if (mode === "round") return v >= 0 ? Math.round(v) : -Math.round(-v);
  return v >= 0 ? Math.floor(v) : -Math.floor(-v);
}

type RateKey = "10" | "8" | "8_reduced" | "0";

export function rateKey(line: Pick<InvoiceLine, "tax_rate" | "reduced_tax_rate">): RateKey {
  if (line.tax_rate === 10) return "10";
  if (line.tax_rate === 8) return line.reduced_tax_rate ? "8_reduced" : "8";
  return "0";
}

export type InvoiceTotals = {
  total_amount: number;
  amount_including_tax: number;
  amount_excluding_tax: number;
  amount_tax: number;
  amount_withholding_tax: number;
  per_rate: Record<RateKey, { including: number; excluding: number; tax: number } | null>;
  line_amounts: Map<number, number>;
};

export function lineGross(line: InvoiceLine, fraction: Fraction | null): number {
  if (line.type !== "item" || line.quantity === null || line.unit_price === null) return 0;
  return applyFraction(line.quantity * Number(line.unit_price), fraction ?? "omit");
}

export function computeTotals(inv: Pick<InvoiceRecord, "lines" | "tax_entry_method" | "tax_fraction" | "line_amount_fraction" | "include_amount_brought_forward" | "amount_brought_forward">): InvoiceTotals {
  const sums: Record<RateKey, number> = { "10": 0, "8": 0, "8_reduced": 0, "0": 0 };
  const used = new Set<RateKey>();
  const lineAmounts = new Map<number, number>();
  for (const line of inv.lines) {
    if (line.type !== "item") continue;
    const gross = lineGross(line, inv.line_amount_fraction);
    const k = rateKey(line);
    sums[k] += gross;
    used.add(k);
    lineAmounts.set(line.id, gross);
  }
  const perRate: InvoiceTotals["per_rate"] = { "10": null, "8": null, "8_reduced": null, "0": null };
  let incl = 0;
  let excl = 0;
  let tax = 0;
  for (const k of used) {
    const rate = k === "10" ? 10 : k === "0" ? 0 : 8;
    const base = sums[k];
    let t: number;
    let e: number;
    let i: number;
    if (inv.tax_entry_method === "out") {
      t = applyFraction((base * rate) / 100, inv.tax_fraction);
      e = base;
      i = base + t;
    } else {
      t = applyFraction((base * rate) / (100 + rate), inv.tax_fraction);
      i = base;
      e = base - t;
    }
    perRate[k] = { including: i, excluding: e, tax: t };
    incl += i;
    excl += e;
    tax += t;
  }
  // Per-line excluding-tax amount: for 内税 lines the line's share of its rate's tax is taken out proportionally.
  for (const line of inv.lines) {
    const gross = lineAmounts.get(line.id);
    if (gross === undefined) continue;
    if (inv.tax_entry_method === "in") {
      const rate = line.tax_rate ?? 0;
      lineAmounts.set(line.id, applyFraction((gross * 100) / (100 + rate), "round"));
    }
  }
  const brought = inv.include_amount_brought_forward ? (inv.amount_brought_forward ?? 0) : 0;
  return {
    total_amount: incl + brought,
    amount_including_tax: incl,
    amount_excluding_tax: excl,
    amount_tax: tax,
    amount_withholding_tax: 0,
    per_rate: perRate,
    line_amounts: lineAmounts,
  };
}
