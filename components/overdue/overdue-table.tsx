"use client";

import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDate, formatYen } from "@/lib/format";
import type { AgingBucket } from "@/lib/overdue/constants";
import type { Urgency } from "@/lib/overdue/next-action";
import type { OverdueFilters, OverdueItem, OverdueList, OverdueSortKey, SortDirection } from "@/lib/overdue/types";
import { cn } from "@/lib/utils";

const BUCKET_BADGE: Record<AgingBucket, "warning" | "danger" | "neutral"> = { "1-30": "warning", "31-60": "warning", "61-90": "danger", "91+": "danger" };
export const URGENCY_CLASS: Record<Urgency, string> = {
  1: "bg-slate-100 text-slate-800",
  2: "bg-amber-100 text-amber-900",
  3: "bg-orange-100 text-orange-900",
  4: "bg-red-100 text-red-900",
};
/** A first click sorts the way people usually want: most days late, largest amount, earliest due date first. */
const FIRST_DIRECTION: Record<OverdueSortKey, SortDirection> = { days_late: "desc", amount: "desc", due_date: "asc" };

function SortHeader({ label, sortKey, filters, onSort, className }: { label: string; sortKey: OverdueSortKey; filters: OverdueFilters; onSort: (sort: OverdueSortKey, dir: SortDirection) => void; className?: string }) {
  const t = useTranslations("overdue.sort");
  const active = filters.sort === sortKey;
  const next: SortDirection = active ? (filters.dir === "asc" ? "desc" : "asc") : FIRST_DIRECTION[sortKey];
  return (
    <Th aria-sort={active ? (filters.dir === "asc" ? "ascending" : "descending") : "none"} className={cn("px-2 whitespace-nowrap", className)}>
      <button type="button" onClick={() => onSort(sortKey, next)} className="inline-flex items-center gap-1 rounded hover:text-slate-900" title={t("sortBy", { column: label })} data-testid={`overdue-sort-${sortKey}`}>
        {label}
        <span aria-hidden className={active ? "text-slate-900" : "text-slate-300"}>
          {active && filters.dir === "asc" ? "▲" : "▼"}
        </span>
        {active ? <span className="sr-only">{filters.dir === "asc" ? t("ascending") : t("descending")}</span> : null}
      </button>
    </Th>
  );
}

function ExternalLink({ href, label, children, testId }: { href: string | null; label: string; children: ReactNode; testId: string }) {
  if (!href) return <>{children}</>;
  return (
    <a href={href} target="_blank" rel="noreferrer" aria-label={label} className="text-brand-700 underline decoration-brand-200 underline-offset-2 hover:decoration-brand-700" data-testid={testId}>
      {children}
    </a>
  );
}

