/**
 * Consumption tax for one invoice (domain-japan.md §1.2).
 *
 * Tax is computed and rounded ONCE PER RATE PER INVOICE (消費税法施行令70条の10, インボイス通達3-12) — never per line —
 * with the configured rounding (切り捨て / 四捨五入 / 切り上げ) and entry (税抜 / 税込):
 *   税抜 exclusive: tax_r = round(Σ line amounts at r × r/100);           total_r = Σ + tax_r
 *   税込 inclusive: tax_r = round(Σ line amounts at r × r/(100 + r));     subtotal_r = Σ − tax_r
 *
 * All arithmetic is on BigInt integers: 315 × 10 / 100 must be exactly 31.5 → 31, which floating point does not promise
 * (e.g. 1.1 × 3 = 3.3000000000000003). Money is integer yen.
 */

export type TaxEntry = "exclusive" | "inclusive";
export type Rounding = "floor" | "round" | "ceil";

/** 10 % standard, 8 % reduced (軽減税率), 0 % non-taxable / exempt / out of scope. */
export const KNOWN_TAX_RATES = [10, 8, 0] as const;
export const REDUCED_TAX_RATE = 8;
/** Placed on reduced-rate lines, with REDUCED_RATE_LEGEND on the invoice (qualified-invoice item 3). */
export const REDUCED_RATE_MARK = "※";
export const REDUCED_RATE_LEGEND = { ja: "※は軽減税率（8%）対象です。", en: "※ marks reduced-rate (8%) items." } as const;

export const ROUNDING_LABELS: Record<Rounding, { ja: string; en: string }> = {
  floor: { ja: "切り捨て", en: "round down" },
  round: { ja: "四捨五入", en: "round half up" },
  ceil: { ja: "切り上げ", en: "round up" },
};

export const TAX_ENTRY_LABELS: Record<TaxEntry, { ja: string; en: string }> = {
  exclusive: { ja: "税抜", en: "tax-exclusive" },
  inclusive: { ja: "税込", en: "tax-inclusive" },
};

export function isKnownTaxRate(rate: number): boolean {
  return (KNOWN_TAX_RATES as readonly number[]).includes(rate);
}

export function isReducedRate(rate: number): boolean {
  return rate === REDUCED_TAX_RATE;
}

/**
 * numerator / denominator rounded to an integer. Rounding is symmetric around zero (it applies to the magnitude), so a
 * credit of −31.5 rounds like 31.5 with the sign kept: 切り捨て gives −31, not −32. "round" is half-up (四捨五入).
 */
export function divideAndRound(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q: bigint;
  if (rounding === "floor") q = n / denominator;
  else if (rounding === "ceil") q = (n + denominator - 1n) / denominator;
  else q = (2n * n + denominator) / (2n * denominator);
  return negative ? -q : q;
}

export class DecimalPrecisionError extends RangeError {
  override name = "DecimalPrecisionError";
}

/** Most decimals accepted: quantities such as 1.5 hours or 0.125 kg; unit prices such as ¥2.75 per API call. */
export const MAX_QUANTITY_DECIMALS = 3;
export const MAX_UNIT_PRICE_DECIMALS = 2;

/**
 * A decimal as an exact integer mantissa and a number of decimals: 1.5 → {1 5n, 1}. Refuses more decimals than
 * allowed and exponent notation, so binary noise such as 0.30000000000000004 is an error instead of a silent rounding.
 */
export function parseDecimal(value: number | string, maxDecimals: number): { mantissa: bigint; decimals: number } {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new DecimalPrecisionError(`not a plain decimal number: ${JSON.stringify(value)}`);
  const fraction = (m[3] ?? "").replace(/0+$/, "");
  if (fraction.length > maxDecimals) {
    throw new DecimalPrecisionError(`${text} has more than ${maxDecimals} decimal places`);
  }
  const mantissa = BigInt(`${m[2]}${fraction}`);
  return { mantissa: m[1] === "-" ? -mantissa : mantissa, decimals: fraction.length };
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new DecimalPrecisionError(`not a finite number: ${value}`);
  if (Number.isInteger(value)) {
    if (!Number.isSafeInteger(value)) throw new DecimalPrecisionError(`integer too large to be exact: ${value}`);
    return value.toFixed(0);
  }
  return String(value);
}

