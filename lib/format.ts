/**
 * Shared formatting. Money is integer yen shown as `¥1,234,567` (ASCII yen sign and grouping in both languages,
 * as on Japanese invoices); dates are calendar dates in JST.
 */
const yenGrouping = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatYen(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return "—";
  if (!Number.isInteger(amount)) throw new Error(`formatYen expects integer yen, got ${amount}`);
  const sign = amount < 0 ? "-" : "";
  return `${sign}¥${yenGrouping.format(Math.abs(amount))}`;
}

/** Compact figure for charts and totals: ¥1.2億 / ¥3,450万 in Japanese, ¥1.2M in English. */
export function formatYenCompact(amount: number, locale: "ja" | "en" = "ja"): string {
  const abs = Math.abs(amount);
  const sign = amount < 0 ? "-" : "";
  if (locale === "ja") {
    if (abs >= 100_000_000) return `${sign}¥${(abs / 100_000_000).toFixed(abs >= 1_000_000_000 ? 0 : 1)}億`;
    if (abs >= 10_000) return `${sign}¥${yenGrouping.format(Math.round(abs / 10_000))}万`;
    return formatYen(amount);
  }
  if (abs >= 1_000_000_000) return `${sign}¥${(abs / 1_000_000_000).toFixed(1)}B`;
  if (abs >= 1_000_000) return `${sign}¥${(abs / 1_000_000).toFixed(1)}M`;
  if (abs >= 1_000) return `${sign}¥${(abs / 1_000).toFixed(0)}K`;
  return formatYen(amount);
}

const JST = "Asia/Tokyo";

/** "YYYY-MM-DD" of an instant, in JST. */
export function toJstDateString(instant: Date | string | number): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: JST, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
  return parts; // en-CA formats as YYYY-MM-DD
}

/** Today's calendar date in JST ("YYYY-MM-DD"). */
export function todayJst(now: Date = new Date()): string {
  return toJstDateString(now);
}

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date for people: 2026/11/27 (ja) or 27 Nov 2026 (en). Plain "YYYY-MM-DD" strings are calendar dates and are
 * never shifted by a time zone; instants are shown in JST.
 */
export function formatDate(value: Date | string | null | undefined, locale: "ja" | "en" = "ja"): string {
  if (value === null || value === undefined || value === "") return "—";
  const iso = typeof value === "string" && PLAIN_DATE.test(value) ? value : toJstDateString(value);
  const [y, m, d] = iso.split("-");
  if (locale === "ja") return `${y}/${m}/${d}`;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(m) - 1];
  return `${Number(d)} ${month} ${y}`;
}

/** Date and time in JST: 2026/11/27 09:05 (ja) or 27 Nov 2026 09:05 JST (en). */
export function formatDateTime(value: Date | string | number | null | undefined, locale: "ja" | "en" = "ja"): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = value instanceof Date ? value : new Date(value);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: JST, hour: "2-digit", minute: "2-digit", hour12: false }).format(date);
  return locale === "ja" ? `${formatDate(date, "ja")} ${time}` : `${formatDate(date, "en")} ${time} JST`;
}
