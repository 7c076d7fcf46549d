import type { ForecastView } from "./types";

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * A period's label from its plain JST dates (no Date objects, so the browser's time zone cannot move a month):
 * 2026年12月 / Dec 2026 for months, 12/7〜12/13 / 7–13 Dec for weeks. `short` drops the year (chart axis).
 */
export function formatPeriod(view: ForecastView, start: string, end: string, locale: "ja" | "en", short = false): string {
  const [y, m, d] = start.split("-").map(Number) as [number, number, number];
  const [, m2, d2] = end.split("-").map(Number) as [number, number, number];
  if (view === "month") {
    if (locale === "ja") return short ? `${m}月` : `${y}年${m}月`;
    return short ? MONTHS_EN[m - 1]! : `${MONTHS_EN[m - 1]} ${y}`;
  }
  if (locale === "ja") return short ? `${m}/${d}〜` : `${m}/${d}〜${m2}/${d2}`;
  if (short) return `${d} ${MONTHS_EN[m - 1]}`;
  return m === m2 ? `${d}–${d2} ${MONTHS_EN[m - 1]}` : `${d} ${MONTHS_EN[m - 1]} – ${d2} ${MONTHS_EN[m2 - 1]}`;
}
