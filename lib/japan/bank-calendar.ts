import holidayJp from "@holiday-jp/holiday_jp";

/**
 * Plain calendar dates (JST) and the Japanese bank calendar.
 *
 * A date is a "YYYY-MM-DD" string everywhere in the invoicing domain. Calendar arithmetic goes through a day number
 * computed with `Date.UTC`, which never consults the process time zone, so TZ=UTC and TZ=Asia/Tokyo give the same
 * answers. Never build a `Date` from a plain date with `new Date(y, m, d)` (local time) — that is how dates drift by one.
 */
export type PlainDate = string;

export type HolidayShift = "none" | "previous" | "next";

const PLAIN_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;

export type DateParts = { year: number; month: number; day: number };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isPlainDate(value: unknown): value is PlainDate {
  if (typeof value !== "string") return false;
  const m = PLAIN_DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses "YYYY-MM-DD"; throws on malformed or impossible dates such as 2026-02-30. */
export function parsePlainDate(value: PlainDate): DateParts {
  if (!isPlainDate(value)) throw new RangeError(`Not a valid calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

export function formatPlainDate({ year, month, day }: DateParts): PlainDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Days since 1970-01-01, time-zone independent. */
function toDayNumber(date: PlainDate): number {
  const { year, month, day } = parsePlainDate(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromDayNumber(dayNumber: number): PlainDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return formatPlainDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addDays(date: PlainDate, days: number): PlainDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); independent of the server's zone. */
export function daysBetween(from: PlainDate, to: PlainDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Adds whole months to a (year, month) pair; the day is the caller's business (clamp with daysInMonth). */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function lastDayOfMonth(year: number, month: number): PlainDate {
  return formatPlainDate({ year, month, day: daysInMonth(year, month) });
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: PlainDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** The JST calendar date of an instant (HubSpot sends close dates as UTC timestamps). */
export function plainDateInJst(instant: Date): PlainDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid instant");
  const shifted = new Date(instant.getTime() + JST_OFFSET_MS);
  return formatPlainDate({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/** Today's date in Japan. */
export function todayInJst(now: Date = new Date()): PlainDate {
  return plainDateInJst(now);
}

/**
 * Accepts "YYYY-MM-DD" (taken as a JST calendar date, unchanged) or an ISO-8601 timestamp with an offset or "Z"
 * (converted to its JST calendar date). Throws on anything else, including offset-less date-times, whose meaning would
 * depend on the server's time zone.
 */
export function toPlainDateJst(value: string): PlainDate {
  if (PLAIN_DATE_RE.test(value)) return formatPlainDate(parsePlainDate(value));
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    throw new RangeError(`Expected YYYY-MM-DD or an ISO timestamp with a time zone, got ${JSON.stringify(value)}`);
  }
  return plainDateInJst(new Date(value));
}

const WEEKDAYS_JA = ["日", "月", "火", "水", "木", "金", "土"] as const;
const WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export function weekdayJa(date: PlainDate): string {
  return WEEKDAYS_JA[dayOfWeek(date)]!;
}

export function weekdayEn(date: PlainDate): string {
  return WEEKDAYS_EN[dayOfWeek(date)]!;
}

/** First and last date covered by the holiday data; national holidays outside it are unknown (weekends still count). */
export const HOLIDAY_DATA_RANGE = { from: "1970-01-01", to: "2050-12-31" } as const;

type HolidayEntry = { name: string; name_en: string };
// Direct key lookup: the package's isHoliday() scans all keys on every call and formats Date objects in local time.
const nationalHolidays = holidayJp.holidays as unknown as Record<string, HolidayEntry | undefined>;

export type BankHolidayReason = {
  kind: "saturday" | "sunday" | "national_holiday" | "year_end";
  ja: string;
  en: string;
};

/** Why a date is a bank holiday (銀行法施行令5条), or null for a business day. National holidays win over weekends. */
export function bankHolidayReason(date: PlainDate): BankHolidayReason | null {
  const { month, day } = parsePlainDate(date);
  const holiday = Object.hasOwn(nationalHolidays, date) ? nationalHolidays[date] : undefined;
  if (holiday) return { kind: "national_holiday", ja: `祝日（${holiday.name}）`, en: `national holiday (${holiday.name_en})` };
  if ((month === 12 && day === 31) || (month === 1 && day <= 3)) {
    return { kind: "year_end", ja: "年末年始の銀行休業日", en: "year-end bank holiday (12/31–1/3)" };
  }
  const dow = dayOfWeek(date);
  if (dow === 6) return { kind: "saturday", ja: "土曜日", en: "Saturday" };
  if (dow === 0) return { kind: "sunday", ja: "日曜日", en: "Sunday" };
  return null;
}

/** Saturdays, Sundays, national holidays (incl. 振替休日 and 国民の休日) and 12/31–1/3. */
export function isBankHoliday(date: PlainDate): boolean {
  return bankHolidayReason(date) !== null;
}

export function isBusinessDay(date: PlainDate): boolean {
  return !isBankHoliday(date);
}

export function nextBusinessDay(date: PlainDate): PlainDate {
  let d = addDays(date, 1);
  while (isBankHoliday(d)) d = addDays(d, 1);
  return d;
}

export function previousBusinessDay(date: PlainDate): PlainDate {
  let d = addDays(date, -1);
  while (isBankHoliday(d)) d = addDays(d, -1);
  return d;
}

/** Moves a bank holiday to the previous (前倒し) or next (後倒し) business day; business days stay as they are. */
export function shiftToBusinessDay(date: PlainDate, shift: HolidayShift): PlainDate {
  parsePlainDate(date);
  if (shift === "none" || !isBankHoliday(date)) return date;
  return shift === "next" ? nextBusinessDay(date) : previousBusinessDay(date);
}

/** "2026年12月25日" */
export function formatDateJa(date: PlainDate): string {
  const { year, month, day } = parsePlainDate(date);
  return `${year}年${month}月${day}日`;
}
