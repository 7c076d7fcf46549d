"use client";

import { useLocale, useTranslations } from "next-intl";
import { Table, Td, Th } from "@/components/ui/table";
import { formatPeriod } from "@/lib/forecast/format-period";
import { FORECAST_SERIES, type ForecastPeriod, type ForecastSeries, type ForecastView, type SeriesAmounts } from "@/lib/forecast/types";
import { formatYen } from "@/lib/format";
import { cn } from "@/lib/utils";
import { SERIES_COLORS } from "./series-colors";

const num = "text-right tabular-nums whitespace-nowrap";

function Amount({ value, muted }: { value: number; muted?: boolean }) {
  return <span className={cn(value === 0 ? "text-slate-300" : muted ? "text-slate-600" : undefined)}>{formatYen(value)}</span>;
}

function PipelineCell({ weighted, unweighted }: { weighted: number; unweighted: number }) {
  const t = useTranslations("forecast.table");
  return (
    <>
      <Amount value={weighted} />
      {unweighted !== 0 ? <span className="block text-xs text-slate-500">({t("unweighted", { amount: formatYen(unweighted) })})</span> : null}
    </>
  );
}

/**
 * The chart's figures as a table (its accessible alternative): one row per period, one column per certainty tier,
 * the total and the running total; then the totals of the periods shown and what falls after them.
 */
export function ForecastTable({ periods, totals, beyond, view }: { periods: ForecastPeriod[]; totals: SeriesAmounts; beyond: SeriesAmounts; view: ForecastView }) {
  const t = useTranslations("forecast");
  const locale = useLocale() === "en" ? "en" : "ja";
  const seriesCell = (s: ForecastSeries, row: Pick<SeriesAmounts, ForecastSeries | "pipelineUnweighted">, muted?: boolean) =>
    s === "pipeline" ? <PipelineCell weighted={row.pipeline} unweighted={row.pipelineUnweighted} /> : <Amount value={row[s]} muted={muted} />;
  return (
    <Table data-testid="forecast-table" className="min-w-[880px]">
      <caption className="caption-bottom pt-2 text-left text-xs text-slate-500">{t("table.caption")}</caption>
      <thead>
        <tr>
          <Th scope="col">{t("table.period")}</Th>
          {FORECAST_SERIES.map((s) => (
            <Th key={s} scope="col" className="text-right" title={t(`seriesHints.${s}`)}>
              <span className="mr-1.5 inline-block h-2.5 w-2.5 rounded-sm align-middle" style={{ background: SERIES_COLORS[s] }} aria-hidden />
              {t(`series.${s}`)}
            </Th>
          ))}
          <Th scope="col" className="text-right">
            {t("table.total")}
          </Th>
          <Th scope="col" className="text-right">
            {t("table.cumulative")}
          </Th>
        </tr>
      </thead>
      <tbody>
        {periods.map((p) => (
          <tr key={p.key} data-testid={`forecast-row-${p.key}`} className={cn(p.position === "current" && "bg-brand-50/60", p.position === "past" && "text-slate-600")}>
            <Th scope="row" className="whitespace-nowrap font-medium text-slate-800">
              {formatPeriod(view, p.start, p.end, locale)}
              {p.position === "current" ? <span className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-700">{t("table.current")}</span> : null}
            </Th>
            {FORECAST_SERIES.map((s) => (
              <Td key={s} className={num}>
                {seriesCell(s, p)}
              </Td>
            ))}
            <Td className={cn(num, "font-semibold")}>
              <Amount value={p.total} />
            </Td>
            <Td className={cn(num, "text-slate-600")}>{formatYen(p.cumulative)}</Td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="bg-slate-50 font-semibold" data-testid="forecast-totals">
          <Th scope="row" className="text-slate-900">
            {t("table.totals")}
          </Th>
          {FORECAST_SERIES.map((s) => (
            <Td key={s} className={num} data-testid={`forecast-total-${s}`} data-amount={totals[s]} data-count={totals.counts[s]} data-unweighted={s === "pipeline" ? totals.pipelineUnweighted : undefined}>
              {seriesCell(s, totals)}
            </Td>
          ))}
          <Td className={num} data-testid="forecast-total-total" data-amount={totals.total}>
            {formatYen(totals.total)}
          </Td>
          <Td className={num} />
        </tr>
        <tr className="text-slate-600" data-testid="forecast-beyond">
          <Th scope="row" className="font-normal">
            {t("table.beyond")}
          </Th>
          {FORECAST_SERIES.map((s) => (
            <Td key={s} className={num} data-testid={`forecast-beyond-${s}`} data-amount={beyond[s]} data-count={beyond.counts[s]}>
              {seriesCell(s, beyond, true)}
            </Td>
          ))}
          <Td className={num}>
            <Amount value={beyond.total} muted />
          </Td>
          <Td className={num} />
        </tr>
      </tfoot>
    </Table>
  );
}
