/**
 * In-memory state of the freee emulator. Records are kept in the API's own shape (snake_case, as the official
 * OpenAPI documents name the fields) so that serialisation is a copy plus the view-specific trimming in views.ts.
 *
 * Two companies (事業所) exist, so company selection is real:
 * - 100001 「株式会社かけはしデモ」: 取引先コード ON (upsert_by_code works), freee請求書 numbering MANUAL (so an app may
 *   send its own `invoice_number` and look the invoice up again by it), daily cap 3,000 (the "other plans" tier).
 * - 100002 「かけはし商事株式会社」: 取引先コード OFF, numbering AUTO (sending `invoice_number` is a 400), cap 3,000.
 */
export type CompanyRecord = {
  id: number;
  name: string;
  name_kana: string;
  display_name: string;
  company_number: string;
  corporate_number: string;
  role: "admin" | "simple_accounting" | "self_only" | "read_only" | "workflow";
  use_partner_code: boolean;
  /** freee請求書 numbering setting: "manual" → invoice_number required on create; "auto" → it must not be sent. */
  invoice_numbering: "manual" | "auto";
  /** Own 適格請求書発行事業者 registration number, printed on invoice templates. */
  invoice_registration_number: string;
  daily_limit: number;
  zipcode: string;
  prefecture_code: number;
  street_name1: string;
  street_name2: string;
  phone1: string;
  next_invoice_seq: number;
};

export type PartnerRecord = {
  id: number;
  code: string | null;
  company_id: number;
  name: string;
  update_date: string;
  available: boolean;
  shortcut1: string | null;
  shortcut2: string | null;
  org_code: number | null;
  country_code: string;
  long_name: string | null;
  name_kana: string | null;
  default_title: string | null;
  phone: string | null;
  contact_name: string | null;
  email: string | null;
  payer_walletable_id: number | null;
  transfer_fee_handling_side: "payer" | "payee";
  qualified_invoice_issuer: boolean;
  invoice_registration_number: string | null;
  address_attributes?: { zipcode: string | null; prefecture_code: number | null; street_name1: string | null; street_name2: string | null };
  partner_doc_setting_attributes: { sending_method: string | null };
  partner_bank_account_attributes: Record<string, string | null>;
  payment_term_attributes: { cutoff_day: number | null; additional_months: number | null; fixed_day: number | null };
  invoice_payment_term_attributes: { cutoff_day: number | null; additional_months: number | null; fixed_day: number | null };
  /** Deleted partners disappear; archived ones (available=false set by the user) are hidden from the list. */
  archived: boolean;
};

export type DealDetail = {
  id: number;
  account_item_id: number;
  tax_code: number;
  partner_id: number | null;
  partner_code: string | null;
  item_id: number | null;
  section_id: number | null;
  tag_ids: number[];
  segment_1_tag_id: number | null;
  segment_2_tag_id: number | null;
  segment_3_tag_id: number | null;
  amount: number;
  vat: number;
  description: string;
  entry_side: "credit" | "debit";
};

export type DealPayment = {
  id: number;
  date: string;
  from_walletable_type: "bank_account" | "credit_card" | "wallet" | "private_account_item";
  from_walletable_id: number;
  amount: number;
};

export type DealRecord = {
  id: number;
  company_id: number;
  issue_date: string;
  due_date: string | null;
  amount: number;
  type: "income" | "expense";
  partner_id: number | null;
  partner_code: string | null;
  ref_number: string | null;
  deal_origin_name: string;
  details: DealDetail[];
  payments: DealPayment[];
};

export type InvoiceLine = {
  id: number;
  type: "item" | "text";
  description: string;
  sales_date: string | null;
  unit: string;
  quantity: number | null;
  unit_price: string | null;
  tax_rate: 0 | 8 | 10 | null;
  reduced_tax_rate: boolean;
  withholding: boolean;
  amount_excluding_tax: number | null;
  account_item_id: number | null;
  tax_code: number | null;
  item_id: number | null;
  section_id: number | null;
  tag_ids: number[];
  segment_1_tag_id: number | null;
  segment_2_tag_id: number | null;
  segment_3_tag_id: number | null;
};

export type InvoiceRecord = {
  id: number;
  company_id: number;
  invoice_number: string;
  branch_no: number | null;
  subject: string;
  template_id: number;
  template_name: string;
  billing_date: string;
  issue_date: string | null;
  payment_date: string | null;
  payment_type: "transfer" | "direct_debit" | "card";
  invoice_note: string;
  memo: string;
  sending_status: "sent" | "unsent";
  payment_status: "settled" | "unsettled" | "canceled" | "unprocessed" | "failed";
  cancel_status: "canceled" | "uncanceled";
  deal_id: number | null;
  tax_entry_method: "in" | "out";
  tax_fraction: "omit" | "round_up" | "round";
  line_amount_fraction: "omit" | "round_up" | "round" | null;
  withholding_tax_entry_method: "in" | "out";
  created_at: string;
  include_amount_brought_forward: boolean;
  amount_brought_forward: number | null;
  partner_id: number;
  partner_code: string | null;
  partner_name: string;
  partner_title: "御中" | "様" | "(空白)";
  partner_display_name: string;
  partner_address_zipcode: string;
  partner_address_prefecture_code: number;
  partner_address_street_name1: string;
  partner_address_street_name2: string;
  partner_contact_department: string;
  partner_contact_name: string;
  partner_contact_email_to: string;
  partner_contact_email_cc: string;
  partner_bank_account: string;
  partner_sending_method: "email" | "posting" | "email_and_posting" | null;
  company_contact_name: string;
  company_name: string;
  company_description: string;
  bank_account_to_transfer: string;
  lines: InvoiceLine[];
};