/** Number of decimal places of a number or numeric string (for validation messages). */
export function hasAtMostDecimals(value: number | string, maxDecimals: number): boolean {
  try {
    parseDecimal(value, maxDecimals);
    return true;
  } catch {
    return false;
  }
}

/**
 * Line amount = quantity × unit price, exact, then rounded to whole yen with `rounding`. Whole-number inputs (the usual
 * case in yen) never round. Amounts are in the invoice's entry basis: tax-included when taxEntry is inclusive.
 */
export function computeLineAmount(quantity: number | string, unitPrice: number | string, rounding: Rounding): number {
  const q = parseDecimal(quantity, MAX_QUANTITY_DECIMALS);
  const p = parseDecimal(unitPrice, MAX_UNIT_PRICE_DECIMALS);
  const scale = 10n ** BigInt(q.decimals + p.decimals);
  return toSafeNumber(divideAndRound(q.mantissa * p.mantissa, scale, rounding));
}

function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount out of range: ${value}`);
  return n;
}

export type TaxableAmount = {
  /** Integer yen in the entry basis: tax-excluded for exclusive entry, tax-included for inclusive. */
  amount: number;
  /** Percent, an integer: 10, 8 or 0. Other integers are computed as given; the checks flag them as unknown. */
  taxRate: number;
};

/** One row of the per-rate table a qualified invoice must show (適用税率ごとの対価の額と消費税額). */
export type TaxRateSummary = {
  rate: number;
  reducedRate: boolean;
  /** Consideration excluding tax (税抜対価). */
  subtotal: number;
  /** Consumption tax for this rate, rounded once. */
  tax: number;
  /** subtotal + tax (税込対価). */
  total: number;
  lineCount: number;
};

export type TaxComputation = {
  taxEntry: TaxEntry;
  rounding: Rounding;
  /** One row per rate present, highest rate first. Rate 0 rows carry tax 0 and are shown separately. */
  taxSummary: TaxRateSummary[];
  /** Σ subtotals, excluding tax. */
  subtotal: number;
  tax: number;
  /** Σ totals, including tax. */
  total: number;
};

export function computeTax(input: { amounts: TaxableAmount[]; taxEntry: TaxEntry; rounding: Rounding }): TaxComputation {
  const { amounts, taxEntry, rounding } = input;
  const byRate = new Map<number, { sum: bigint; count: number }>();
  for (const { amount, taxRate } of amounts) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`line amount must be integer yen, got ${amount}`);
    if (!Number.isInteger(taxRate) || taxRate < 0 || taxRate > 100) {
      throw new RangeError(`tax rate must be an integer percent 0–100, got ${taxRate}`);
    }
    const entry = byRate.get(taxRate) ?? { sum: 0n, count: 0 };
    entry.sum += BigInt(amount);
    entry.count += 1;
    byRate.set(taxRate, entry);
  }

  const taxSummary: TaxRateSummary[] = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, { sum, count }]) => {
      const r = BigInt(rate);
      if (taxEntry === "exclusive") {
        const tax = divideAndRound(sum * r, 100n, rounding);
        return row(rate, sum, tax, sum + tax, count);
      }
      const tax = divideAndRound(sum * r, 100n + r, rounding);
      return row(rate, sum - tax, tax, sum, count);
    });

  return {
    taxEntry,
    rounding,
    taxSummary,
    subtotal: taxSummary.reduce((s, r) => s + r.subtotal, 0),
    tax: taxSummary.reduce((s, r) => s + r.tax, 0),
    total: taxSummary.reduce((s, r) => s + r.total, 0),
  };
}

function row(rate: number, subtotal: bigint, tax: bigint, total: bigint, lineCount: number): TaxRateSummary {
  return {
    rate,
    reducedRate: isReducedRate(rate),
    subtotal: toSafeNumber(subtotal),
    tax: toSafeNumber(tax),
    total: toSafeNumber(total),
    lineCount,
  };
}
