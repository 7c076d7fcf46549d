/**
 * JST date helpers for the freee and Money Forward emulators (both services speak Japanese calendar dates).
 * Local to the emulators on purpose: sandbox/ must not import from lib/.
 */
const JST_OFFSET_MS = 9 * 3600_000;

/** `YYYY-MM-DD` of the JST calendar day containing `ms`. */
export function jstDate(ms: number = Date.now()): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` in JST (freee請求書 `created_at`). */
export function jstDateTime(ms: number = Date.now()): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** `YYYY-MM-DD HH:MM:SS +0900` (the timestamp format in Money Forward's examples). */
export function jstDateTimeWithOffset(ms: number = Date.now()): string {
  return `${jstDateTime(ms)} +0900`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Last day of the month `months` after the month of `date` (月末締め翌月末払い style due dates). */
export function endOfMonth(date: string, months = 0): string {
  const d = new Date(`${date}T00:00:00Z`);
  const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0));
  return end.toISOString().slice(0, 10);
}

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Milliseconds of a JST date at midnight (for `reset` headers). */
export function jstMidnightMs(date: string): number {
  return new Date(`${date}T00:00:00Z`).getTime() - JST_OFFSET_MS;
}

/** ISO-8601 UTC with microseconds, the format of freee請求書's X-RateLimit-Reset headers (`2018-01-01T12:00:00.000000Z`). */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Prefecture names in JIS X 0401 order; freee's `prefecture_code` is the index (0 = 北海道 … 12 = 東京都 … 46 = 沖縄県). */
export const PREFECTURES = [
  "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県",
  "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
  "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
  "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
] as const;

export function prefectureCode(name: string): number {
  return PREFECTURES.findIndex((p) => p === name);
}
