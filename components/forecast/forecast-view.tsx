"use client";

import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { LiveStatus } from "@/components/layout/live-status";
import { useLiveQuery } from "@/components/providers/use-live-query";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { BoardFilterOptions } from "@/lib/board/types";
import { forecastFiltersToQuery, parseForecastFilters } from "@/lib/forecast/forecast-filters";
import type { ForecastData, ForecastFilters } from "@/lib/forecast/types";
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
      <LiveStatus generatedAt={forecast.generatedAt} dataAsOf={forecast.dataAsOf} isFetching={isFetching} isError={isError} className="mb-3" />
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
