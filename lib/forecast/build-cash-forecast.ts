import { addDays, daysBetween } from "@/lib/japan/bank-calendar";
import { cashDateOf, cashFromDealAmount, dueDateFromBilling, dueDateFromClose, MAX_CLOSE_TO_DUE_DAYS, termsFor, type ForecastRules } from "./expected-date";
import { buildPeriods, monthEnd, monthStart, periodIndex } from "./periods";
import { FORECAST_SERIES, type AmountCount, type CashForecast, type ForecastPeriod, type ForecastSeries, type ForecastSourceRows, type ForecastView, type SeriesAmounts } from "./types";

/**
 * The cash forecast, pure: aggregated rows in (db/queries/forecast.ts groups them by date in SQL), periods out.
 * Where each figure lands, by certainty tier (the rules the screen states under the table):
 *
 * 1. received — money received, on its payment date (the accounting mirror's payments; a settled amount without
 *    payment rows is dated by its last payment date, else its due date: `estimated`).
 * 2. invoiced — outstanding of posted invoices, on the expected cash date: the due date, moved to the next bank
 *    business day when it is a bank holiday (§4.2).
 * 3. overdue — outstanding whose expected cash date is before today. Not "expected this month" with the certainty of
 *    an invoice not yet due: its own series, placed in the current period, with its ageing in the notes.
 * 4. won — won deals without a live invoice: the draft's total and due date, else the deal amount (tax added per the
 *    mapping rules) with the due date from the close date by the billing-date rule and the customer's payment terms.
 *    A planned date already passed means it is not invoiced yet: re-planned as if invoiced today under the same
 *    terms. Past by more than `staleDays`: left out (reported), since such a deal is almost never cash any more.
 * 5. pipeline — open deals: amount (tax added) × stage probability, the close date taken as the billing basis like a
 *    won deal. A close date already passed is taken as today (the deal slipped); passed by more than `staleDays`, or
 *    missing: left out (reported).
 */
export const STALE_DAYS = 90;

export type BuildCashForecastOptions = {
  today: string;
  view: ForecastView;
  past: number;
  ahead: number;
  includePipeline: boolean;
  rules: ForecastRules;
  staleDays?: number;
};

const zeroCounts = (): Record<ForecastSeries, number> => ({ received: 0, invoiced: 0, overdue: 0, won: 0, pipeline: 0 });
const zeroAmounts = (): SeriesAmounts => ({ ...zeroCounts(), pipelineUnweighted: 0, total: 0, counts: zeroCounts() });
const zero = (): AmountCount => ({ amount: 0, count: 0 });
const add = (into: AmountCount, amount: number, count: number) => {
  into.amount += amount;
  into.count += count;
};

