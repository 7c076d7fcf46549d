import { formatDateJa, lastDayOfMonth, parsePlainDate, toPlainDateJst, type PlainDate } from "@/lib/japan/bank-calendar";

export type BillingDateRule = "close_date" | "end_of_close_month";

export type BillingDateResult = {
  billingDate: PlainDate;
  /** The deal's close date as a JST calendar date. */
  closeDate: PlainDate;
  rule: BillingDateRule;
  explanation: { ja: string; en: string };
};

/**
 * Billing (transaction) date of the invoice from the deal's close date. HubSpot stores closedate as a UTC instant;
 * it is read as the JST calendar date first, so a deal closed at 08:00 JST on April 1st (23:00 UTC March 31st) is
 * billed in April, not March.
 */
export function computeBillingDate(closedate: string, rule: BillingDateRule): BillingDateResult {
  const closeDate = toPlainDateJst(closedate);
  if (rule === "close_date") {
    return {
      billingDate: closeDate,
      closeDate,
      rule,
      explanation: {
        ja: `請求日: 受注日（${formatDateJa(closeDate)}）`,
        en: `Billing date: the close date (${closeDate})`,
      },
    };
  }
  const { year, month } = parsePlainDate(closeDate);
  const billingDate = lastDayOfMonth(year, month);
  return {
    billingDate,
    closeDate,
    rule,
    explanation: {
      ja: `請求日: 受注月の末日（受注日 ${formatDateJa(closeDate)} → ${formatDateJa(billingDate)}）`,
      en: `Billing date: end of the close month (closed ${closeDate} → ${billingDate})`,
    },
  };
}
