"use client";

import { useTranslations } from "next-intl";
import { FilterCheckbox, FilterSelect, ResetFiltersButton, toOptions } from "@/components/ui/filter-controls";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useDebouncedSearch } from "@/components/ui/use-debounced-search";
import { AGING_BUCKETS, type AgingBucket } from "@/lib/overdue/constants";
import type { OverdueFilters } from "@/lib/overdue/types";


export function OverdueFiltersBar({
  filters,
  owners,
  canViewAll,
  onChange,
  onReset,
  exportHref,
}: {
  filters: OverdueFilters;
  owners: { id: string; label: string }[];
  canViewAll: boolean;
  onChange: (patch: Partial<OverdueFilters>) => void;
  onReset: () => void;
  exportHref: string;
}) {
  const t = useTranslations("overdue");
  const [q, setQ] = useDebouncedSearch(filters.q, (next) => onChange({ q: next }));

  return (
    <form role="search" aria-label={t("filters.label")} className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <div>
        <Label htmlFor="overdue-q">{t("filters.search")}</Label>
        <Input id="overdue-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("filters.searchPlaceholder")} className="h-9 w-56" data-testid="overdue-search" />
      </div>
      <FilterSelect id="overdue-bucket" label={t("filters.bucket")} allLabel={t("filters.all")} value={filters.bucket} options={AGING_BUCKETS.map((b) => ({ value: b, label: t(`buckets.${b}`) }))} onChange={(bucket) => onChange({ bucket: bucket as AgingBucket | null })} />
      {canViewAll ? (
        <>
          <FilterSelect id="overdue-owner" testId="overdue-owner" label={t("filters.owner")} allLabel={t("filters.all")} value={filters.mine ? "" : filters.ownerId} disabled={filters.mine} options={toOptions(owners)} onChange={(ownerId) => onChange({ ownerId })} />
          <FilterCheckbox label={t("filters.mine")} checked={filters.mine} onChange={(mine) => onChange({ mine })} testId="overdue-mine" />
        </>
      ) : null}
      <FilterCheckbox label={t("filters.brokenPromise")} checked={filters.brokenPromise} onChange={(brokenPromise) => onChange({ brokenPromise })} testId="overdue-broken" />
      <ResetFiltersButton label={t("filters.reset")} onReset={onReset} />
      <a href={exportHref} download className="ml-auto inline-flex h-9 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50" title={t("exportHint")} data-testid="overdue-export">
        {t("export")}
      </a>
    </form>
  );
}
