import { computeBillingDate, type BillingDateRule } from "@/lib/invoicing/billing-date";
import { divideAndRound, type Rounding, type TaxEntry } from "@/lib/invoicing/compute-tax";
import { companyTermsFor, type MappingRules } from "@/lib/invoicing/mapping-rules";
import { shiftToBusinessDay, type PlainDate } from "@/lib/japan/bank-calendar";
import { computeDueDate, type PaymentTerms } from "@/lib/japan/payment-terms";

/**
 * When cash is expected, from the same rules invoicing uses (billing-date.ts, payment-terms.ts, bank-calendar.ts,
 * the mapping rules' terms): nothing here re-implements 締め日/支払日 or the bank calendar.
 */
export type ForecastRules = {
  defaultTerms: PaymentTerms;
  companyTerms: (companyId: string) => PaymentTerms | null;
  billingDateRule: BillingDateRule;
  taxEntry: TaxEntry;
  defaultTaxRate: number;
  rounding: Rounding;
};

export function forecastRulesFrom(rules: MappingRules): ForecastRules {
  return {
    defaultTerms: { ...rules.paymentTerms },
    companyTerms: (companyId) => companyTermsFor(rules, companyId),
    billingDateRule: rules.billingDateRule,
    taxEntry: rules.taxEntry,
    defaultTaxRate: rules.defaultTaxRate,
    rounding: rules.rounding,
  };
}

export function termsFor(rules: ForecastRules, termsKey: string | null): PaymentTerms {
  return (termsKey ? rules.companyTerms(termsKey) : null) ?? rules.defaultTerms;
}

/** Close date → billing date (the rule's) → due date (the customer's terms, shifted off bank holidays by them). */
export function dueDateFromClose(closeDate: PlainDate, terms: PaymentTerms, billingDateRule: BillingDateRule): PlainDate {
  return computeDueDate(computeBillingDate(closeDate, billingDateRule).billingDate, terms).dueDate;
}

/** An invoice issued on `billingDate` under the terms: its due date. */
export function dueDateFromBilling(billingDate: PlainDate, terms: PaymentTerms): PlainDate {
  return computeDueDate(billingDate, terms).dueDate;
}

/**
 * The day the money is expected: the due date, or the next bank business day when the due date is a bank holiday
 * (domain-japan.md §4.2: a transfer on the following business day is not late, so a due date of Saturday the 31st is
 * cash on Monday the 2nd — in the next month). Due dates computed from terms are already business days.
 */
export function cashDateOf(dueDate: PlainDate): PlainDate {
  return shiftToBusinessDay(dueDate, "next");
}

/** Overdue once the expected cash date is behind us: due on Friday → overdue on Saturday; due on Sunday → on Tuesday. */
export function isOverdue(dueDate: PlainDate, today: PlainDate): boolean {
  return cashDateOf(dueDate) < today;
}

/**
 * The latest a due date can fall after the close date under any terms the rules accept: billing at the end of the
 * close month (+30), closing the next month (+31), paying up to three months later (+93) at the month's end (+31),
 * then moved past a bank-holiday run (+7). Anything closed longer ago than the stale window plus this is stale
 * whatever the customer's terms.
 */
export const MAX_CLOSE_TO_DUE_DAYS = 200;

/**
 * Cash from a deal amount. HubSpot amounts are keyed like line-item prices, in the mapping rules' entry basis
 * (build-draft.ts): tax-exclusive entry adds consumption tax at the default rate, rounded the rules' way; tax-inclusive
 * amounts are cash already. Drafts and invoices carry their own tax-included totals and do not come through here.
 */
export function cashFromDealAmount(amount: number, rules: Pick<ForecastRules, "taxEntry" | "defaultTaxRate" | "rounding">): number {
  if (rules.taxEntry === "inclusive" || rules.defaultTaxRate === 0) return amount;
  return amount + Number(divideAndRound(BigInt(amount) * BigInt(rules.defaultTaxRate), 100n, rules.rounding));
}
