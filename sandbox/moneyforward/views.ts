/**
 * Record → Money Forward v3 response bodies (see store.ts for the wire-format choices).
 * Billing totals: line amount = price × quantity (rounded per `config.rounding`); consumption tax is computed once
 * per excise category on that category's subtotal (適格請求書 rule) with `config.rounding_consumption_tax`; the
 * sandbox office displays tax externally (外税). Every amount is a string such as "110000.0".
 */
import { jstDateTimeWithOffset } from "../freee/jst";
import { EXCISES, EXCISE_RATE, OFFICE, type Billing, type BillingItem, type Department, type Excise, type Item, type MfState, type Partner } from "./store";

export const BILLING_CONFIG = { rounding: "round_down", rounding_consumption_tax: "round_down", consumption_tax_display_type: "external" } as const;

/** 110000 → "110000.0", 1239.1 → "1239.1" (the API's decimal strings). */
export function money(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Number.isInteger(r) ? `${r}.0` : String(r);
}

/** YYYY-MM-DD → YYYY/MM/DD as in the document's billing examples. */
export function slashDate(d: string | null): string {
  return d ? d.replaceAll("-", "/") : "";
}

// Formatting timestamps dominates list rendering; records keep their timestamps, so cache the strings.
const tsCache = new Map<number, string>();
const ts = (ms: number): string => {
  let v = tsCache.get(ms);
  if (v === undefined) {
    if (tsCache.size > 200_000) tsCache.clear();
    v = jstDateTimeWithOffset(ms);
    tsCache.set(ms, v);
  }
  return v;
};

const EXCISE_KEYS = EXCISES.map((e) => ({
  e,
  price: `excise_price_of_${e}`,
  subtotal: `subtotal_of_${e}_excise`,
  withTax: `subtotal_with_tax_of_${e}_excise`,
}));

export function departmentView(d: Department): Record<string, unknown> {
  return {
    id: d.id,
    zip: d.zip,
    tel: d.tel,
    prefecture: d.prefecture,
    address1: d.address1,
    address2: d.address2,
    person_name: d.person_name,
    person_title: d.person_title,
    person_dept: d.person_dept,
    email: d.email,
    cc_emails: d.cc_emails,
    peppol_id: d.peppol_id,
    office_member_id: d.office_member_id,
    office_member_name: d.office_member_name,
    created_at: ts(d.createdAt),
    updated_at: ts(d.updatedAt),
  };
}

export function partnerView(state: MfState, p: Partner): Record<string, unknown> {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    name_kana: p.name_kana,
    name_suffix: p.name_suffix,
    memo: p.memo,
    created_at: ts(p.createdAt),
    updated_at: ts(p.updatedAt),
    departments: p.departmentIds.map((id) => state.departments.get(id)).filter((d): d is Department => !!d).map(departmentView),
  };
}

export function itemView(i: Item): Record<string, unknown> {
  // is_deduct_withholding_tax is null for corporate offices (the sandbox office is a 法人); the schema types it as a
  // plain boolean, so the key is left out rather than sent as null.
  return {
    id: i.id,
    name: i.name,
    code: i.code,
    detail: i.detail,
    unit: i.unit,
    price: money(i.price),
    quantity: money(i.quantity),
    excise: i.excise,
    created_at: ts(i.createdAt),
    updated_at: ts(i.updatedAt),
  };
}

export function billingItemView(i: BillingItem): Record<string, unknown> {
  return { ...itemView(i), delivery_number: i.delivery_number, delivery_date: slashDate(i.delivery_date) };
}

function roundDown(n: number): number {
  return n >= 0 ? Math.floor(n + 1e-9) : -Math.floor(-n + 1e-9);
}

export type BillingTotals = { subtotal: number; excise: number; total: number; per: Record<Excise, { subtotal: number; tax: number }> };

export function billingTotals(b: Billing): BillingTotals {
  const per = Object.fromEntries(EXCISES.map((e) => [e, { subtotal: 0, tax: 0 }])) as Record<Excise, { subtotal: number; tax: number }>;
  for (const it of b.items) per[it.excise].subtotal += roundDown(it.price * it.quantity);
  let subtotal = 0;
  let excise = 0;
  for (const e of EXCISES) {
    const row = per[e];
    row.tax = roundDown((row.subtotal * EXCISE_RATE[e]) / 100);
    subtotal += row.subtotal;
    excise += row.tax;
  }
  return { subtotal, excise, total: subtotal + excise, per };
}

export function billingView(state: MfState, b: Billing): Record<string, unknown> {
  const dept = state.departments.get(b.departmentId);
  const partner = dept ? state.partners.get(dept.partnerId) : undefined;
  const t = billingTotals(b);
  const out: Record<string, unknown> = {
    id: b.id,
    pdf_url: `https://invoice.moneyforward.com/api/v3/billings/${b.id}.pdf`,
    operator_id: OFFICE.operator_id,
    department_id: b.departmentId,
    member_id: OFFICE.member_id,
    member_name: OFFICE.member_name,
    partner_id: partner?.id ?? "",
    partner_name: partner?.name ?? "",
    office_id: OFFICE.id,
    office_name: OFFICE.name,
    office_detail: `〒${OFFICE.zip}\n${OFFICE.prefecture}${OFFICE.address1}\n${OFFICE.address2}\nTEL: ${OFFICE.tel}\nFAX: ${OFFICE.fax}\n`,
    title: b.title,
    memo: b.memo,
    payment_condition: b.payment_condition,
    billing_date: slashDate(b.billing_date),
    due_date: slashDate(b.due_date),
    sales_date: slashDate(b.sales_date),
    billing_number: b.billing_number,
    note: b.note,
    document_name: b.document_name,
    payment_status: b.payment_status,
    email_status: b.email_status,
    posting_status: b.posting_status,
    created_at: ts(b.createdAt),
    updated_at: ts(b.updatedAt),
    is_downloaded: b.is_downloaded,
    is_locked: b.is_locked,
    tag_names: [...b.tag_names],
    items: b.items.map(billingItemView),
    excise_price: money(t.excise),
  };
  for (const k of EXCISE_KEYS) out[k.price] = money(t.per[k.e].tax);
  out.subtotal_price = money(t.subtotal);
  for (const k of EXCISE_KEYS) out[k.subtotal] = money(t.per[k.e].subtotal);
  for (const k of EXCISE_KEYS) out[k.withTax] = money(t.per[k.e].subtotal + t.per[k.e].tax);
  out.total_price = money(t.total);
  out.registration_code = OFFICE.registration_code;
  out.use_invoice_template = true;
  out.config = { ...BILLING_CONFIG };
  return out;
}

export function officeView(): Record<string, unknown> {
  return {
    id: OFFICE.id,
    name: OFFICE.name,
    zip: OFFICE.zip,
    prefecture: OFFICE.prefecture,
    address1: OFFICE.address1,
    address2: OFFICE.address2,
    tel: OFFICE.tel,
    fax: OFFICE.fax,
    office_type: OFFICE.office_type,
    office_code: OFFICE.office_code,
    registration_code: OFFICE.registration_code,
    created_at: ts(OFFICE.createdAt),
    updated_at: ts(OFFICE.createdAt),
  };
}

export function page<T>(rows: T[], pageNo: number, perPage: number): { data: T[]; pagination: { total_count: number; total_pages: number; per_page: number; current_page: number } } {
  return {
    data: rows.slice((pageNo - 1) * perPage, pageNo * perPage),
    pagination: { total_count: rows.length, total_pages: Math.ceil(rows.length / perPage), per_page: perPage, current_page: pageNo },
  };
}
