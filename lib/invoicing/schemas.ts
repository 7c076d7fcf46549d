import { z } from "zod";

import { isPlainDate } from "@/lib/japan/bank-calendar";
import { DEFAULT_PAYMENT_TERMS, paymentTermsSchema } from "@/lib/japan/payment-terms";

import { hasAtMostDecimals, MAX_QUANTITY_DECIMALS, MAX_UNIT_PRICE_DECIMALS } from "./compute-tax";

/**
 * Zod schemas for the inputs of draft building: the deal and its line items as synced from HubSpot, the company and its
 * partner link, products, and the mapping rules (settings). The persistence layer validates stored settings with
 * `invoiceSettingsSchema`; the CLI validates `invoice:preview` files with `invoicePreviewInputSchema`.
 * Inputs are lenient where HubSpot is (ids as numbers or strings, numbers as numeric strings) and strict on meaning.
 */

const id = z.union([z.string().min(1), z.number().int()]).transform(String);

/** HubSpot numbers arrive as strings ("12000", "1.5"); accept both, keep them as numbers. */
const numeric = z.union([
  z.number().refine(Number.isFinite, "must be a finite number"),
  z
    .string()
    .trim()
    .regex(/^[+-]?\d+(\.\d+)?$/, "must be a number")
    .transform(Number),
]);

const quantity = numeric.refine(
  (v) => hasAtMostDecimals(v, MAX_QUANTITY_DECIMALS),
  `must have at most ${MAX_QUANTITY_DECIMALS} decimal places`,
);
const unitPrice = numeric.refine(
  (v) => hasAtMostDecimals(v, MAX_UNIT_PRICE_DECIMALS),
  `must have at most ${MAX_UNIT_PRICE_DECIMALS} decimal places`,
);

const taxRate = z.number().int("must be an integer percent (10, 8 or 0)").min(0).max(100);

/** "YYYY-MM-DD" (a JST calendar date) or an ISO timestamp with a zone, which is converted to its JST date. */
export const dateInputSchema = z
  .string()
  .refine(
    (v) => isPlainDate(v) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v),
    "must be a date YYYY-MM-DD (or an ISO timestamp with a time zone)",
  );

export const taxEntrySchema = z.enum(["exclusive", "inclusive"]);
export const roundingSchema = z.enum(["floor", "round", "ceil"]);
export const billingDateRuleSchema = z.enum(["close_date", "end_of_close_month"]);

export const dealOwnerSchema = z.union([
  z.string(),
  z.object({ id: id.optional(), name: z.string().optional(), email: z.string().optional() }),
]);

export const dealInputSchema = z.object({
  id,
  name: z.string().min(1, "deal name is required"),
  /** HubSpot's deal amount; null when the deal has none. Compared with the lines total in the entry basis. */
  amount: numeric.nullable().default(null),
  /** ISO 4217 code; HubSpot's deal_currency_code. Missing means JPY. */
  currency: z.string().trim().toUpperCase().default("JPY"),
  closedate: dateInputSchema,
  owner: dealOwnerSchema.nullable().optional(),
});

export const companyInputSchema = z.object({
  id,
  name: z.string().min(1, "company name is required"),
  /** 登録番号 held on the CRM company, used when the partner link carries none. */
  registrationNumber: z.string().nullable().optional(),
  /** Per-company payment terms; they override the default terms from settings. */
  paymentTerms: paymentTermsSchema.nullable().optional(),
});

/** The accounting partner (取引先) linked to the company; null = not linked yet. */
export const partnerLinkSchema = z.object({
  id,
  name: z.string().min(1),
  registrationNumber: z.string().nullable().optional(),
});

export const lineItemInputSchema = z.object({
  /** HubSpot line item id; it keys manual edits across regenerations. */
  id: id.optional(),
  name: z.string().min(1, "line item name is required"),
  productId: id.nullable().optional(),
  quantity,
  /** Tax-included when settings.taxEntry is "inclusive", tax-excluded otherwise. */
  unitPrice,
  taxRate: taxRate.nullable().optional(),
});

export const productInputSchema = z.object({
  id,
  name: z.string().optional(),
  defaultTaxRate: taxRate.nullable().optional(),
  accountItemId: id.nullable().optional(),
  accountItemName: z.string().nullable().optional(),
});

export const productMappingSchema = z.object({
  productId: id,
  accountItemId: id.nullable().optional(),
  accountItemName: z.string().nullable().optional(),
  /** Only used when neither the line item nor the product has a rate. */
  taxRate: taxRate.nullable().optional(),
});

export const taxCodeMappingSchema = z.object({
  rate: taxRate,
  /** The provider's tax code (freee tax_code / MF excise id). */
  taxCode: id,
});

export const invoiceSettingsSchema = z.object({
  taxEntry: taxEntrySchema,
  rounding: roundingSchema,
  /** Rounding of quantity × unit price to whole yen; defaults to `rounding`. Only fractional inputs ever round. */
  lineAmountRounding: roundingSchema.optional(),
  paymentTerms: paymentTermsSchema.default(DEFAULT_PAYMENT_TERMS),
  billingDateRule: billingDateRuleSchema.default("close_date"),
  /** Rate of last resort (the mapping rule's default), used when the line item, product and mapping give none. */
  defaultTaxRate: taxRate.default(10),
  productMappings: z.array(productMappingSchema).default([]),
  /** When non-empty, every rate on the draft needs a code here, or posting would fail. */
  taxCodeMappings: z.array(taxCodeMappingSchema).default([]),
  subjectTemplate: z.string().default("{{deal.name}}"),
  notesTemplate: z.string().default(""),
  /** The mapping-rule version the draft was built with (recorded on the draft). */
  ruleVersionId: id.nullable().default(null),
});

export const existingInvoiceSchema = z.object({
  id,
  number: z.string().nullable().optional(),
  status: z.string().optional(),
});

/** Everything `buildInvoiceDraft` needs; `partner` undefined means "not known" (a preview), null means "not linked". */
export const draftInputSchema = z.object({
  deal: dealInputSchema,
  company: companyInputSchema,
  partner: partnerLinkSchema.nullable().optional(),
  lineItems: z.array(lineItemInputSchema).default([]),
  products: z.array(productInputSchema).default([]),
  settings: invoiceSettingsSchema,
  existingInvoice: existingInvoiceSchema.nullable().optional(),
});

/** The `invoice:preview --input` file (issue 6); the contract's fields plus the optional ones of draftInputSchema. */
export const invoicePreviewInputSchema = draftInputSchema;

export type DealInput = z.infer<typeof dealInputSchema>;
export type DealOwner = z.infer<typeof dealOwnerSchema>;
export type CompanyInput = z.infer<typeof companyInputSchema>;
export type PartnerLink = z.infer<typeof partnerLinkSchema>;
export type LineItemInput = z.infer<typeof lineItemInputSchema>;
export type ProductInput = z.infer<typeof productInputSchema>;
export type ProductMapping = z.infer<typeof productMappingSchema>;
export type TaxCodeMapping = z.infer<typeof taxCodeMappingSchema>;
export type InvoiceSettings = z.infer<typeof invoiceSettingsSchema>;
export type ExistingInvoice = z.infer<typeof existingInvoiceSchema>;
export type DraftInput = z.infer<typeof draftInputSchema>;
/** Input before defaults are applied (what callers may pass to `draftInputSchema.parse`). */
export type DraftInputRaw = z.input<typeof draftInputSchema>;
