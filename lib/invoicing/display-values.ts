import { formatDate, formatYen } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locale";

const MONEY_FIELDS = new Set(["total", "subtotal", "tax"]);
const DATE_FIELDS = new Set(["billingDate", "dueDate"]);

/**
 * A value of a deal-mismatch row (`DealMismatch.approved` / `.current`) for the review screen: yen and dates through
 * the shared formatters, ids and currency codes as they are; null when there is none (the screen says "none").
 */
export function formatMismatchValue(field: string, value: string | number | null, locale: Locale): string | null {
  if (value === null || value === "") return null;
  if (MONEY_FIELDS.has(field) && typeof value === "number" && Number.isInteger(value)) return formatYen(value);
  if (DATE_FIELDS.has(field) && typeof value === "string") return formatDate(value, locale);
  return String(value);
}

/**
 * A CRM money string (numeric column, e.g. a line item's unit price "10000" or "10000.50") as yen when it is whole;
 * a fractional or unparsable value is shown as synced, since rounding it here would hide what the check flags.
 */
export function formatCrmYen(value: string | null | undefined): string {
  if (value === null || value === undefined || value.trim() === "") return "—";
  const n = Number(value);
  return Number.isInteger(n) ? formatYen(n) : value;
}
