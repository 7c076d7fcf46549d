import { formatDate } from "@/lib/format";
import type { OverdueItem } from "./types";

/**
 * CSV for Excel in Japan: UTF-8 with a byte-order mark (without it Excel reads the file as Shift_JIS and the Japanese
 * turns to mojibake), CRLF line ends, RFC 4180 quoting. Text cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR at the start; OWASP "CSV injection") get a leading apostrophe: a company or memo typed in
 * HubSpot must never execute on a finance PC. Numbers stay plain integers so they can be summed.
 */
export const CSV_BOM = "\uFEFF";

export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A next-intl translator for the "overdue" namespace (the route passes the Japanese one). */
export type OverdueTranslator = (key: string, values?: Record<string, string | number>) => string;

const COLUMNS = [
  "company",
  "deal",
  "invoiceNumber",
  "billingDate",
  "dueDate",
  "daysLate",
  "bucket",
  "outstanding",
  "total",
  "paidAmount",
  "lastPaidOn",
  "owner",
  "followUpCount",
  "lastContactOn",
  "lastChannel",
  "lastMemo",
  "promisedOn",
  "brokenPromise",
  "nextAction",
  "hubspotUrl",
  "accountingUrl",
] as const;

const date = (d: string | null) => (d ? formatDate(d, "ja") : "");

export function overdueCsv(items: readonly OverdueItem[], t: OverdueTranslator): string {
  const header = COLUMNS.map((c) => t(`csv.${c}`));
  const rows = items.map((i) => [
    i.companyName,
    i.dealName,
    i.invoiceNumber,
    date(i.billingDate),
    date(i.dueDate),
    i.daysLate,
    t(`buckets.${i.bucket}`),
    i.outstanding,
    i.total,
    i.paidAmount,
    date(i.lastPaidOn),
    i.ownerName ?? i.ownerId,
    i.followUps.count,
    date(i.followUps.lastContactOn),
    i.followUps.lastChannel ? t(`channels.${i.followUps.lastChannel}`) : "",
    i.followUps.lastMemo,
    date(i.followUps.promisedOn),
    i.followUps.brokenPromise ? t("csv.yes") : "",
    t(`next.${i.next.kind}.label`, { date: i.next.on ? formatDate(i.next.on, "ja") : "" }),
    i.hubspotUrl,
    i.accountingUrl,
  ]);
  return toCsv([header, ...rows]);
}
