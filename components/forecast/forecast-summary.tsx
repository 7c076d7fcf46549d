"use client";

import { useLocale, useTranslations } from "next-intl";
import { Card } from "@/components/ui/card";
import type { ForecastData } from "@/lib/forecast/types";
import { formatDate, formatYen } from "@/lib/format";
import { cn } from "@/lib/utils";

function Kpi({ label, value, hint, testId, tone }: { label: string; value: number; hint: string; testId: string; tone?: "danger" }) {
  return (
    <Card className="px-4 py-3" data-testid={testId} data-amount={value}>
      <div className="text-xs font-medium text-slate-500">{label}</div>
      <div className={cn("mt-1 text-2xl font-bold tabular-nums", tone === "danger" && value > 0 ? "text-red-700" : "text-slate-900")}>{formatYen(value)}</div>
      <div className="mt-0.5 text-xs text-slate-500">{hint}</div>
    </Card>
  );
}

/** "Won this month vs cash in": the four figures an executive asks for first. */
export function ForecastSummary({ forecast }: { forecast: ForecastData }) {
  const t = useTranslations("forecast.kpi");
  const locale = useLocale() === "en" ? "en" : "ja";
  const m = forecast.thisMonth;
  const aging = forecast.notes.overdueAging;
  return (
    <div className="mb-4 grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Kpi label={t("won")} value={m.won.amount} hint={t("wonHint", { count: m.won.count })} testId="kpi-won" />
      <Kpi label={t("received")} value={m.received} hint={t("receivedHint", { date: formatDate(forecast.today, locale) })} testId="kpi-received" />
      <Kpi label={t("expected")} value={m.expected} hint={t("expectedHint")} testId="kpi-expected" />
      <Kpi
        label={t("overdue")}
        value={m.overdue}
        hint={t("overdueHint", { upTo30: formatYen(aging.upTo30), upTo90: formatYen(aging.upTo90), over90: formatYen(aging.over90) })}
        testId="kpi-overdue"
        tone="danger"
      />
    </div>
  );
}