export function OverdueTable({
  list,
  filters,
  filtered,
  canFollowUp,
  onSort,
  onPage,
  onOpen,
}: {
  list: OverdueList;
  filters: OverdueFilters;
  filtered: boolean;
  canFollowUp: boolean;
  onSort: (sort: OverdueSortKey, dir: SortDirection) => void;
  onPage: (page: number) => void;
  onOpen: (item: OverdueItem) => void;
}) {
  const t = useTranslations("overdue");
  const locale = useLocale() === "en" ? "en" : "ja";
  const date = (d: string | null) => formatDate(d, locale);
  const from = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1;
  const to = Math.min(list.total, list.page * list.pageSize);

  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <Table data-testid="overdue-table" aria-label={t("title")}>
        <thead>
          <tr>
            <Th className="px-2">{t("columns.customer")}</Th>
            <Th className="px-2 whitespace-nowrap">{t("columns.invoice")}</Th>
            <SortHeader label={t("columns.due")} sortKey="due_date" filters={filters} onSort={onSort} />
            <SortHeader label={t("columns.daysLate")} sortKey="days_late" filters={filters} onSort={onSort} />
            <SortHeader label={t("columns.amount")} sortKey="amount" filters={filters} onSort={onSort} className="text-right" />
            <Th className="px-2 whitespace-nowrap">{t("columns.owner")}</Th>
            <Th className="min-w-32 px-2">{t("columns.followUp")}</Th>
            <Th className="min-w-36 px-2">{t("columns.next")}</Th>
          </tr>
        </thead>
        <tbody>
          {list.items.length === 0 ? (
            <tr>
              <Td colSpan={8} className="py-8 text-center text-slate-500" data-testid="overdue-empty">
                {filtered ? t("emptyFiltered") : t("empty")}
              </Td>
            </tr>
          ) : null}
          {list.items.map((item) => {
            const f = item.followUps;
            return (
              <tr
                key={`${item.connectionId}:${item.dealId}`}
                className={cn("align-top", f.brokenPromise && "bg-red-50/60")}
                data-testid="overdue-row"
                data-deal-id={item.dealId}
                data-owner-id={item.ownerId ?? ""}
                data-outstanding={item.outstanding}
                data-broken-promise={f.brokenPromise}
              >
                <Td className="max-w-56 px-2">
                  <p className="font-medium text-slate-900">{item.companyName ?? "—"}</p>
                  <p className="text-xs">
                    <ExternalLink href={item.hubspotUrl} label={t("row.openHubspotLabel", { deal: item.dealName })} testId="overdue-link-hubspot">
                      {item.dealName}
                    </ExternalLink>
                  </p>
                </Td>
                <Td className="px-2 whitespace-nowrap">
                  <p>
                    <ExternalLink href={item.accountingUrl} label={t("row.openAccountingLabel", { invoice: item.invoiceNumber ?? "" })} testId="overdue-link-accounting">
                      {item.invoiceNumber ?? "—"}
                    </ExternalLink>
                  </p>
                  <p className="text-xs text-slate-500">{date(item.billingDate)}</p>
                </Td>
                <Td className="px-2 whitespace-nowrap tabular-nums">{date(item.dueDate)}</Td>
                <Td className="px-2 whitespace-nowrap">
                  <p className="font-semibold text-slate-900 tabular-nums" data-testid="overdue-days-late" data-days={item.daysLate}>
                    {t("row.daysLate", { days: item.daysLate })}
                  </p>
                  <Badge tone={BUCKET_BADGE[item.bucket]}>{t(`buckets.${item.bucket}`)}</Badge>
                </Td>
                <Td className="px-2 text-right whitespace-nowrap tabular-nums">
                  <p className="font-semibold text-slate-900">{formatYen(item.outstanding)}</p>
                  <p className="text-xs text-slate-500">{t("row.ofTotal", { amount: formatYen(item.total) })}</p>
                  {item.paidAmount > 0 ? <p className="text-xs text-emerald-700">{t("row.partial", { amount: formatYen(item.paidAmount) })}</p> : null}
                  {item.lastPaidOn ? (
                    <p className="text-xs text-slate-500" data-testid="overdue-last-paid">
                      {t("row.lastPaid", { date: date(item.lastPaidOn) })}
                    </p>
                  ) : null}
                </Td>
                <Td className="px-2 text-xs whitespace-nowrap">{item.ownerName ?? t("row.noOwner")}</Td>
                <Td className="px-2 text-xs" data-testid="overdue-last-contact">
                  {f.lastContactOn ? (
                    <p title={f.lastMemo ?? undefined}>
                      {date(f.lastContactOn)} · {f.lastChannel ? t(`channels.${f.lastChannel}`) : ""}
                      {f.count > 1 ? <span className="text-slate-500"> ({t("row.contactCount", { count: f.count })})</span> : null}
                    </p>
                  ) : (
                    <p className="text-slate-400">{t("row.noContact")}</p>
                  )}
                  {f.lastMemo ? <p className="line-clamp-2 text-slate-500">{f.lastMemo}</p> : null}
                  {f.promisedOn ? (
                    <p className={cn("mt-1", f.brokenPromise ? "font-semibold text-red-700" : "text-slate-700")} data-testid="overdue-promised">
                      {t("row.promised", { date: date(f.promisedOn) })}
                      {f.brokenPromise ? <span className="block">{t("row.brokenPromise")}</span> : null}
                    </p>
                  ) : null}
                </Td>
                <Td className="px-2 text-xs">
                  <span className={cn("inline-block rounded px-2 py-1 font-medium", URGENCY_CLASS[item.next.urgency])} title={t(`next.${item.next.kind}.detail`)} data-testid="overdue-next" data-kind={item.next.kind}>
                    {t(`next.${item.next.kind}.label`, { date: item.next.on ? date(item.next.on) : "" })}
                  </span>
                  <div className="mt-1">
                    <Button
                      size="sm"
                      variant={canFollowUp ? "secondary" : "ghost"}
                      className="h-7 px-2 text-xs"
                      onClick={() => onOpen(item)}
                      aria-label={canFollowUp ? t("row.recordLabel", { company: item.companyName ?? item.dealName }) : t("row.historyLabel", { company: item.companyName ?? item.dealName })}
                      data-testid="overdue-open"
                    >
                      {canFollowUp ? t("row.record") : t("row.history")}
                    </Button>
                  </div>
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <nav aria-label={t("pager.label")} className="flex items-center justify-between gap-3 border-t border-slate-100 px-4 py-2 text-sm text-slate-600">
        <span data-testid="overdue-range" data-total={list.total}>
          {t("pager.range", { total: list.total, from, to })}
        </span>
        <span className="flex items-center gap-2">
          <Button size="sm" variant="secondary" disabled={list.page <= 1} onClick={() => onPage(list.page - 1)} data-testid="overdue-prev">
            {t("pager.prev")}
          </Button>
          <span className="tabular-nums">{t("pager.page", { page: list.page, pages: list.pageCount })}</span>
          <Button size="sm" variant="secondary" disabled={list.page >= list.pageCount} onClick={() => onPage(list.page + 1)} data-testid="overdue-next-page">
            {t("pager.next")}
          </Button>
        </span>
      </nav>
    </div>
  );
}
