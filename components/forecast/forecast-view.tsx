"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { useLiveQuery } from "@/components/providers/use-live-query";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { BoardFilterOptions } from "@/lib/board/types";
import { forecastFiltersToQuery, parseForecastFilters } from "@/lib/forecast/forecast-filters";
import type { ForecastData, ForecastFilters } from "@/lib/forecast/types";
import { formatDateTime } from "@/lib/format";
import { ForecastChart } from "./forecast-chart";
import { ForecastFiltersBar } from "./forecast-filters";
import { ForecastNotes } from "./forecast-notes";
import { ForecastSummary } from "./forecast-summary";
import { ForecastTable } from "./forecast-table";

/** Re-read while open: payments, postings and stage moves show up without a reload (the board polls faster). */
const REFRESH_MS = 30_000;

const urlOf = (f: ForecastFilters) => {
  const q = forecastFiltersToQuery(f).toString();
  return q ? `/forecast?${q}` : "/forecast";
};

export function ForecastView({ initial, options }: { initial: ForecastData; options: BoardFilterOptions }) {
  const t = useTranslations("forecast");
  const locale = useLocale() === "en" ? "en" : "ja";
  const [filters, setFilters] = useState<ForecastFilters>(initial.filters);
  const query = forecastFiltersToQuery(filters).toString();
  const { data: forecast, isFetching, isError } = useLiveQuery({ key: ["forecast"], endpoint: "/api/forecast", query, initial, initialQuery: forecastFiltersToQuery(initial.filters).toString(), refreshMs: REFRESH_MS, staleTime: 10_000 });

  const onChange = useCallback((patch: Partial<ForecastFilters>) => {
    setFilters((current) => {
      // Through the same parser the server uses: only offered horizons survive.
      const next = parseForecastFilters(forecastFiltersToQuery({ ...current, ...patch }));
      window.history.replaceState(null, "", urlOf(next));
      return next;
    });
  }, []);
  const onReset = useCallback(() => {
    window.history.replaceState(null, "", "/forecast");
    setFilters(parseForecastFilters(new URLSearchParams()));
  }, []);

  return (
    <div aria-busy={isFetching} data-testid="forecast" data-query={forecastFiltersToQuery(forecast.filters).toString()}>
      <ForecastFiltersBar filters={filters} options={options} onChange={onChange} onReset={onReset} />
      <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500" data-testid="data-as-of">
        <span className="inline-flex items-center gap-1">
          <span className={isError ? "h-2 w-2 rounded-full bg-red-500" : isFetching ? "h-2 w-2 animate-pulse rounded-full bg-emerald-500" : "h-2 w-2 rounded-full bg-emerald-500"} />
          {t("live")} · {t("updatedAt", { time: formatDateTime(forecast.generatedAt, locale) })}
        </span>
        <span>{t("dataAsOf")}:</span>
        {forecast.dataAsOf.map((s) => (
          <span key={s.connectionId} className={s.lastError ? "text-red-700" : undefined} title={s.lastError ? t("syncError", { error: s.lastError }) : undefined}>
            {t(`sources.${s.provider as "hubspot"}`)} {s.lastSuccessAt ? formatDateTime(s.lastSuccessAt, locale) : t("never")}
            {s.lastError ? " ⚠" : ""}
          </span>
        ))}
      </div>
      {isError ? (
        <p role="status" className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {t("loadFailed")}
        </p>
      ) : null}
      <ForecastSummary forecast={forecast} />
      <Card className="mb-4">
        <CardHeader>
          <CardTitle>{t("chart.title")}</CardTitle>
        </CardHeader>
        <CardContent>
          <ForecastChart periods={forecast.periods} view={forecast.filters.view} />
        </CardContent>
      </Card>
      <Card className="mb-4">
        <CardHeader>
          <CardTitle>{t("table.title")}</CardTitle>
        </CardHeader>
        <CardContent>
          <ForecastTable periods={forecast.periods} totals={forecast.totals} beyond={forecast.notes.beyond} view={forecast.filters.view} />
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <ForecastNotes forecast={forecast} />
        </CardContent>
      </Card>
    </div>
  );
}