export type TaxRecord = {
  code: number;
  name: string;
  name_ja: string;
  display_category: string | null;
  available: boolean;
};

export type AccountItemRecord = {
  id: number;
  company_id: number;
  name: string;
  shortcut: string | null;
  shortcut_num: string | null;
  code: string | null;
  tax_code: number;
  default_tax_code: number;
  account_category: string;
  account_category_id: number;
  categories: string[];
  available: boolean;
  walletable_id: number | null;
  group_name: string | null;
  group_id: number | null;
  corresponding_income_name: string | null;
  corresponding_income_id: number | null;
  corresponding_expense_name: string | null;
  corresponding_expense_id: number | null;
  update_date: string;
};

export type ItemRecord = {
  id: number;
  company_id: number;
  name: string;
  update_date: string;
  available: boolean;
  shortcut1: string | null;
  shortcut2: string | null;
  code: string | null;
};

export type SectionRecord = {
  id: number;
  company_id: number;
  name: string;
  available: boolean;
  long_name: string | null;
  shortcut1: string | null;
  shortcut2: string | null;
  code: string | null;
  indent_count: number;
  parent_id: number | null;
  update_date: string;
};

export type WalletableRecord = {
  id: number;
  company_id: number;
  name: string;
  bank_id: number | null;
  type: "bank_account" | "credit_card" | "wallet";
  last_balance: number;
  walletable_balance: number;
  update_date: string;
};

export type WalletTxnRecord = {
  id: number;
  company_id: number;
  date: string;
  amount: number;
  due_amount: number;
  balance: number | null;
  entry_side: "income" | "expense";
  walletable_type: "bank_account" | "credit_card" | "wallet";
  walletable_id: number;
  description: string;
  status: 1 | 2 | 3 | 4 | 6;
  rule_matched: boolean;
};

export type Grant = {
  id: number;
  clientId: string;
  /** Companies the token may reach: one with prompt=select_company, all of the user's otherwise. */
  companyIds: number[];
  selectedCompanyId: number | null;
  revoked: boolean;
};

export type AccessToken = { token: string; grantId: number; expiresAt: number; revoked: boolean };
export type RefreshToken = { token: string; grantId: number; expiresAt: number; used: boolean; revoked: boolean };
export type AuthCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  companyIds: number[];
  selectedCompanyId: number | null;
  expiresAt: number;
  used: boolean;
};

export type FreeeState = {
  companies: Map<number, CompanyRecord>;
  partners: Map<number, PartnerRecord>;
  deals: Map<number, DealRecord>;
  invoices: Map<number, InvoiceRecord>;
  taxes: Map<number, TaxRecord[]>;
  accountItems: Map<number, AccountItemRecord>;
  items: Map<number, ItemRecord>;
  sections: Map<number, SectionRecord>;
  walletables: Map<number, WalletableRecord>;
  walletTxns: Map<number, WalletTxnRecord>;
  grants: Map<number, Grant>;
  accessTokens: Map<string, AccessToken>;
  refreshTokens: Map<string, RefreshToken>;
  authCodes: Map<string, AuthCode>;
  seq: Record<string, number>;
};

/** Id ranges per object type: realistic-looking large ids, and never the same number for two kinds of object. */
const ID_BASE: Record<string, number> = {
  partner: 30_000_000,
  deal: 500_000_000,
  detail: 900_000_000,
  payment: 700_000_000,
  invoice: 70_000_000,
  line: 80_000_000,
  accountItem: 100_000_000,
  item: 20_000_000,
  section: 1_500_000,
  walletable: 600_000,
  walletTxn: 300_000_000,
  grant: 1,
};

export function nextId(state: FreeeState, kind: keyof typeof ID_BASE): number {
  const n = (state.seq[kind] ?? ID_BASE[kind] ?? 1) + 1;
  state.seq[kind] = n;
  return n;
}

export function createFreeeState(): FreeeState {
  return {
    companies: new Map(),
    partners: new Map(),
    deals: new Map(),
    invoices: new Map(),
    taxes: new Map(),
    accountItems: new Map(),
    items: new Map(),
    sections: new Map(),
    walletables: new Map(),
    walletTxns: new Map(),
    grants: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    authCodes: new Map(),
    seq: {},
  };
}

/** Wipe all business data but keep the companies (a reset leaves an empty, still usable company). */
export function clearFreeeData(state: FreeeState): void {
  state.partners.clear();
  state.deals.clear();
  state.invoices.clear();
  state.taxes.clear();
  state.accountItems.clear();
  state.items.clear();
  state.sections.clear();
  state.walletables.clear();
  state.walletTxns.clear();
  const keepGrant = state.seq.grant;
  state.seq = keepGrant ? { grant: keepGrant } : {};
}

export function dealDueAmount(deal: DealRecord): number {
  const paid = deal.payments.reduce((s, p) => s + p.amount, 0);
  return Math.max(0, deal.amount - paid);
}

export function dealStatus(deal: DealRecord): "settled" | "unsettled" {
  return dealDueAmount(deal) === 0 ? "settled" : "unsettled";
}
