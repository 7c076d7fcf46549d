import { formatDateJa, parsePlainDate } from "@/lib/japan/bank-calendar";
import { computeDueDate, describePaymentTerms } from "@/lib/japan/payment-terms";

import { computeBillingDate } from "./billing-date";
import { checkDraft, isBlocked, type CheckDraftOptions, type UncheckedDraft } from "./check-draft";
import {
  computeLineAmount,
  computeTax,
  isReducedRate,
  REDUCED_RATE_LEGEND,
  REDUCED_RATE_MARK,
  type Rounding,
} from "./compute-tax";
import { renderTemplate, type TemplateValues } from "./render-template";
import { draftInputSchema, type DealOwner, type DraftInput, type DraftInputRaw, type LineItemInput } from "./schemas";
import type { DraftLine, InvoiceDraft, TaxRateSource } from "./types";

export type BuildDraftOptions = CheckDraftOptions;

/** Validates raw input (JSON from a file, a job payload) and applies the settings defaults. Throws a ZodError. */
export function parseDraftInput(raw: DraftInputRaw | unknown): DraftInput {
  return draftInputSchema.parse(raw);
}

/**
 * Builds the draft invoice for a won deal. Pure and deterministic: the same input always gives the same draft.
 *
 * - Lines come from the line items; a deal without line items gives one line "deal name × 1 @ deal amount", and the
 *   deal amount is read in the entry basis of the settings (tax-excluded for exclusive entry, tax-included for
 *   inclusive), exactly like line-item prices — so a HubSpot deal amount keyed the same way as its line items agrees.
 * - Tax rate per line: the line item's own rate, else the product's default rate, else the mapping rule (the product
 *   mapping's rate, else the rule's default rate).
 * - Accounting item: the product mapping rule, else the product's own item, else the line name.
 * - Tax: once per rate per invoice (compute-tax.ts). Dates: billing date by rule, due date from the company's payment
 *   terms (else the default terms) on the bank calendar, with the derivation steps kept for the UI.
 * - Checks run last (check-draft.ts); `blocked` is true when any is blocking.
 */
