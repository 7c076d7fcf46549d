"use client";

import { useTranslations } from "next-intl";
import { accountingTargetOptions, FilterCheckbox, FilterSelect, ResetFiltersButton, toOptions } from "@/components/ui/filter-controls";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useDebouncedSearch } from "@/components/ui/use-debounced-search";
import type { BoardFilterOptions, BoardFilters, PeriodPreset } from "@/lib/board/types";

const PERIODS: PeriodPreset[] = ["this_month", "last_month", "this_quarter", "last_90_days", "this_year", "custom"];

export function BoardFiltersBar({
  filters,
  options,
  canViewAll,
  onChange,
  onReset,
}: {
  filters: BoardFilters;
  options: BoardFilterOptions;
  canViewAll: boolean;
  onChange: (patch: Partial<BoardFilters>) => void;
  onReset: () => void;
}) {
  const t = useTranslations("board.filters");
  const [q, setQ] = useDebouncedSearch(filters.q, (next) => onChange({ q: next }));
  const amount = (v: string) => (v.trim() === "" ? null : Math.max(0, Math.round(Number(v.replace(/[,¥\s]/g, ""))) || 0));

  return (
    <form role="search" aria-label={t("label")} className="mb-3 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <div>
        <Label htmlFor="board-q">{t("search")}</Label>
        <Input id="board-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("searchPlaceholder")} className="h-9 w-60" data-testid="board-search" />
      </div>
      <FilterSelect id="board-period" label={t("period")} value={filters.period} options={PERIODS.map((p) => ({ value: p, label: t(`periods.${p}`) }))} onChange={(period) => period && onChange({ period: period as PeriodPreset })} />
      {filters.period === "custom" ? (
        <>
          <div>
            <Label htmlFor="board-from">{t("from")}</Label>
            <Input id="board-from" type="date" value={filters.from} onChange={(e) => e.target.value && onChange({ from: e.target.value })} className="h-9 w-36" />
          </div>
          <div>
            <Label htmlFor="board-to">{t("to")}</Label>
            <Input id="board-to" type="date" value={filters.to} onChange={(e) => e.target.value && onChange({ to: e.target.value })} className="h-9 w-36" />
          </div>
        </>
      ) : null}
      {canViewAll ? (
        <FilterSelect id="board-owner" label={t("owner")} allLabel={t("all")} value={filters.mine ? "" : filters.ownerId} disabled={filters.mine} options={toOptions(options.owners)} onChange={(ownerId) => onChange({ ownerId })} />
      ) : null}
      {options.pipelines.length > 1 ? (
        <FilterSelect id="board-pipeline" label={t("pipeline")} allLabel={t("all")} value={filters.pipelineId} options={toOptions(options.pipelines)} onChange={(pipelineId) => onChange({ pipelineId })} />
      ) : null}
      <FilterSelect id="board-target" label={t("target")} allLabel={t("all")} value={filters.target} options={accountingTargetOptions(options.accountingTargets)} onChange={(target) => onChange({ target })} />
      <div>
        <Label htmlFor="board-min">{t("minAmount")}</Label>
        <Input id="board-min" inputMode="numeric" defaultValue={filters.minAmount ?? ""} onBlur={(e) => onChange({ minAmount: amount(e.target.value) })} className="h-9 w-32" placeholder="¥" />
      </div>
      <div>
        <Label htmlFor="board-max">{t("maxAmount")}</Label>
        <Input id="board-max" inputMode="numeric" defaultValue={filters.maxAmount ?? ""} onBlur={(e) => onChange({ maxAmount: amount(e.target.value) })} className="h-9 w-32" placeholder="¥" />
      </div>
      {canViewAll ? (
        <FilterCheckbox label={t("mine")} checked={filters.mine} onChange={(mine) => onChange({ mine })} testId="board-mine" />
      ) : null}
      <ResetFiltersButton label={t("reset")} onReset={onReset} />
    </form>
  );
}
