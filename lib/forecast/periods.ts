import { addDays, addMonths, dayOfWeek, lastDayOfMonth, parsePlainDate, type PlainDate } from "@/lib/japan/bank-calendar";
import type { ForecastView, PeriodPosition } from "./types";

/**
 * The forecast's time buckets, as JST calendar dates (plain "YYYY-MM-DD" strings, never Date objects, so a
 * server in UTC and a browser in Tokyo cut months at the same midnight). Months are calendar months; weeks run
 * Monday to Sunday, the Japanese business week.
 */
export type Period = { key: string; start: PlainDate; end: PlainDate; position: PeriodPosition };

const pad = (n: number) => String(n).padStart(2, "0");

export function monthStart(date: PlainDate): PlainDate {
  const { year, month } = parsePlainDate(date);
  return `${year}-${pad(month)}-01`;
}

export function monthEnd(date: PlainDate): PlainDate {
  const { year, month } = parsePlainDate(date);
  return lastDayOfMonth(year, month);
}

/** The Monday of the date's week. */
export function weekStart(date: PlainDate): PlainDate {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

/** `past` whole periods before the current one, then `ahead` periods starting with the current one. */
export function buildPeriods(view: ForecastView, today: PlainDate, past: number, ahead: number): Period[] {
  const out: Period[] = [];
  if (view === "month") {
    const { year, month } = parsePlainDate(today);
    for (let i = -past; i < ahead; i++) {
      const m = addMonths(year, month, i);
      const start = `${m.year}-${pad(m.month)}-01`;
      out.push({ key: start.slice(0, 7), start, end: lastDayOfMonth(m.year, m.month), position: i < 0 ? "past" : i === 0 ? "current" : "future" });
    }
    return out;
  }
  const monday = weekStart(today);
  for (let i = -past; i < ahead; i++) {
    const start = addDays(monday, 7 * i);
    out.push({ key: start, start, end: addDays(start, 6), position: i < 0 ? "past" : i === 0 ? "current" : "future" });
  }
  return out;
}

/** Index of the period holding the date; -1 before the first, `periods.length` after the last. */
export function periodIndex(periods: readonly Period[], date: PlainDate): number {
  if (periods.length === 0 || date < periods[0]!.start) return -1;
  // Plain dates compare as strings; periods are contiguous and sorted.
  let lo = 0;
  let hi = periods.length - 1;
  if (date > periods[hi]!.end) return periods.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (date > periods[mid]!.end) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
