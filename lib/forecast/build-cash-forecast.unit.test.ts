import { describe, expect, it } from "vitest";
import { DEFAULT_MAPPING_RULES, parseMappingRules } from "@/lib/invoicing/mapping-rules";
import { buildCashForecast, type BuildCashForecastOptions } from "./build-cash-forecast";
import { addDays } from "@/lib/japan/bank-calendar";
import { cashDateOf, cashFromDealAmount, dueDateFromClose, forecastRulesFrom, isOverdue, MAX_CLOSE_TO_DUE_DAYS } from "./expected-date";
import { buildPeriods, periodIndex } from "./periods";
import type { ForecastPeriod, ForecastSourceRows } from "./types";

/**
 * Dates are checked against the Japanese bank calendar by hand: 2026-12-03 is a Thursday; 2026-11-29 and
 * 2027-01-31 and 2027-02-28 are Sundays; 2026-12-31–2027-01-03 are bank holidays (1/1 元日); 2027-01-11 is 成人の日.
 */
const TODAY = "2026-12-03";
const rules = forecastRulesFrom(
  parseMappingRules({
    // 月末締め翌月末払い, next business day (the defaults), and one customer on 20日締め翌月10日払い.
    companyPaymentTerms: [{ companyId: "c20", terms: { closingDay: 20, payMonthOffset: 1, payDay: 10, holidayShift: "next" } }],
  }),
);

const none: ForecastSourceRows = { received: [], openInvoices: [], won: [], pipeline: [] };

function forecast(rows: Partial<ForecastSourceRows>, options: Partial<BuildCashForecastOptions> = {}) {
  return buildCashForecast({ ...none, ...rows }, { today: TODAY, view: "month", past: 3, ahead: 6, includePipeline: true, rules, ...options });
}

const byKey = (periods: ForecastPeriod[]) => Object.fromEntries(periods.map((p) => [p.key, p]));

describe("periods", () => {
  it("month view: three past months, then six from the current one, cut at JST calendar months", () => {
    const periods = buildPeriods("month", TODAY, 3, 6);
    expect(periods.map((p) => `${p.key}:${p.position[0]}`)).toEqual(["2026-09:p", "2026-10:p", "2026-11:p", "2026-12:c", "2027-01:f", "2027-02:f", "2027-03:f", "2027-04:f", "2027-05:f"]);
    expect(periods[5]).toMatchObject({ start: "2027-02-01", end: "2027-02-28" });
    expect(periodIndex(periods, "2026-11-30")).toBe(2);
    expect(periodIndex(periods, "2026-12-01")).toBe(3);
    expect(periodIndex(periods, "2026-08-31")).toBe(-1);
    expect(periodIndex(periods, "2027-06-01")).toBe(9);
  });

  it("week view: Monday to Sunday, thirteen weeks from the current one", () => {
    const periods = buildPeriods("week", TODAY, 4, 13);
    expect(periods).toHaveLength(17);
    expect(periods[0]).toMatchObject({ key: "2026-11-02", start: "2026-11-02", end: "2026-11-08", position: "past" });
    expect(periods[4]).toMatchObject({ start: "2026-11-30", end: "2026-12-06", position: "current" });
    expect(periods.at(-1)).toMatchObject({ start: "2027-02-22", end: "2027-02-28" });
  });
});

describe("expected dates and amounts", () => {
  it("cash on a bank holiday moves to the next business day; overdue only once that day has passed", () => {
    expect(cashDateOf("2026-12-31")).toBe("2027-01-04");
    expect(cashDateOf("2026-11-30")).toBe("2026-11-30");
    expect(isOverdue("2026-11-20", "2026-11-21")).toBe(true); // due Friday, Saturday: late
    expect(isOverdue("2026-11-29", "2026-11-30")).toBe(false); // due Sunday, paid Monday: on time
    expect(isOverdue("2026-11-29", "2026-12-01")).toBe(true);
    expect(isOverdue("2026-12-31", "2027-01-04")).toBe(false);
    expect(isOverdue("2026-12-31", "2027-01-05")).toBe(true);
  });

  it("no terms the rules accept put a due date more than MAX_CLOSE_TO_DUE_DAYS after the close date", () => {
    const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
    let worst = 0;
    for (let close = "2026-01-01"; close < "2029-01-01"; close = addDays(close, 1)) {
      const due = dueDateFromClose(close, { closingDay: 1, payMonthOffset: 3, payDay: "end", holidayShift: "next" }, "end_of_close_month");
      worst = Math.max(worst, daysBetween(close, due));
    }
    expect(worst).toBeGreaterThan(120);
    expect(worst).toBeLessThanOrEqual(MAX_CLOSE_TO_DUE_DAYS);
  });

  it("deal amounts become tax-included cash the mapping rules' way", () => {
    expect(cashFromDealAmount(1_234_567, { taxEntry: "exclusive", defaultTaxRate: 10, rounding: "floor" })).toBe(1_358_023);
    expect(cashFromDealAmount(1_234_565, { taxEntry: "exclusive", defaultTaxRate: 10, rounding: "floor" })).toBe(1_358_021);
    expect(cashFromDealAmount(1_234_565, { taxEntry: "exclusive", defaultTaxRate: 10, rounding: "round" })).toBe(1_358_022);
    expect(cashFromDealAmount(1_234_565, { taxEntry: "exclusive", defaultTaxRate: 10, rounding: "ceil" })).toBe(1_358_022);
    expect(cashFromDealAmount(1_234_565, { taxEntry: "inclusive", defaultTaxRate: 10, rounding: "floor" })).toBe(1_234_565);
    expect(forecastRulesFrom(DEFAULT_MAPPING_RULES).defaultTerms).toEqual({ closingDay: "end", payMonthOffset: 1, payDay: "end", holidayShift: "next" });
  });
});

