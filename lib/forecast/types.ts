/**
 * Cash forecast (資金繰り予測) data shapes, shared by the pure core (build-cash-forecast.ts), the service, the API
 * route and the client components. Plain JSON: money is integer yen (tax-included cash), dates are JST calendar
 * dates "YYYY-MM-DD", instants ISO strings.
 */
import type { DataAsOf } from "@/lib/board/types";

export type ForecastView = "month" | "week";

/** The certainty tiers, most certain first: the order of the stack, the table columns and the legend. */
export const FORECAST_SERIES = ["received", "invoiced", "overdue", "won", "pipeline"] as const;
export type ForecastSeries = (typeof FORECAST_SERIES)[number];

export type ForecastFilters = {
  view: ForecastView;
  /** Whole past periods of actuals before the current one (months, or weeks in the week view). */
  past: number;
  /** Periods from the current one on (the current month counts as the first of the six months ahead). */
  ahead: number;
  ownerId: string | null;
  pipelineId: string | null;
  /** An accounting connection id, or "freee" / "moneyforward". */
  target: string | null;
  /** Include open deals (× stage probability). */
  includePipeline: boolean;
};

// --- rows in (aggregated by SQL, db/queries/forecast.ts) --------------------------------------------------------------

/** Money received on a date. `estimated`: the accounting product says settled but gives no payment date. */
export type ReceivedRow = { date: string; amount: number; count: number; estimated: boolean };

/** Outstanding of posted invoices by due date (null: the invoice carries no due date). */
export type OpenInvoiceRow = { dueDate: string | null; amount: number; count: number };

/**
 * Won deals without a (live) posted invoice. basis "draft": the draft's tax-included total and due date;
 * basis "deal": the deal amount as keyed in HubSpot and its close date (the due date is derived here).
 * termsKey: the company id when the mapping rules hold terms for it, else null (the default terms).
 */
export type WonRow = { basis: "draft" | "deal"; date: string | null; termsKey: string | null; amount: number; count: number; missingAmount: number };

/** Open deals by close date, terms and stage probability (0–1; null when HubSpot has none). */
export type PipelineRow = { closeDate: string | null; termsKey: string | null; probability: number | null; amount: number; count: number; missingAmount: number };

export type ForecastSourceRows = {
  received: ReceivedRow[];
  openInvoices: OpenInvoiceRow[];
  won: WonRow[];
  pipeline: PipelineRow[];
};

// --- result out -------------------------------------------------------------------------------------------------------

export type PeriodPosition = "past" | "current" | "future";

export type ForecastPeriod = {
  /** "2026-12" (month) or the Monday "2026-12-07" (week). */
  key: string;
  start: string;
  end: string;
  position: PeriodPosition;
  received: number;
  invoiced: number;
  overdue: number;
  won: number;
  /** Weighted by stage probability. */
  pipeline: number;
  pipelineUnweighted: number;
  total: number;
  /** Running total of `total` from the first period shown. */
  cumulative: number;
  counts: Record<ForecastSeries, number>;
};

export type SeriesAmounts = Record<ForecastSeries, number> & { pipelineUnweighted: number; total: number; counts: Record<ForecastSeries, number> };

export type AmountCount = { amount: number; count: number };

export type ForecastNotes = {
  /** Expected after the last period shown (still part of the receivables / pipeline). */
  beyond: SeriesAmounts;
  /** Won, not invoiced, whose expected payment date passed more than STALE_DAYS ago: left out, to be checked. */
  staleWon: AmountCount;
  /** Open deals whose close date passed more than STALE_DAYS ago: left out, to be cleaned up in HubSpot. */
  stalePipeline: AmountCount & { unweighted: number };
  /** Open deals without a close date: cannot be placed in time. */
  undatedPipeline: AmountCount & { unweighted: number };
  /** Open invoices without a due date. */
  undatedInvoices: AmountCount;
  /** Deals counted without an amount (no JPY amount in HubSpot). */
  missingAmount: { won: number; pipeline: number };
  /** Won, not invoiced, whose planned payment date has passed: re-planned as invoiced today. */
  lateWon: AmountCount;
  /** Open deals past their close date (within STALE_DAYS): expected to close today. */
  slippedPipeline: AmountCount;
  /** Received amounts dated by the due date because the accounting product gives no payment date. */
  estimatedReceived: AmountCount;
  /** Overdue outstanding by days past due. */
  overdueAging: { upTo30: number; upTo90: number; over90: number };
};

export type ForecastThisMonth = {
  month: string;
  /** Won deals this month (deal amounts as keyed in HubSpot, the board's figure). */
  won: AmountCount;
  received: number;
  /** Still expected this month from today (invoiced + won + weighted pipeline; overdue shown apart). */
  expected: number;
  overdue: number;
};

export type ForecastBasis = {
  taxEntry: "exclusive" | "inclusive";
  defaultTaxRate: number;
  /** The default payment terms label of the mapping rules, e.g. 月末締め翌月末払い（休日は翌営業日）. */
  terms: { ja: string; en: string };
  companyTermsCount: number;
  staleDays: number;
  /** Posted drafts missing from the accounting mirror count as invoiced for this many days after posting. */
  unmirroredDays: number;
  /** Where undrafted deals would be posted (accounting target filter); null: no accounting connection. */
  defaultTarget: { id: string; provider: string } | null;
};

export type CashForecast = {
  periods: ForecastPeriod[];
  totals: SeriesAmounts;
  notes: ForecastNotes;
  thisMonth: Omit<ForecastThisMonth, "won">;
};

export type ForecastData = CashForecast & {
  filters: ForecastFilters;
  today: string;
  thisMonth: ForecastThisMonth;
  basis: ForecastBasis;
  dataAsOf: DataAsOf[];
  generatedAt: string;
};
