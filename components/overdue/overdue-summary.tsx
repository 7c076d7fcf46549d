"use client";

import { useTranslations } from "next-intl";
import { formatYen } from "@/lib/format";
import { AGING_BUCKETS, type AgingBucket } from "@/lib/overdue/constants";
import type { OverdueSummary } from "@/lib/overdue/types";
import { cn } from "@/lib/utils";

/** Older buckets are more urgent: the colour deepens with age. */
const BUCKET_TONE: Record<AgingBucket, string> = {
  "1-30": "border-amber-200 bg-amber-50/60",
  "31-60": "border-orange-200 bg-orange-50/70",
  "61-90": "border-red-200 bg-red-50/70",
  "91+": "border-red-300 bg-red-100/70",
};

/** Total overdue and one card per aging bucket; a bucket card is a toggle button that filters the list to it. */
export function OverdueSummaryCards({ summary, selected, onSelect }: { summary: OverdueSummary; selected: AgingBucket | null; onSelect: (bucket: AgingBucket | null) => void }) {
  const t = useTranslations("overdue");
  return (
    <section aria-label={t("summary.label")} className="grid grid-cols-2 gap-3 lg:grid-cols-5">
      <div className="col-span-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:col-span-1" data-testid="overdue-total" data-count={summary.count} data-amount={summary.outstanding}>
        <p className="text-xs font-medium text-slate-500">{t("summary.total")}</p>
        <p className="mt-1 text-2xl font-bold text-slate-900 tabular-nums">{formatYen(summary.outstanding)}</p>
        <p className="text-sm text-slate-600">{t("summary.count", { count: summary.count })}</p>
      </div>
      {AGING_BUCKETS.map((bucket) => {
        const figures = summary.buckets[bucket];
        const active = selected === bucket;
        return (
          <button
            key={bucket}
            type="button"
            aria-pressed={active}
            title={active ? t("summary.clearBucket") : t("summary.filterBucket", { bucket: t(`buckets.${bucket}`) })}
            onClick={() => onSelect(active ? null : bucket)}
            className={cn("rounded-lg border p-4 text-left shadow-sm transition hover:brightness-95", BUCKET_TONE[bucket], active && "ring-2 ring-brand-500")}
            data-testid={`overdue-bucket-${bucket}`}
            data-count={figures.count}
            data-amount={figures.outstanding}
          >
            <span className="block text-xs font-medium text-slate-600">{t(`buckets.${bucket}`)}</span>
            <span className="mt-1 block text-lg font-semibold text-slate-900 tabular-nums">{formatYen(figures.outstanding)}</span>
            <span className="block text-sm text-slate-600">{t("summary.count", { count: figures.count })}</span>
          </button>
        );
      })}
    </section>
  );
}
