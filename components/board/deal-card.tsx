"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState, type KeyboardEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { repostDraftAction } from "@/lib/actions/invoices";
import type { BoardCard } from "@/lib/board/types";
import { formatDate, formatYen } from "@/lib/format";
import { cn } from "@/lib/utils";

export type BoardPermissions = { viewAll: boolean; editInvoices: boolean; postInvoices: boolean; syncView: boolean };

const STATE_TONES: Record<string, "neutral" | "info" | "success" | "warning" | "danger"> = {
  no_draft: "neutral",
  draft: "info",
  blocked: "warning",
  approved: "info",
  posting: "info",
  post_failed: "danger",
  rejected: "warning",
  posted: "info",
  partially_paid: "warning",
  paid: "success",
  cancelled: "danger",
};

export function DealCard({
  card,
  index,
  permissions,
  onOpen,
  onKeyNav,
}: {
  card: BoardCard;
  index: number;
  permissions: BoardPermissions;
  onOpen: (card: BoardCard) => void;
  onKeyNav: (event: KeyboardEvent<HTMLElement>, index: number) => void;
}) {
  const t = useTranslations("board");
  const locale = useLocale() === "en" ? "en" : "ja";
  const [retry, setRetry] = useState<{ state: "idle" | "busy" | "done" | "error"; message?: string }>({ state: "idle" });
  const overdue = card.column === "awaiting" && (card.daysLate ?? 0) > 0;
  const date =
    card.column === "won"
      ? { label: t("card.wonAt"), value: card.wonAt ?? card.closeDate }
      : card.column === "paid"
        ? { label: t("card.paidOn"), value: card.paidOn }
        : { label: t("card.dueDate"), value: card.dueDate };

  async function retryPost() {
    if (!card.draftId) return;
    setRetry({ state: "busy" });
    const result = await repostDraftAction({ draftId: card.draftId });
    setRetry(result.ok ? { state: "done" } : { state: "error", message: result.message });
  }

  return (
    <article
      tabIndex={0}
      role="button"
      aria-label={t("card.open", { deal: card.dealName })}
      data-card-index={index}
      data-testid="board-card"
      data-deal-id={card.dealId}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("a,button")) return;
        onOpen(card);
      }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          onOpen(card);
        } else onKeyNav(e, index);
      }}
      className={cn(
        "cursor-pointer rounded-md border bg-white p-3 text-sm shadow-sm outline-none transition hover:border-brand-300 focus-visible:ring-2 focus-visible:ring-brand-500",
        overdue ? "border-l-4 border-red-300 border-l-red-600" : card.stuck ? "border-l-4 border-amber-300 border-l-amber-500" : "border-slate-200",
      )}
    >
      <div className="flex items-start justify-between gap-2">
        <p className="min-w-0 truncate font-semibold text-slate-900" title={card.companyName ?? undefined}>
          {card.companyName ?? "—"}
        </p>
        <p className="shrink-0 font-semibold tabular-nums text-slate-900" data-testid="card-amount">
          {formatYen(card.amount)}
        </p>
      </div>
      <p className="truncate text-slate-600" title={card.dealName}>
        {card.dealName}
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
        <span>{card.ownerName ?? t("card.noOwner")}</span>
        <span>
          {date.label} {formatDate(date.value, locale)}
        </span>
        {card.invoiceNumber ? (
          <span>
            {t("card.invoiceNumber")} {card.invoiceNumber}
          </span>
        ) : null}
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Badge tone={STATE_TONES[card.state] ?? "neutral"}>{t(`states.${card.state}`)}</Badge>
        {card.column === "awaiting" ? (
          <Badge tone={overdue ? "danger" : "warning"} data-testid="days-late">
            {overdue ? t("card.daysLate", { days: card.daysLate ?? 0 }) : t("card.dueToday")}
          </Badge>
        ) : null}
      </div>
      {card.stuck ? (
        <div className="mt-2 rounded bg-amber-50 p-2 text-xs text-amber-900" data-testid="stuck-reason">
          <p className="font-medium">{t(`stuck.${card.stuck.kind}`)}</p>
          {card.stuck.kind === "blocked"
            ? card.stuck.issues.slice(0, 2).map((issue, i) => <p key={i}>{locale === "en" ? issue.en : issue.ja}</p>)
            : null}
          {card.stuck.kind === "post_failed" && card.stuck.error ? <p className="break-words">{card.stuck.error}</p> : null}
          {card.stuck.kind === "rejected" && card.stuck.reason ? <p className="break-words">{card.stuck.reason}</p> : null}
          {card.stuck.kind === "sync_failure" ? <p className="break-words">{card.stuck.reason}</p> : null}
          <div className="mt-1 flex flex-wrap gap-2">
            {permissions.editInvoices && card.draftId && card.stuck.kind !== "sync_failure" ? (
              <Link href={`/invoices/${card.draftId}`} className="font-medium text-brand-700 underline">
                {t("actions.openDraft")}
              </Link>
            ) : null}
            {permissions.postInvoices && card.stuck.kind === "post_failed" ? (
              <button type="button" onClick={retryPost} disabled={retry.state === "busy" || retry.state === "done"} className="font-medium text-brand-700 underline disabled:text-slate-400">
                {retry.state === "done" ? t("actions.retried") : t("actions.retryPost")}
              </button>
            ) : null}
            {permissions.syncView && card.stuck.kind === "sync_failure" ? (
              <Link href="/sync" className="font-medium text-brand-700 underline">
                {t("actions.openSync")}
              </Link>
            ) : null}
          </div>
          {retry.state === "error" ? <p className="text-red-700">{t("actions.retryFailed", { error: retry.message ?? "" })}</p> : null}
        </div>
      ) : null}
    </article>
  );
}
