/**
 * Record → response body, per view. The views differ exactly as the official documents say:
 * - freee請求書 POST/PUT response (`InvoiceResponse_invoice`) echoes the deal-draft line fields (account_item_id,
 *   tax_code, item/section/tags) and partner_contact_email_to/cc + partner_sending_method;
 * - GET /invoices/{id} (`InvoiceShowResponse_invoice`) drops those and adds email_url_file_downloaded_* and
 *   sales_management_origin;
 * - GET /invoices rows (`InvoiceIndexResponse_invoices`) are a summary without lines.
 */
import { computeTotals } from "./invoice-math";
import { dealDueAmount, dealStatus, type CompanyRecord, type DealRecord, type FreeeState, type InvoiceRecord, type PartnerRecord } from "./store";

export function partnerView(p: PartnerRecord, company: CompanyRecord | undefined): Record<string, unknown> {
  const { archived: _archived, address_attributes, ...rest } = p;
  const out: Record<string, unknown> = { ...rest };
  // "取引先コードの利用" off → code is never returned (null).
  if (!company?.use_partner_code) out.code = null;
  // address_attributes is omitted when no address is set.
  if (address_attributes) out.address_attributes = { ...address_attributes };
  return out;
}

export function dealView(d: DealRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: d.id,
    company_id: d.company_id,
    issue_date: d.issue_date,
    due_date: d.due_date,
    amount: d.amount,
    due_amount: dealDueAmount(d),
    type: d.type,
    partner_id: d.partner_id,
    partner_code: d.partner_code,
    ref_number: d.ref_number,
    status: dealStatus(d),
    deal_origin_name: d.deal_origin_name,
    details: d.details.map(({ description: _d, ...rest }) => ({ ...rest })),
    renews: [],
  };
  // payments[] is absent when the deal has no payment.
  if (d.payments.length > 0) out.payments = d.payments.map((p) => ({ ...p }));
  return out;
}

function reportUrl(inv: InvoiceRecord): string {
  return `https://invoice.secure.freee.co.jp/reports/invoices/${inv.id}`;
}

function totalsFields(inv: InvoiceRecord): Record<string, unknown> {
  const t = computeTotals(inv);
  const out: Record<string, unknown> = {
    total_amount: t.total_amount,
    amount_withholding_tax: t.amount_withholding_tax,
    amount_including_tax: t.amount_including_tax,
    amount_excluding_tax: t.amount_excluding_tax,
    amount_tax: t.amount_tax,
  };
  for (const k of ["10", "8", "8_reduced", "0"] as const) {
    const r = t.per_rate[k];
    out[`amount_including_tax_${k}`] = r ? r.including : null;
    out[`amount_excluding_tax_${k}`] = r ? r.excluding : null;
    out[`amount_tax_${k}`] = r ? r.tax : null;
  }
  out.amount_brought_forward = inv.amount_brought_forward;
  return out;
}

function dealStatusOf(inv: InvoiceRecord): "registered" | "unregistered" {
  return inv.deal_id ? "registered" : "unregistered";
}

function baseInvoice(inv: InvoiceRecord, company: CompanyRecord | undefined): Record<string, unknown> {
  return {
    id: inv.id,
    company_id: inv.company_id,
    invoice_number: inv.invoice_number,
    branch_no: inv.branch_no,
    subject: inv.subject,
    template_id: inv.template_id,
    template_name: inv.template_name,
    billing_date: inv.billing_date,
    issue_date: inv.issue_date,
    payment_date: inv.payment_date,
    payment_type: inv.payment_type,
    invoice_note: inv.invoice_note,
    memo: inv.memo,
    sending_status: inv.sending_status,
    payment_status: inv.payment_status,
    cancel_status: inv.cancel_status,
    deal_status: dealStatusOf(inv),
    deal_id: inv.deal_id,
    tax_entry_method: inv.tax_entry_method,
    tax_fraction: inv.tax_fraction,
    line_amount_fraction: inv.line_amount_fraction,
    withholding_tax_entry_method: inv.withholding_tax_entry_method,
    created_at: inv.created_at,
    ...totalsFields(inv),
    partner_id: inv.partner_id,
    partner_code: inv.partner_code,
    partner_name: inv.partner_name,
    partner_title: inv.partner_title,
    partner_address_zipcode: inv.partner_address_zipcode,
    partner_address_prefecture_code: inv.partner_address_prefecture_code,
    partner_address_street_name1: inv.partner_address_street_name1,
    partner_address_street_name2: inv.partner_address_street_name2,
    partner_contact_department: inv.partner_contact_department,
    partner_contact_name: inv.partner_contact_name,
    partner_display_name: inv.partner_display_name,
    partner_bank_account: inv.partner_bank_account,
    company_contact_name: inv.company_contact_name,
    company_name: inv.company_name,
    company_description: inv.company_description,
    bank_account_to_transfer: inv.bank_account_to_transfer,
    template: {
      title: "請求書",
      invoice_registration_number: company?.invoice_registration_number ?? "",
      company_name: inv.company_name,
      company_description: inv.company_description,
      bank_account_to_transfer: inv.bank_account_to_transfer,
      message: "下記の通りご請求申し上げます。",
    },
    report_url: reportUrl(inv),
  };
}

/** POST/PUT /invoices response body's `invoice`. */
export function invoiceWriteView(inv: InvoiceRecord, company: CompanyRecord | undefined): Record<string, unknown> {
  const t = computeTotals(inv);
  return {
    ...baseInvoice(inv, company),
    partner_contact_email_to: inv.partner_contact_email_to,
    partner_contact_email_cc: inv.partner_contact_email_cc,
    partner_sending_method: inv.partner_sending_method,
    lines: inv.lines.map((l) => ({ ...l, amount_excluding_tax: l.type === "item" ? (t.line_amounts.get(l.id) ?? 0) : null })),
  };
}

