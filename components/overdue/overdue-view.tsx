"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { useLiveQuery } from "@/components/providers/use-live-query";
import { formatDate, formatYen } from "@/lib/format";
import { overdueFiltersToQuery, parseOverdueFilters } from "@/lib/overdue/overdue-filters";
import type { OverdueFilters, OverdueItem, OverdueList } from "@/lib/overdue/types";
import { FollowUpDialog } from "./follow-up-dialog";
import { OverdueFiltersBar } from "./overdue-filters-bar";
import { OverdueSummaryCards } from "./overdue-summary";
import { OverdueTable } from "./overdue-table";

/** The list changes with payments (accounting sync) and follow-ups: re-read now and then, and after every change here. */
const REFRESH_MS = 30_000;

export type OverduePermissions = { viewAll: boolean; followUp: boolean };

export function OverdueView({ initial, owners, permissions, hasOwner }: { initial: OverdueList; owners: { id: string; label: string }[]; permissions: OverduePermissions; hasOwner: boolean }) {
  const t = useTranslations("overdue");
  const locale = useLocale() === "en" ? "en" : "ja";
  const [filters, setFilters] = useState<OverdueFilters>(initial.filters);
  const [open, setOpen] = useState<OverdueItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resets, setResets] = useState(0);
  const query = overdueFiltersToQuery(filters).toString();
  const { data: list, isError } = useLiveQuery({ key: ["overdue", "list"], endpoint: "/api/overdue", query, initial, initialQuery: overdueFiltersToQuery(initial.filters).toString(), refreshMs: REFRESH_MS, staleTime: 5_000 });

  const apply = useCallback((next: OverdueFilters) => {
    const qs = overdueFiltersToQuery(next).toString();
    window.history.replaceState(null, "", `/overdue${qs ? `?${qs}` : ""}`);
    setFilters(next);
  }, []);
  // Any filter or sort change starts again at page 1; paging itself keeps the rest.
  const onChange = useCallback(
    (patch: Partial<OverdueFilters>) => setFilters((current) => {
      const next = parseOverdueFilters(overdueFiltersToQuery({ ...current, page: 1, ...patch }));
      const qs = overdueFiltersToQuery(next).toString();
      window.history.replaceState(null, "", `/overdue${qs ? `?${qs}` : ""}`);
      return next;
    }),
    [],
  );
  const onReset = useCallback(() => {
    apply(parseOverdueFilters(new URLSearchParams()));
    setResets((n) => n + 1);
  }, [apply]);

  const exportQuery = overdueFiltersToQuery(filters, { page: false }).toString();
  const filtered = filters.bucket !== null || filters.q !== null || filters.brokenPromise || (filters.ownerId !== null && !list.mine);

  return (
    <div className="space-y-4">
      <OverdueSummaryCards summary={list.summary} selected={filters.bucket} onSelect={(bucket) => onChange({ bucket })} />
      <OverdueFiltersBar key={resets} filters={filters} owners={owners} canViewAll={permissions.viewAll} onChange={onChange} onReset={onReset} exportHref={`/api/overdue/export${exportQuery ? `?${exportQuery}` : ""}`} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500" data-testid="overdue-scope">
        <span>{t("asOf", { today: formatDate(list.today, locale), cutoff: formatDate(list.cutoff, locale) })}</span>
        {list.mine ? <span className="font-medium text-slate-700">{hasOwner ? t("scope.mineOnly") : t("scope.noOwner")}</span> : null}
        {isError ? <span className="text-red-700">{t("loadError")}</span> : null}
        {list.outside && list.outside.count > 0 ? (
          <span data-testid="overdue-outside" data-count={list.outside.count} data-amount={list.outside.outstanding}>
            {t("scope.outside", { count: list.outside.count, amount: formatYen(list.outside.outstanding) })}
          </span>
        ) : null}
      </div>
      {notice ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="overdue-notice">
          {notice}
        </p>
      ) : null}
      <OverdueTable
        list={list}
        filters={filters}
        filtered={filtered}
        canFollowUp={permissions.followUp}
        onSort={(sort, dir) => onChange({ sort, dir })}
        onPage={(page) => apply({ ...filters, page })}
        onOpen={(item) => {
          setNotice(null);
          setOpen(item);
        }}
      />
      <FollowUpDialog
        item={open}
        today={list.today}
        canRecord={permissions.followUp}
        onClose={() => setOpen(null)}
        onSaved={(message) => {
          setOpen(null);
          setNotice(message);
        }}
      />
    </div>
  );
}
