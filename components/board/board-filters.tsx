"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { BoardFilterOptions, BoardFilters, PeriodPreset } from "@/lib/board/types";

const PERIODS: PeriodPreset[] = ["this_month", "last_month", "this_quarter", "last_90_days", "this_year", "custom"];
const selectClass = "h-9 rounded-md border border-slate-300 bg-white px-2 text-sm";

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
  const [q, setQ] = useState(filters.q ?? "");
  // Typing in the search box queries the server after a short pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = q.trim() || null;
      if (next !== filters.q) onChange({ q: next });
    }, 300);
    return () => clearTimeout(timer);
  }, [q, filters.q, onChange]);
  const amount = (v: string) => (v.trim() === "" ? null : Math.max(0, Math.round(Number(v.replace(/[,¥\s]/g, ""))) || 0));

  return (
    <form role="search" aria-label={t("label")} className="mb-3 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <div>
        <Label htmlFor="board-q">{t("search")}</Label>
        <Input id="board-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("searchPlaceholder")} className="h-9 w-60" data-testid="board-search" />
      </div>
      <div>
        <Label htmlFor="board-period">{t("period")}</Label>
        <select id="board-period" className={selectClass} value={filters.period} onChange={(e) => onChange({ period: e.target.value as PeriodPreset })}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`periods.${p}`)}
            </option>
          ))}
        </select>
      </div>
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
        <div>
          <Label htmlFor="board-owner">{t("owner")}</Label>
          <select id="board-owner" className={selectClass} value={filters.mine ? "" : (filters.ownerId ?? "")} disabled={filters.mine} onChange={(e) => onChange({ ownerId: e.target.value || null })}>
            <option value="">{t("all")}</option>
            {options.owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {options.pipelines.length > 1 ? (
        <div>
          <Label htmlFor="board-pipeline">{t("pipeline")}</Label>
          <select id="board-pipeline" className={selectClass} value={filters.pipelineId ?? ""} onChange={(e) => onChange({ pipelineId: e.target.value || null })}>
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
        <Label htmlFor="board-target">{t("target")}</Label>
        <select id="board-target" className={selectClass} value={filters.target ?? ""} onChange={(e) => onChange({ target: e.target.value || null })}>
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
      <div>
        <Label htmlFor="board-min">{t("minAmount")}</Label>
        <Input id="board-min" inputMode="numeric" defaultValue={filters.minAmount ?? ""} onBlur={(e) => onChange({ minAmount: amount(e.target.value) })} className="h-9 w-32" placeholder="¥" />
      </div>
      <div>
        <Label htmlFor="board-max">{t("maxAmount")}</Label>
        <Input id="board-max" inputMode="numeric" defaultValue={filters.maxAmount ?? ""} onBlur={(e) => onChange({ maxAmount: amount(e.target.value) })} className="h-9 w-32" placeholder="¥" />
      </div>
      {canViewAll ? (
        <label className="flex h-9 items-center gap-2 text-sm">
          <input type="checkbox" checked={filters.mine} onChange={(e) => onChange({ mine: e.target.checked })} data-testid="board-mine" />
          {t("mine")}
        </label>
      ) : null}
      <button type="button" onClick={onReset} className="h-9 rounded px-2 text-sm text-slate-600 underline hover:bg-slate-100">
        {t("reset")}
      </button>
    </form>
  );
}
