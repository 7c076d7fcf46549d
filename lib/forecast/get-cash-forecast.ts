import "server-only";
import type { DbOrTx } from "@/db/client";
import { boardDataAsOf } from "@/db/queries/board";
import { forecastInvoices, forecastPipeline, forecastWon, forecastWonInPeriod, UNMIRRORED_WINDOW_DAYS, type ForecastQuery } from "@/db/queries/forecast";
import { findAccountingConnection, getActiveRuleVersion } from "@/db/queries/invoicing";
import { todayJst } from "@/lib/format";
import { DEFAULT_MAPPING_RULES, parseMappingRules, type MappingRules } from "@/lib/invoicing/mapping-rules";
import { describePaymentTerms } from "@/lib/japan/payment-terms";
import { buildCashForecast, STALE_DAYS } from "./build-cash-forecast";
import { forecastRulesFrom } from "./expected-date";
import { buildPeriods, monthEnd, monthStart } from "./periods";
import type { ForecastData, ForecastFilters } from "./types";

/** The active mapping rules, or the defaults: a broken rules row must not take the forecast down with it. */
/** The active mapping rules, parsed as invoicing parses them; the defaults until a version is saved. */
async function activeRules(db: DbOrTx): Promise<MappingRules> {
  const version = await getActiveRuleVersion(db);
  return version ? parseMappingRules(version.rules) : DEFAULT_MAPPING_RULES;
}

/**
 * The cash forecast for the filters: four aggregate statements in parallel (db/queries/forecast.ts), then the pure
 * build (build-cash-forecast.ts) with the mapping rules' payment terms, billing-date rule and tax entry.
 */
export async function getCashForecast(db: DbOrTx, filters: ForecastFilters, options: { today?: string } = {}): Promise<ForecastData> {
  const today = options.today ?? todayJst();
  const rules = await activeRules(db);
  const connection = await findAccountingConnection(db, rules.accountingConnectionId);
  const defaultTarget = connection ? { id: connection.id, provider: String(connection.provider) } : null;
  const periods = buildPeriods(filters.view, today, filters.past, filters.ahead);
  const thisMonth = { from: monthStart(today), to: monthEnd(today) };
  const query: ForecastQuery = {
    today,
    // This month's received figure is shown even when the week view starts later in the month.
    receivedFrom: periods[0]!.start < thisMonth.from ? periods[0]!.start : thisMonth.from,
    ownerId: filters.ownerId,
    pipelineId: filters.pipelineId,
    target: filters.target,
    defaultTarget,
    termsCompanyIds: rules.companyPaymentTerms.map((c) => c.companyId),
    includePipeline: filters.includePipeline,
    wonFrom: thisMonth.from,
    wonTo: thisMonth.to,
  };
  const [invoices, won, pipeline, wonThisMonth, dataAsOf] = await Promise.all([
    forecastInvoices(db, query),
    forecastWon(db, query),
    forecastPipeline(db, query),
    forecastWonInPeriod(db, query),
    boardDataAsOf(db),
  ]);
  const forecast = buildCashForecast(
    { received: invoices.received, openInvoices: invoices.open, won, pipeline },
    { today, view: filters.view, past: filters.past, ahead: filters.ahead, includePipeline: filters.includePipeline, rules: forecastRulesFrom(rules) },
  );
  return {
    ...forecast,
    filters,
    today,
    thisMonth: { ...forecast.thisMonth, won: wonThisMonth },
    basis: {
      taxEntry: rules.taxEntry,
      defaultTaxRate: rules.defaultTaxRate,
      terms: describePaymentTerms(rules.paymentTerms),
      companyTermsCount: rules.companyPaymentTerms.length,
      staleDays: STALE_DAYS,
      unmirroredDays: UNMIRRORED_WINDOW_DAYS,
      defaultTarget,
    },
    dataAsOf,
    generatedAt: new Date().toISOString(),
  };
}
