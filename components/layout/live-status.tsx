"use client";

import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { DataAsOf } from "@/lib/board/types";
import { formatDateTime } from "@/lib/format";

/**
 * The strip above a live screen (board, forecast): whether polling works, when the figures were computed, and as of
 * when each source was last synced (a source whose sync fails is marked). `children` adds the screen's own notes.
 */
export function LiveStatus({ generatedAt, dataAsOf, isFetching, isError, className, children }: { generatedAt: string; dataAsOf: DataAsOf[]; isFetching: boolean; isError: boolean; className?: string; children?: ReactNode }) {
  const t = useTranslations("common.liveStatus");
  const locale = useLocale() === "en" ? "en" : "ja";
  return (
    <div className={`flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500 ${className ?? ""}`} data-testid="data-as-of">
      <span className="inline-flex items-center gap-1">
        <span className={isError ? "h-2 w-2 rounded-full bg-red-500" : isFetching ? "h-2 w-2 animate-pulse rounded-full bg-emerald-500" : "h-2 w-2 rounded-full bg-emerald-500"} />
        {t("live")} · {t("updatedAt", { time: formatDateTime(generatedAt, locale) })}
      </span>
      <span>{t("dataAsOf")}:</span>
      {dataAsOf.map((s) => (
        <span key={s.connectionId} className={s.lastError ? "text-red-700" : undefined} title={s.lastError ? t("syncError", { error: s.lastError }) : undefined}>
          {t(`sources.${s.provider as "hubspot"}`)} {s.lastSuccessAt ? formatDateTime(s.lastSuccessAt, locale) : t("never")}
          {s.lastError ? " ⚠" : ""}
        </span>
      ))}
      {children}
    </div>
  );
}