export function buildInvoiceDraft(input: DraftInput, options: BuildDraftOptions = {}): InvoiceDraft {
  const { deal, company, settings } = input;
  const partner = input.partner ?? null;
  const lineAmountRounding = settings.lineAmountRounding ?? settings.rounding;

  const productsById = new Map(input.products.map((p) => [p.id, p]));
  const mappingsByProduct = new Map(settings.productMappings.map((m) => [m.productId, m]));
  const taxCodes: Record<string, string> = {};
  for (const m of settings.taxCodeMappings) taxCodes[String(m.rate)] = m.taxCode;

  const fromDealAmount = input.lineItems.length === 0;
  const lineItems: (LineItemInput & { key: string })[] = fromDealAmount
    ? [{ key: "deal", name: deal.name, quantity: 1, unitPrice: deal.amount ?? 0, productId: null, taxRate: null }]
    : input.lineItems.map((li, index) => ({ ...li, key: li.id !== undefined ? `li:${li.id}` : `idx:${index}` }));

  const lines: DraftLine[] = lineItems.map((li) => {
    const productId = li.productId ?? null;
    const product = productId !== null ? productsById.get(productId) : undefined;
    const mapping = productId !== null ? mappingsByProduct.get(productId) : undefined;

    let taxRate: number;
    let taxRateSource: TaxRateSource;
    if (li.taxRate !== null && li.taxRate !== undefined) {
      taxRate = li.taxRate;
      taxRateSource = "line_item";
    } else if (product?.defaultTaxRate !== null && product?.defaultTaxRate !== undefined) {
      taxRate = product.defaultTaxRate;
      taxRateSource = "product_default";
    } else {
      taxRate = mapping?.taxRate ?? settings.defaultTaxRate;
      taxRateSource = "mapping_rule";
    }

    let accountItemId: string | null = null;
    let accountItemName = li.name;
    let accountItemSource: DraftLine["accountItemSource"] = "line_name";
    if (mapping?.accountItemId) {
      accountItemId = mapping.accountItemId;
      accountItemName = mapping.accountItemName ?? product?.accountItemName ?? li.name;
      accountItemSource = "mapping_rule";
    } else if (product?.accountItemId) {
      accountItemId = product.accountItemId;
      accountItemName = product.accountItemName ?? li.name;
      accountItemSource = "product";
    }

    return makeLine({
      key: li.key,
      lineItemId: li.id ?? null,
      productId,
      name: li.name,
      quantity: li.quantity,
      unitPrice: li.unitPrice,
      taxRate,
      taxRateSource,
      accountItemId,
      accountItemName,
      accountItemSource,
      taxCodes,
      lineAmountRounding,
    });
  });

  const tax = computeTax({ amounts: lines, taxEntry: settings.taxEntry, rounding: settings.rounding });
  const billing = computeBillingDate(deal.closedate, settings.billingDateRule);
  // Copied: zod hands out the same default object to every parse, and the draft must not alias it.
  const terms = { ...(company.paymentTerms ?? settings.paymentTerms) };
  const due = computeDueDate(billing.billingDate, terms);
  const termsLabel = describePaymentTerms(terms);

  const owner = ownerLabel(deal.owner);
  const { year, month } = parsePlainDate(billing.billingDate);
  const values: TemplateValues = {
    "deal.id": deal.id,
    "deal.name": deal.name,
    "deal.amount": deal.amount,
    "deal.owner": owner,
    "deal.closedate": billing.closeDate,
    "company.id": company.id,
    "company.name": company.name,
    "partner.name": partner?.name ?? company.name,
    billingDate: billing.billingDate,
    billingDateJa: formatDateJa(billing.billingDate),
    billingMonthJa: `${year}年${month}月`,
    dueDate: due.dueDate,
    dueDateJa: formatDateJa(due.dueDate),
    paymentTerms: termsLabel.ja,
    ruleVersion: settings.ruleVersionId,
  };

  const unchecked: UncheckedDraft = {
    schemaVersion: 1,
    dealId: deal.id,
    dealName: deal.name,
    companyId: company.id,
    companyName: company.name,
    partner,
    currency: deal.currency,
    taxEntry: settings.taxEntry,
    rounding: settings.rounding,
    lineAmountRounding,
    lines,
    taxSummary: tax.taxSummary,
    subtotal: tax.subtotal,
    tax: tax.tax,
    total: tax.total,
    billingDate: billing.billingDate,
    dueDate: due.dueDate,
    dueDateDerivation: {
      terms,
      termsSource: company.paymentTerms ? "company" : "default",
      termsLabel,
      closingDate: due.closingDate,
      unshiftedDueDate: due.unshiftedDueDate,
      steps: due.steps,
      billingDateRule: billing.rule,
      billingDateExplanation: billing.explanation,
    },
    subject: renderTemplate(settings.subjectTemplate, values).text,
    notes: renderTemplate(settings.notesTemplate, values).text,
    reducedRateLegend: lines.some((l) => l.reducedRate) ? { ...REDUCED_RATE_LEGEND } : null,
    ruleVersionId: settings.ruleVersionId,
    source: {
      dealAmount: deal.amount,
      dealCurrency: deal.currency,
      closeDate: billing.closeDate,
      dealOwner: owner,
      registrationNumber: partner?.registrationNumber ?? company.registrationNumber ?? null,
      partnerKnown: input.partner !== undefined,
      existingInvoice: input.existingInvoice ?? null,
      fromDealAmount,
      taxCodes,
    },
    manualEdits: [],
  };
  const issues = checkDraft(unchecked, options);
  return { ...unchecked, issues, blocked: isBlocked(issues) };
}

/** A draft line with its derived fields (amount, reduced-rate mark, tax code) computed. Shared with regeneration. */
export function makeLine(args: {
  key: string;
  lineItemId: string | null;
  productId: string | null;
  name: string;
  quantity: number;
  unitPrice: number;
  taxRate: number;
  taxRateSource: TaxRateSource;
  accountItemId: string | null;
  accountItemName: string;
  accountItemSource: DraftLine["accountItemSource"];
  taxCodes: Record<string, string>;
  lineAmountRounding: Rounding;
  editedFields?: string[];
}): DraftLine {
  const reducedRate = isReducedRate(args.taxRate);
  return {
    key: args.key,
    lineItemId: args.lineItemId,
    productId: args.productId,
    name: args.name,
    quantity: args.quantity,
    unitPrice: args.unitPrice,
    amount: lineAmount(args.quantity, args.unitPrice, args.lineAmountRounding),
    taxRate: args.taxRate,
    taxRateSource: args.taxRateSource,
    reducedRate,
    mark: reducedRate ? REDUCED_RATE_MARK : "",
    accountItemId: args.accountItemId,
    accountItemName: args.accountItemName,
    accountItemSource: args.accountItemSource,
    taxCode: args.taxCodes[String(args.taxRate)] ?? null,
    editedFields: args.editedFields ?? [],
  };
}

/**
 * Exact quantity × unit price; for values with more decimals than supported (possible only when input skipped the
 * schema) fall back to the float product so a draft still exists — check-draft flags the line as blocking.
 */
function lineAmount(quantity: number, unitPrice: number, rounding: Rounding): number {
  try {
    return computeLineAmount(quantity, unitPrice, rounding);
  } catch {
    const product = quantity * unitPrice;
    return Number.isFinite(product) ? Math.round(product) : 0;
  }
}

function ownerLabel(owner: DealOwner | null | undefined): string | null {
  if (owner === null || owner === undefined) return null;
  if (typeof owner === "string") return owner;
  return owner.name ?? owner.email ?? owner.id ?? null;
}
