import { addDays, compareDates, daysBetween, previousBusinessDay, type PlainDate } from "@/lib/japan/bank-calendar";
import type { AgingBucket } from "./constants";

export { AGING_BUCKETS, isAgingBucket, type AgingBucket } from "./constants";

/**
 * When an invoice counts as overdue, how late it is, and its aging bucket (売掛金年齢表). Pure, JST calendar dates
 * ("YYYY-MM-DD") only; the SQL in db/queries/overdue.ts takes the cutoff and the bucket ranges from here, so the page,
 * the CSV and the tests all share one definition.
 */

/** Whole calendar days from `dueDate` to `today` (negative before the due date). Time-zone independent. */
export function daysLate(dueDate: PlainDate, today: PlainDate): number {
  return daysBetween(dueDate, today);
}

/**
 * The latest due date that is overdue today. A payment made on the next bank business day after a due date that falls
 * on a bank holiday is not late (民法142条; domain-japan.md §4.2: "flag overdue only after the later of the due date and
 * the next business day"), so an invoice is overdue when the next business day on or after its due date is before
 * today — equivalently, when its due date is on or before the last business day before today. On a Monday that is the
 * previous Friday: an invoice due on Saturday or Sunday is not overdue until Tuesday.
 */
export function overdueCutoff(today: PlainDate): PlainDate {
  return previousBusinessDay(today);
}

export function isOverdue(dueDate: PlainDate | null, today: PlainDate): boolean {
  return dueDate !== null && compareDates(dueDate, overdueCutoff(today)) <= 0;
}

/**
 * Days late are counted from the contractual due date, as aging reports do, not from the shifted business day: an
 * invoice due on a Saturday and still unpaid on Tuesday is 3 days late.
 */
export function agingBucketOf(days: number): AgingBucket {
  if (days <= 30) return "1-30";
  if (days <= 60) return "31-60";
  if (days <= 90) return "61-90";
  return "91+";
}

/** The due-date range (inclusive, either end open) of a bucket on `today`: what the SQL filters on (index-friendly). */
export function bucketDueRange(bucket: AgingBucket, today: PlainDate): { from: PlainDate | null; to: PlainDate } {
  switch (bucket) {
    case "1-30":
      return { from: addDays(today, -30), to: addDays(today, -1) };
    case "31-60":
      return { from: addDays(today, -60), to: addDays(today, -31) };
    case "61-90":
      return { from: addDays(today, -90), to: addDays(today, -61) };
    case "91+":
      return { from: null, to: addDays(today, -91) };
  }
}