/** GET /invoices/{id} body's `invoice`. */
export function invoiceShowView(inv: InvoiceRecord, company: CompanyRecord | undefined): Record<string, unknown> {
  const t = computeTotals(inv);
  return {
    ...baseInvoice(inv, company),
    lines: inv.lines.map((l) => ({
      id: l.id,
      type: l.type,
      description: l.description,
      sales_date: l.sales_date,
      unit: l.unit,
      quantity: l.quantity,
      unit_price: l.unit_price,
      tax_rate: l.tax_rate,
      reduced_tax_rate: l.reduced_tax_rate,
      withholding: l.withholding,
      amount_excluding_tax: l.type === "item" ? (t.line_amounts.get(l.id) ?? 0) : null,
    })),
    email_url_file_downloaded_at: null,
    email_url_file_downloaded_status: null,
    sales_management_origin: false,
  };
}

/** GET /invoices row. */
export function invoiceIndexView(inv: InvoiceRecord): Record<string, unknown> {
  const t = computeTotals(inv);
  return {
    id: inv.id,
    company_id: inv.company_id,
    invoice_number: inv.invoice_number,
    subject: inv.subject,
    template_id: inv.template_id,
    billing_date: inv.billing_date,
    issue_date: inv.issue_date,
    payment_date: inv.payment_date,
    payment_type: inv.payment_type,
    memo: inv.memo,
    sending_status: inv.sending_status,
    payment_status: inv.payment_status,
    cancel_status: inv.cancel_status,
    deal_status: dealStatusOf(inv),
    deal_id: inv.deal_id,
    total_amount: t.total_amount,
    amount_withholding_tax: t.amount_withholding_tax,
    amount_including_tax: t.amount_including_tax,
    amount_excluding_tax: t.amount_excluding_tax,
    amount_tax: t.amount_tax,
    amount_brought_forward: inv.amount_brought_forward,
    partner_id: inv.partner_id,
    partner_code: inv.partner_code,
    partner_name: inv.partner_name,
    partner_display_name: inv.partner_display_name,
    company_contact_name: inv.company_contact_name,
    email_url_file_downloaded_at: null,
    email_url_file_downloaded_status: null,
    report_url: reportUrl(inv),
    sales_management_origin: false,
  };
}

export function companyIndexView(c: CompanyRecord): Record<string, unknown> {
  return { id: c.id, name: c.name, name_kana: c.name_kana, display_name: c.display_name, company_number: c.company_number, role: c.role };
}

export function companyShowView(c: CompanyRecord, state: FreeeState, include: Set<string>): Record<string, unknown> {
  const year = new Date().getUTCFullYear();
  const out: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    name_kana: c.name_kana,
    display_name: c.display_name,
    tax_at_source_calc_type: 0,
    contact_name: "かけはし 太郎",
    head_count: 12,
    corporate_number: c.corporate_number,
    txn_number_format: "not_used",
    default_wallet_account_id: null,
    private_settlement: false,
    minus_format: 0,
    org_code: 1,
    company_number: c.company_number,
    role: c.role,
    phone1: c.phone1,
    phone2: null,
    fax: null,
    zipcode: c.zipcode,
    prefecture_code: c.prefecture_code,
    street_name1: c.street_name1,
    street_name2: c.street_name2,
    invoice_layout: "default_modern",
    amount_fraction: 0,
    use_partner_code: c.use_partner_code,
    industry_class: "it",
    industry_code: "software_development",
    workflow_setting: "disable",
    fiscal_years: [
      {
        id: c.id * 10 + 1,
        use_industry_template: false,
        indirect_write_off_method: false,
        start_date: `${year}-04-01`,
        end_date: `${year + 1}-03-31`,
        depreciation_record_method: 0,
        tax_method: 0,
        sales_tax_business_code: 0,
        tax_fraction: 0,
        tax_account_method: 0,
        return_code: 0,
        is_closed: false,
        month_end_date: null,
        temp_month_end_date: null,
      },
    ],
  };
  const all = include.has("details");
  if (all || include.has("account_items")) out.account_items = [...state.accountItems.values()].filter((a) => a.company_id === c.id).map((a) => ({ ...a }));
  if (all || include.has("taxes")) out.taxes = (state.taxes.get(c.id) ?? []).map((t) => ({ code: t.code, name: t.name, name_ja: t.name_ja }));
  if (all || include.has("items")) out.items = [...state.items.values()].filter((i) => i.company_id === c.id).map((i) => ({ ...i }));
  if (all || include.has("partners"))
    out.partners = [...state.partners.values()].filter((p) => p.company_id === c.id && !p.archived).map((p) => ({ id: p.id, name: p.name, code: c.use_partner_code ? p.code : null, shortcut1: p.shortcut1, shortcut2: p.shortcut2, long_name: p.long_name, name_kana: p.name_kana, update_date: p.update_date, available: p.available }));
  if (all || include.has("sections")) out.sections = [...state.sections.values()].filter((s) => s.company_id === c.id).map((s) => ({ ...s }));
  if (all || include.has("tags")) out.tags = [];
  if (all || include.has("walletables")) out.walletables = [...state.walletables.values()].filter((w) => w.company_id === c.id).map((w) => ({ id: w.id, name: w.name, bank_id: w.bank_id, type: w.type, walletable_balance: w.walletable_balance, last_balance: w.last_balance }));
  return out;
}
