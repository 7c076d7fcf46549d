"use client";

import { useTranslations } from "next-intl";
import { Label } from "@/components/ui/label";
import type { BoardFilterOptions } from "@/lib/board/types";
import { FORECAST_HORIZONS } from "@/lib/forecast/forecast-filters";
import type { ForecastFilters, ForecastView } from "@/lib/forecast/types";

const selectClass = "h-9 rounded-md border border-slate-300 bg-white px-2 text-sm";

export function ForecastFiltersBar({
  filters,
  options,
  onChange,
  onReset,
}: {
  filters: ForecastFilters;
  options: BoardFilterOptions;
  onChange: (patch: Partial<ForecastFilters>) => void;
  onReset: () => void;
}) {
  const t = useTranslations("forecast.filters");
  const horizon = FORECAST_HORIZONS[filters.view];
  const span = (n: number) => (n === 0 ? t("none") : t(filters.view === "month" ? "months" : "weeks", { count: n }));
  return (
    <form role="search" aria-label={t("label")} className="mb-3 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <div>
        <Label htmlFor="forecast-view">{t("view")}</Label>
        <select
          id="forecast-view"
          className={selectClass}
          value={filters.view}
          onChange={(e) => {
            const view = e.target.value as ForecastView;
            onChange({ view, ...FORECAST_HORIZONS[view].defaults });
          }}
          data-testid="forecast-view"
        >
          {(["month", "week"] as const).map((v) => (
            <option key={v} value={v}>
              {t(`views.${v}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <Label htmlFor="forecast-past">{t("past")}</Label>
        <select id="forecast-past" className={selectClass} value={filters.past} onChange={(e) => onChange({ past: Number(e.target.value) })}>
          {horizon.past.map((n) => (
            <option key={n} value={n}>
              {span(n)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <Label htmlFor="forecast-ahead">{t("ahead")}</Label>
        <select id="forecast-ahead" className={selectClass} value={filters.ahead} onChange={(e) => onChange({ ahead: Number(e.target.value) })}>
          {horizon.ahead.map((n) => (
            <option key={n} value={n}>
              {span(n)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <Label htmlFor="forecast-owner">{t("owner")}</Label>
        <select id="forecast-owner" className={selectClass} value={filters.ownerId ?? ""} onChange={(e) => onChange({ ownerId: e.target.value || null })}>
          <option value="">{t("all")}</option>
          {options.owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {options.pipelines.length > 1 ? (
        <div>
          <Label htmlFor="forecast-pipeline">{t("pipeline")}</Label>
          <select id="forecast-pipeline" className={selectClass} value={filters.pipelineId ?? ""} onChange={(e) => onChange({ pipelineId: e.target.value || null })}>
            <option value="">{t("all")}</option>
            {options.pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div>
        <Label htmlFor="forecast-target">{t("target")}</Label>
        <select id="forecast-target" className={selectClass} value={filters.target ?? ""} onChange={(e) => onChange({ target: e.target.value || null })}>
          <option value="">{t("all")}</option>
          <option value="freee">freee</option>
          <option value="moneyforward">Money Forward</option>
          {options.accountingTargets.length > 1
            ? options.accountingTargets.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))
            : null}
        </select>
      </div>
      <label className="flex h-9 items-center gap-2 text-sm">
        <input type="checkbox" checked={filters.includePipeline} onChange={(e) => onChange({ includePipeline: e.target.checked })} data-testid="forecast-include-pipeline" />
        {t("includePipeline")}
      </label>
      <button type="button" onClick={onReset} className="h-9 rounded px-2 text-sm text-slate-600 underline hover:bg-slate-100">
        {t("reset")}
      </button>
    </form>
  );
}
