"use client";

import { useTranslations } from "next-intl";
import { accountingTargetOptions, FilterCheckbox, FilterSelect, ResetFiltersButton, toOptions } from "@/components/ui/filter-controls";
import type { BoardFilterOptions } from "@/lib/board/types";
import { FORECAST_HORIZONS } from "@/lib/forecast/forecast-filters";
import type { ForecastFilters, ForecastView } from "@/lib/forecast/types";

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
      <FilterSelect
        id="forecast-view"
        testId="forecast-view"
        label={t("view")}
        value={filters.view}
        options={(["month", "week"] as const).map((v) => ({ value: v, label: t(`views.${v}`) }))}
        onChange={(value) => {
          const view = (value ?? "month") as ForecastView;
          onChange({ view, ...FORECAST_HORIZONS[view].defaults });
        }}
      />
      <FilterSelect id="forecast-past" label={t("past")} value={String(filters.past)} options={horizon.past.map((n) => ({ value: String(n), label: span(n) }))} onChange={(v) => onChange({ past: Number(v) })} />
      <FilterSelect id="forecast-ahead" label={t("ahead")} value={String(filters.ahead)} options={horizon.ahead.map((n) => ({ value: String(n), label: span(n) }))} onChange={(v) => onChange({ ahead: Number(v) })} />
      <FilterSelect id="forecast-owner" label={t("owner")} allLabel={t("all")} value={filters.ownerId} options={toOptions(options.owners)} onChange={(ownerId) => onChange({ ownerId })} />
      {options.pipelines.length > 1 ? (
        <FilterSelect id="forecast-pipeline" label={t("pipeline")} allLabel={t("all")} value={filters.pipelineId} options={toOptions(options.pipelines)} onChange={(pipelineId) => onChange({ pipelineId })} />
      ) : null}
      <FilterSelect id="forecast-target" label={t("target")} allLabel={t("all")} value={filters.target} options={accountingTargetOptions(options.accountingTargets)} onChange={(target) => onChange({ target })} />
      <FilterCheckbox label={t("includePipeline")} checked={filters.includePipeline} onChange={(includePipeline) => onChange({ includePipeline })} testId="forecast-include-pipeline" />
      <ResetFiltersButton label={t("reset")} onReset={onReset} />
    </form>
  );
}
