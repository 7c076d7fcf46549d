import type { PlainDate } from "@/lib/japan/bank-calendar";
import type { DerivationStep, PaymentTerms } from "@/lib/japan/payment-terms";

import type { Rounding, TaxEntry, TaxRateSummary } from "./compute-tax";
import type { ExistingInvoice, PartnerLink } from "./schemas";

/**
 * The draft invoice produced from a won deal. Pure data (JSON-serialisable): the persistence layer stores it as is
 * (e.g. a jsonb column next to the deal id, status and rule version) and the approval UI renders it.
 * Money is integer yen; dates are JST calendar dates "YYYY-MM-DD".
 */
export type InvoiceDraft = {
  /** Bumped when the shape changes, so stored drafts can be migrated. */
  schemaVersion: 1;
  dealId: string;
  dealName: string;
  companyId: string;
  companyName: string;
  /** The linked accounting partner, or null (the draft is then blocked with a "link or create partner" action). */
  partner: PartnerLink | null;
  currency: string;
  taxEntry: TaxEntry;
  rounding: Rounding;
  lineAmountRounding: Rounding;
  lines: DraftLine[];
  /** One row per rate, highest first: 税率ごとの対価 (subtotal, excl. tax) and 消費税額 (rounded once). */
  taxSummary: TaxRateSummary[];
  /** Excluding tax. */
  subtotal: number;
  tax: number;
  /** Including tax. */
  total: number;
  billingDate: PlainDate;
  dueDate: PlainDate;
  dueDateDerivation: DueDateDerivation;
  subject: string;
  notes: string;
  /** "※は軽減税率（8%）対象です。" when a line is reduced-rate (it must appear on the invoice), else null. */
  reducedRateLegend: { ja: string; en: string } | null;
  ruleVersionId: string | null;
  /** What the checks compare against: the deal as it was when the draft was built. */
  source: DraftSource;
  issues: DraftIssue[];
  /** True when any issue is blocking: the draft cannot be approved. */
  blocked: boolean;
  /** Edits made by finance before approval; kept (and flagged) when the deal changes and the draft is regenerated. */
  manualEdits: ManualEdit[];
};

/** Where the line's rate came from; "manual" after an edit or on a manually added line. */
export type TaxRateSource = "line_item" | "product_default" | "mapping_rule" | "manual";

export type DraftLine = {
  /** Stable identity across regenerations: "li:<line item id>", "idx:<position>" without an id, "deal" for a deal-only draft, "manual:<n>" for added lines. */
  key: string;
  lineItemId: string | null;
  productId: string | null;
  /** 品目 / 摘要 as printed. */
  name: string;
  quantity: number;
  /** In the entry basis: tax-included when taxEntry is inclusive. */
  unitPrice: number;
  /** quantity × unitPrice rounded to yen (lineAmountRounding), in the entry basis. */
  amount: number;
  taxRate: number;
  taxRateSource: TaxRateSource;
  /** 8 % (軽減税率): printed with the ※ mark. */
  reducedRate: boolean;
  mark: "※" | "";
  /** The accounting item (品目/勘定科目) mapped from the product, or null → fall back to the line name. */
  accountItemId: string | null;
  accountItemName: string;
  accountItemSource: "mapping_rule" | "product" | "line_name" | "manual";
  /** Provider tax code mapped from the rate, or null when no mapping is configured for it. */
  taxCode: string | null;
  /** Fields changed by a manual edit (empty when untouched). */
  editedFields: string[];
};

export type DueDateDerivation = {
  terms: PaymentTerms;
  termsSource: "company" | "default";
  termsLabel: { ja: string; en: string };
  closingDate: PlainDate;
  unshiftedDueDate: PlainDate;
  steps: DerivationStep[];
  billingDateRule: "close_date" | "end_of_close_month";
  billingDateExplanation: { ja: string; en: string };
};

export type DraftSource = {
  dealAmount: number | null;
  dealCurrency: string;
  /** The deal's close date as a JST calendar date. */
  closeDate: PlainDate;
  dealOwner: string | null;
  /** The registration number checked (partner's, else the company's), as entered. */
  registrationNumber: string | null;
  /** False when the input said nothing about the partner (a preview), so a missing partner is only a warning. */
  partnerKnown: boolean;
  existingInvoice: ExistingInvoice | null;
  /** True when the deal had no line items and the draft holds one line from its name and amount. */
  fromDealAmount: boolean;
  /** The rule's tax-rate → provider tax-code mapping ("10" → code); empty when none is configured. */
  taxCodes: Record<string, string>;
};

export type IssueSeverity = "blocking" | "warning";

export type DraftIssueCode =
  | "amount_mismatch"
  | "deal_amount_missing"
  | "missing_partner"
  | "invalid_registration_number"
  | "non_positive_total"
  | "unknown_tax_rate"
  | "tax_code_unmapped"
  | "non_jpy_currency"
  | "invoice_already_exists"
  | "invalid_line"
  | "due_before_billing"
  | "unknown_template_placeholder"
  | "manual_edit_source_changed"
  | "manual_edit_orphaned";

export type DraftIssueAction = "link_or_create_partner" | "fix_in_hubspot" | "edit_mapping_rules" | "open_existing_invoice" | "review_edit";

export type DraftIssue = {
  code: DraftIssueCode;
  severity: IssueSeverity;
  /** Readable reason, Japanese (shown in the UI) and English. */
  ja: string;
  en: string;
  action: DraftIssueAction | null;
  /** The line concerned, when the issue is about one line. */
  lineKey: string | null;
  /** Numbers and values behind the message, for the UI and tests. */
  details: Record<string, string | number | boolean | null>;
};

export type LineEditableField = "name" | "quantity" | "unitPrice" | "taxRate" | "accountItemId" | "accountItemName";
export type DraftEditableField = "billingDate" | "dueDate" | "subject" | "notes";

type EditMeta = {
  editedBy?: string | null;
  editedAt?: string | null;
  /** Set by mergeRegeneratedDraft: the deal value under the edit changed, or its line disappeared. */
  status?: "kept" | "source_changed" | "orphaned";
};

/**
 * One manual edit (audited by the caller). `originalValue` is the generated value the edit replaced; on regeneration,
 * a different generated value means the deal changed underneath the edit, which is flagged.
 */
export type ManualEdit =
  | ({ target: "line"; lineKey: string; field: LineEditableField; value: string | number; originalValue: string | number | null } & EditMeta)
  | ({ target: "draft"; field: DraftEditableField; value: string; originalValue: string | null } & EditMeta)
  | ({ target: "line_added"; lineKey: string; line: ManualLine } & EditMeta)
  | ({ target: "line_removed"; lineKey: string } & EditMeta);

export type ManualLine = {
  name: string;
  quantity: number;
  unitPrice: number;
  taxRate: number;
  accountItemId?: string | null;
  accountItemName?: string | null;
};