describe("buildCashForecast", () => {
  it("received: by JST payment date, across the month boundary; estimated dates are reported", () => {
    const f = forecast({
      received: [
        { date: "2026-11-30", amount: 300_000, count: 1, estimated: false },
        { date: "2026-12-01", amount: 200_000, count: 2, estimated: false },
        { date: "2026-10-15", amount: 50_000, count: 1, estimated: true },
        { date: "2026-08-31", amount: 999, count: 1, estimated: true }, // before the first period shown
      ],
    });
    const p = byKey(f.periods);
    expect([p["2026-10"]!.received, p["2026-11"]!.received, p["2026-12"]!.received]).toEqual([50_000, 300_000, 200_000]);
    expect(p["2026-12"]!.counts.received).toBe(2);
    expect(f.totals.received).toBe(550_000);
    expect(f.notes.estimatedReceived).toEqual({ amount: 50_000, count: 1 });
    expect(f.thisMonth.received).toBe(200_000);
  });

  it("won under 末締め翌月末払い: a month-end due date on a Sunday is cash in the next month", () => {
    const f = forecast({
      won: [
        // 12/15 → closes 12/31 → due 2027-01-31 (Sunday) → cash Monday 2027-02-01.
        { basis: "deal", date: "2026-12-15", termsKey: null, amount: 1_000_000, count: 1, missingAmount: 0 },
        // 11/30 → due 2026-12-31 (year-end bank holiday) → cash 2027-01-04.
        { basis: "deal", date: "2026-11-30", termsKey: null, amount: 500_000, count: 1, missingAmount: 0 },
      ],
    });
    const p = byKey(f.periods);
    expect(p["2027-01"]!.won).toBe(550_000);
    expect(p["2027-02"]!.won).toBe(1_100_000);
    expect(p["2026-12"]!.won).toBe(0);
    expect(f.notes.lateWon.count).toBe(0);
  });

  it("won with the customer's own terms (20日締め翌月10日払い), shifted over 成人の日", () => {
    const f = forecast({
      won: [
        // 12/20 → closes 12/20 → due 2027-01-10 (Sunday) → 1/11 成人の日 → Tuesday 2027-01-12.
        { basis: "deal", date: "2026-12-20", termsKey: "c20", amount: 100_000, count: 1, missingAmount: 0 },
        // 12/21 → closes 2027-01-20 → due 2027-02-10.
        { basis: "deal", date: "2026-12-21", termsKey: "c20", amount: 200_000, count: 1, missingAmount: 0 },
        // A company without own terms falls back to the default terms: due 2027-01-31 → 2027-02-01.
        { basis: "deal", date: "2026-12-20", termsKey: "unknown", amount: 300_000, count: 1, missingAmount: 0 },
      ],
    });
    const p = byKey(f.periods);
    expect(p["2027-01"]!.won).toBe(110_000);
    expect(p["2027-02"]!.won).toBe(220_000 + 330_000);
  });

  it("won from a draft: its own total and due date; a passed due date is re-planned from today; long past is left out", () => {
    const f = forecast({
      won: [
        { basis: "draft", date: "2027-01-04", termsKey: null, amount: 550_000, count: 1, missingAmount: 0 },
        // Not invoiced although due on 11/30: invoiced today (12/3) → due 2027-01-31 → 2027-02-01.
        { basis: "draft", date: "2026-11-30", termsKey: null, amount: 770_000, count: 2, missingAmount: 0 },
        // Due more than 90 days ago and still not invoiced: not cash to plan on.
        { basis: "draft", date: "2026-08-31", termsKey: null, amount: 990_000, count: 1, missingAmount: 0 },
        // Won deal closed long ago, never invoiced (e.g. billed outside Kakehashi before it went live): due 2026-04-30.
        { basis: "deal", date: "2026-03-10", termsKey: null, amount: 1_000_000, count: 3, missingAmount: 1 },
        // Closed so long ago that no terms could make it current (not even derived).
        { basis: "deal", date: "2025-01-10", termsKey: "c20", amount: 100_000, count: 1, missingAmount: 0 },
      ],
    });
    const p = byKey(f.periods);
    expect(p["2027-01"]!.won).toBe(550_000);
    expect(p["2027-02"]!.won).toBe(770_000);
    expect(p["2027-02"]!.counts.won).toBe(2);
    expect(f.notes.lateWon).toEqual({ amount: 770_000, count: 2 });
    expect(f.notes.staleWon).toEqual({ amount: 990_000 + 1_100_000 + 110_000, count: 5 });
    expect(f.notes.missingAmount.won).toBe(1);
    expect(f.totals.won).toBe(1_320_000);
  });

  it("invoiced: outstanding by expected cash date; 12/31 is cash on 1/4; beyond the horizon is reported apart", () => {
    const f = forecast({
      openInvoices: [
        { dueDate: "2026-12-31", amount: 330_000, count: 1 },
        { dueDate: "2026-12-25", amount: 110_000, count: 1 },
        { dueDate: "2027-08-31", amount: 220_000, count: 1 },
        { dueDate: null, amount: 44_000, count: 1 },
      ],
    });
    const p = byKey(f.periods);
    expect(p["2026-12"]!.invoiced).toBe(110_000);
    expect(p["2027-01"]!.invoiced).toBe(330_000);
    expect(f.notes.beyond.invoiced).toBe(220_000);
    expect(f.notes.beyond.counts.invoiced).toBe(1);
    expect(f.notes.undatedInvoices).toEqual({ amount: 44_000, count: 1 });
    expect(f.thisMonth.expected).toBe(110_000);
  });

  it("the 12/31 invoice is still expected on 1/4 and overdue from 1/5", () => {
    const row = { dueDate: "2026-12-31", amount: 330_000, count: 1 };
    const on = forecast({ openInvoices: [row] }, { today: "2027-01-04" });
    expect(byKey(on.periods)["2027-01"]).toMatchObject({ invoiced: 330_000, overdue: 0 });
    const after = forecast({ openInvoices: [row] }, { today: "2027-01-05" });
    expect(byKey(after.periods)["2027-01"]).toMatchObject({ invoiced: 0, overdue: 330_000 });
  });

  it("partial payment: the paid part is received, the rest overdue in the current period with its ageing", () => {
    const f = forecast({
      received: [{ date: "2026-11-20", amount: 400_000, count: 1, estimated: false }],
      openInvoices: [
        { dueDate: "2026-11-20", amount: 700_000, count: 1 }, // Friday, 13 days late
        { dueDate: "2026-08-31", amount: 50_000, count: 1 }, // 94 days late
        { dueDate: "2026-10-30", amount: 20_000, count: 1 }, // 34 days late
        { dueDate: "2026-11-29", amount: 90_000, count: 1 }, // Sunday → due Monday 11/30: late by now
      ],
    });
    const p = byKey(f.periods);
    expect(p["2026-11"]!.received).toBe(400_000);
    expect(p["2026-11"]!.overdue).toBe(0);
    expect(p["2026-12"]!.overdue).toBe(860_000);
    expect(p["2026-12"]!.counts.overdue).toBe(4);
    expect(f.notes.overdueAging).toEqual({ upTo30: 790_000, upTo90: 20_000, over90: 50_000 });
    expect(f.thisMonth.overdue).toBe(860_000);
  });

  it("a due date on Sunday is expected on Monday without being overdue", () => {
    const f = forecast({ openInvoices: [{ dueDate: "2026-11-29", amount: 90_000, count: 1 }] }, { today: "2026-11-30" });
    expect(byKey(f.periods)["2026-11"]).toMatchObject({ invoiced: 90_000, overdue: 0 });
  });

  it("pipeline: probability 0 and 1, weighted and unweighted, tax added", () => {
    const f = forecast({
      pipeline: [
        // Close 2027-01-15 → due 2027-02-28 (Sunday) → cash 2027-03-01.
        { closeDate: "2027-01-15", termsKey: null, probability: 0, amount: 1_000_000, count: 1, missingAmount: 0 },
        { closeDate: "2027-01-15", termsKey: null, probability: 1, amount: 2_000_000, count: 1, missingAmount: 0 },
        { closeDate: "2027-01-15", termsKey: null, probability: 0.3, amount: 1_000_000, count: 1, missingAmount: 0 },
      ],
    });
    const march = byKey(f.periods)["2027-03"]!;
    expect(march.pipeline).toBe(2_200_000 + 330_000);
    expect(march.pipelineUnweighted).toBe(4_400_000);
    expect(march.counts.pipeline).toBe(3);
    expect(byKey(f.periods)["2027-02"]!.pipeline).toBe(0);
  });

  it("pipeline: no close date → undated; long past → stale; recently past → slipped to today", () => {
    const f = forecast({
      pipeline: [
        { closeDate: null, termsKey: null, probability: 0.5, amount: 1_000_000, count: 2, missingAmount: 0 },
        { closeDate: "2026-08-01", termsKey: null, probability: 0.5, amount: 2_000_000, count: 1, missingAmount: 0 },
        // Slipped: taken as closing today 12/3 → due 2027-01-31 (Sunday) → 2027-02-01.
        { closeDate: "2026-11-20", termsKey: null, probability: 0.5, amount: 400_000, count: 1, missingAmount: 2 },
      ],
    });
    expect(f.notes.undatedPipeline).toEqual({ amount: 550_000, count: 2, unweighted: 1_100_000 });
    expect(f.notes.stalePipeline).toEqual({ amount: 1_100_000, count: 1, unweighted: 2_200_000 });
    expect(f.notes.slippedPipeline).toEqual({ amount: 220_000, count: 1 });
    expect(f.notes.missingAmount.pipeline).toBe(2);
    expect(byKey(f.periods)["2027-02"]!.pipeline).toBe(220_000);
    expect(f.totals.pipeline).toBe(220_000);
  });

  it("pipeline can be left out", () => {
    const f = forecast({ pipeline: [{ closeDate: "2027-01-15", termsKey: null, probability: 1, amount: 1_000_000, count: 1, missingAmount: 0 }] }, { includePipeline: false });
    expect(f.totals.pipeline).toBe(0);
    expect(f.totals.pipelineUnweighted).toBe(0);
  });

  it("totals per series and period, the running cumulative, this month", () => {
    const f = forecast({
      received: [{ date: "2026-12-02", amount: 100_000, count: 1, estimated: false }],
      openInvoices: [
        { dueDate: "2026-12-25", amount: 200_000, count: 1 },
        { dueDate: "2026-11-10", amount: 50_000, count: 1 },
      ],
      won: [{ basis: "draft", date: "2027-01-29", termsKey: null, amount: 300_000, count: 1, missingAmount: 0 }],
      // Closes 12/10 → due 2027-01-31 (Sunday) → cash 2027-02-01.
      pipeline: [{ closeDate: "2026-12-10", termsKey: null, probability: 0.5, amount: 1_000_000, count: 1, missingAmount: 0 }],
    });
    const p = byKey(f.periods);
    expect(p["2026-12"]).toMatchObject({ received: 100_000, invoiced: 200_000, overdue: 50_000, total: 350_000, cumulative: 350_000 });
    expect(p["2027-01"]).toMatchObject({ won: 300_000, pipeline: 0, total: 300_000, cumulative: 650_000 });
    expect(p["2027-02"]).toMatchObject({ pipeline: 550_000, pipelineUnweighted: 1_100_000, total: 550_000, cumulative: 1_200_000 });
    expect(f.periods.at(-1)!.cumulative).toBe(1_200_000);
    expect(f.totals).toEqual({
      received: 100_000,
      invoiced: 200_000,
      overdue: 50_000,
      won: 300_000,
      pipeline: 550_000,
      pipelineUnweighted: 1_100_000,
      total: 1_200_000,
      counts: { received: 1, invoiced: 1, overdue: 1, won: 1, pipeline: 1 },
    });
    expect(f.thisMonth).toEqual({ month: "2026-12", received: 100_000, expected: 200_000, overdue: 50_000 });
  });

  it("week view: a Saturday due date is cash on Monday's week; overdue sits in the current week", () => {
    const f = forecast(
      {
        openInvoices: [
          { dueDate: "2026-12-05", amount: 10_000, count: 1 }, // Saturday → Monday 12/7
          { dueDate: "2026-12-04", amount: 20_000, count: 1 }, // Friday, this week
          { dueDate: "2026-12-01", amount: 30_000, count: 1 }, // overdue
        ],
      },
      { view: "week", past: 4, ahead: 13 },
    );
    const p = byKey(f.periods);
    expect(p["2026-11-30"]).toMatchObject({ invoiced: 20_000, overdue: 30_000 });
    expect(p["2026-12-07"]).toMatchObject({ invoiced: 10_000 });
  });
});
