/**
 * The overdue list's small vocabularies, in a module without the bank calendar (and its holiday table) so client
 * components can import them cheaply.
 */
export const AGING_BUCKETS = ["1-30", "31-60", "61-90", "91+"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** 督促の方法: メール / 電話 / 訪問 / 書面. */
export const FOLLOW_UP_CHANNELS = ["email", "phone", "visit", "letter"] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];

export const MEMO_MAX = 2000;

export function isAgingBucket(value: unknown): value is AgingBucket {
  return typeof value === "string" && (AGING_BUCKETS as readonly string[]).includes(value);
}
