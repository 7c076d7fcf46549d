"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { Dialog } from "radix-ui";
import { fetchJson } from "@/components/providers/query-provider";
import type { BoardCard, DealTimeline } from "@/lib/board/types";
import { formatDate, formatDateTime, formatYen } from "@/lib/format";
import { cn } from "@/lib/utils";

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function TimelineDialog({ card, onClose, canOpenDraft }: { card: BoardCard | null; onClose: () => void; canOpenDraft: boolean }) {
  const t = useTranslations("board");
  const locale = useLocale() === "en" ? "en" : "ja";
  const { data, isError, isPending } = useQuery({
    queryKey: ["board-timeline", card?.connectionId, card?.dealId],
    queryFn: () => fetchJson<DealTimeline>(`/api/board/timeline?connectionId=${encodeURIComponent(card!.connectionId)}&dealId=${encodeURIComponent(card!.dealId)}`),
    enabled: card !== null,
    refetchInterval: 5000,
  });
  const when = (at: string | null) => (at === null ? null : PLAIN_DATE.test(at) ? formatDate(at, locale) : formatDateTime(at, locale));

  return (
    <Dialog.Root open={card !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[85vh] w-[min(92vw,560px)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl" data-testid="timeline-dialog">
          <Dialog.Title className="text-base font-semibold text-slate-900">{t("timeline.title")}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            {card?.companyName ?? "—"} · {card?.dealName} · {formatYen(card?.amount ?? 0)}
          </Dialog.Description>
          {isError ? <p className="mt-4 text-sm text-red-700">{t("timeline.error")}</p> : null}
          {isPending && card ? <p className="mt-4 text-sm text-slate-500">{t("loading")}</p> : null}
          {data ? (
            <>
              <ol className="mt-4 space-y-3 border-l-2 border-slate-200 pl-4">
                {data.steps.map((step) => (
                  <li key={step.key} className="relative" data-testid={`timeline-step-${step.key}`} data-done={step.done}>
                    <span
                      className={cn(
                        "absolute top-1 -left-[23px] h-3 w-3 rounded-full border-2",
                        step.key === "post_failed" || step.key === "rejected" ? "border-red-600 bg-red-600" : step.done ? "border-emerald-600 bg-emerald-600" : "border-slate-300 bg-white",
                      )}
                    />
                    <p className={cn("text-sm font-medium", step.done ? "text-slate-900" : "text-slate-400")}>{t(`timeline.steps.${step.key}`)}</p>
                    <p className="text-xs text-slate-500">
                      {step.done ? (when(step.at) ?? "") : t("timeline.pending")}
                      {step.by ? ` · ${step.key === "won" && ["webhook", "poll", "full_sync"].includes(step.by) ? t(`timeline.source.${step.by as "webhook"}`) : step.by}` : ""}
                      {step.key === "won" && step.detail === "reentry" ? ` · ${t("timeline.reentry")}` : ""}
                      {step.key === "posted" && step.detail ? ` · ${step.detail}` : ""}
                      {step.key === "paid" && step.detail && step.detail !== "paid" ? ` · ${t(`states.${step.detail === "unpaid" ? "posted" : step.detail === "cancelled" ? "cancelled" : "partially_paid"}`)}` : ""}
                    </p>
                    {(step.key === "post_failed" || step.key === "rejected") && step.detail ? <p className="text-xs break-words text-red-700">{step.detail}</p> : null}
                  </li>
                ))}
              </ol>
              {data.syncFailures.length > 0 ? (
                <div className="mt-4 rounded bg-amber-50 p-2 text-xs text-amber-900">
                  <p className="font-medium">{t("timeline.syncFailures")}</p>
                  {data.syncFailures.map((f, i) => (
                    <p key={i}>
                      {f.object}: {f.reason}
                    </p>
                  ))}
                </div>
              ) : null}
              <div className="mt-5 flex flex-wrap gap-3 text-sm">
                {data.hubspotUrl ? (
                  <a href={data.hubspotUrl} target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline" data-testid="link-hubspot">
                    {t("timeline.openHubspot")}
                  </a>
                ) : null}
                {data.accountingUrl ? (
                  <a href={data.accountingUrl} target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline" data-testid="link-accounting">
                    {t("timeline.openAccounting")}
                  </a>
                ) : null}
                {canOpenDraft && data.invoiceDraftUrl ? (
                  <Link href={data.invoiceDraftUrl} className="font-medium text-brand-700 underline">
                    {t("timeline.openDraft")}
                  </Link>
                ) : null}
              </div>
            </>
          ) : null}
          <Dialog.Close className="absolute top-3 right-3 rounded px-2 py-1 text-sm text-slate-500 hover:bg-slate-100" aria-label={t("timeline.close")}>
            ✕
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