export function buildCashForecast(rows: ForecastSourceRows, options: BuildCashForecastOptions): CashForecast {
  const { today, rules } = options;
  const staleDays = options.staleDays ?? STALE_DAYS;
  const periods: ForecastPeriod[] = buildPeriods(options.view, today, options.past, options.ahead).map((p) => ({
    ...p,
    received: 0,
    invoiced: 0,
    overdue: 0,
    won: 0,
    pipeline: 0,
    pipelineUnweighted: 0,
    total: 0,
    cumulative: 0,
    counts: zeroCounts(),
  }));
  const current = periods.findIndex((p) => p.position === "current");
  const beyond = zeroAmounts();
  const notes: CashForecast["notes"] = {
    beyond,
    staleWon: zero(),
    stalePipeline: { ...zero(), unweighted: 0 },
    undatedPipeline: { ...zero(), unweighted: 0 },
    undatedInvoices: zero(),
    missingAmount: { won: 0, pipeline: 0 },
    lateWon: zero(),
    slippedPipeline: zero(),
    estimatedReceived: zero(),
    overdueAging: { upTo30: 0, upTo90: 0, over90: 0 },
  };
  const month = { start: monthStart(today), end: monthEnd(today) };
  const thisMonth = { month: today.slice(0, 7), received: 0, expected: 0, overdue: 0 };

  /** Adds to the period holding `date`; false when the date is before the first period (not shown). */
  const place = (series: ForecastSeries, date: string, amount: number, count: number, unweighted = 0): boolean => {
    const i = periodIndex(periods, date);
    if (i < 0) return false;
    if (i >= periods.length) {
      beyond[series] += amount;
      beyond.counts[series] += count;
      beyond.pipelineUnweighted += unweighted;
      beyond.total += amount;
      return true;
    }
    const p = periods[i]!;
    p[series] += amount;
    p.counts[series] += count;
    p.pipelineUnweighted += unweighted;
    return true;
  };
  const expectThisMonth = (cashDate: string, amount: number) => {
    if (cashDate <= month.end) thisMonth.expected += amount;
  };

  // Groups share dates and terms: every derivation is done once per distinct input (thousands of groups at 100k deals).
  const memo = <T>(fn: (key: string) => T) => {
    const cache = new Map<string, T>();
    return (key: string) => {
      let v = cache.get(key);
      if (v === undefined) cache.set(key, (v = fn(key)));
      return v;
    };
  };
  const cashDate = memo(cashDateOf);
  const dueFromClose = memo((key) => {
    const [closeDate, termsKey] = key.split("|") as [string, string];
    return dueDateFromClose(closeDate, termsFor(rules, termsKey || null), rules.billingDateRule);
  });
  const dueIfInvoicedToday = memo((termsKey) => dueDateFromBilling(today, termsFor(rules, termsKey || null)));
  const staleBefore = addDays(today, -staleDays);
  // A close date this old cannot lead to a due date inside the stale window under any terms: no need to derive it.
  const surelyStaleBefore = addDays(staleBefore, -MAX_CLOSE_TO_DUE_DAYS);

  for (const r of rows.received) {
    if (r.date >= month.start && r.date <= today) thisMonth.received += r.amount;
    if (place("received", r.date, r.amount, r.count) && r.estimated) add(notes.estimatedReceived, r.amount, r.count);
  }

  for (const r of rows.openInvoices) {
    if (r.dueDate === null) {
      add(notes.undatedInvoices, r.amount, r.count);
      continue;
    }
    // isOverdue(), memoised: the expected cash date (due date, or the next business day) is behind us.
    if (cashDate(r.dueDate) < today) {
      thisMonth.overdue += r.amount;
      const days = daysBetween(r.dueDate, today);
      if (days <= 30) notes.overdueAging.upTo30 += r.amount;
      else if (days <= 90) notes.overdueAging.upTo90 += r.amount;
      else notes.overdueAging.over90 += r.amount;
      if (current >= 0) {
        periods[current]!.overdue += r.amount;
        periods[current]!.counts.overdue += r.count;
      }
      continue;
    }
    const cash = cashDate(r.dueDate);
    place("invoiced", cash, r.amount, r.count);
    expectThisMonth(cash, r.amount);
  }

  for (const r of rows.won) {
    notes.missingAmount.won += r.missingAmount;
    const amount = r.basis === "draft" ? r.amount : cashFromDealAmount(r.amount, rules);
    const termsKey = r.termsKey ?? "";
    let planned: string | null;
    if (r.date === null) planned = null;
    else if (r.basis === "draft") planned = r.date;
    else planned = r.date < surelyStaleBefore ? r.date : dueFromClose(`${r.date}|${termsKey}`);
    if (planned !== null && planned < staleBefore) {
      add(notes.staleWon, amount, r.count);
      continue;
    }
    let cash = planned === null ? null : cashDate(planned);
    if (cash === null || cash < today) {
      cash = cashDate(dueIfInvoicedToday(termsKey));
      add(notes.lateWon, amount, r.count);
    }
    place("won", cash, amount, r.count);
    expectThisMonth(cash, amount);
  }

  if (options.includePipeline) {
    for (const r of rows.pipeline) {
      notes.missingAmount.pipeline += r.missingAmount;
      const unweighted = cashFromDealAmount(r.amount, rules);
      const probability = Math.min(1, Math.max(0, r.probability ?? 0));
      const weighted = Math.round(unweighted * probability);
      if (r.closeDate === null) {
        add(notes.undatedPipeline, weighted, r.count);
        notes.undatedPipeline.unweighted += unweighted;
        continue;
      }
      if (r.closeDate < staleBefore) {
        add(notes.stalePipeline, weighted, r.count);
        notes.stalePipeline.unweighted += unweighted;
        continue;
      }
      const slipped = r.closeDate < today;
      if (slipped) add(notes.slippedPipeline, weighted, r.count);
      const cash = cashDate(dueFromClose(`${slipped ? today : r.closeDate}|${r.termsKey ?? ""}`));
      place("pipeline", cash, weighted, r.count, unweighted);
      expectThisMonth(cash, weighted);
    }
  }

  const totals = zeroAmounts();
  let running = 0;
  for (const p of periods) {
    p.total = FORECAST_SERIES.reduce((s, k) => s + p[k], 0);
    running += p.total;
    p.cumulative = running;
    for (const k of FORECAST_SERIES) {
      totals[k] += p[k];
      totals.counts[k] += p.counts[k];
    }
    totals.pipelineUnweighted += p.pipelineUnweighted;
    totals.total += p.total;
  }
  return { periods, totals, notes, thisMonth };
}
