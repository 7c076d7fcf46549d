/**
 * Pure mappings between MF Cloud Invoice v3 wire data and the provider-neutral accounting types.
 * MF sends amounts as decimal strings and statuses in Japanese (api-moneyforward.md §3, §7): parsed strictly here so
 * that a fractional or malformed amount is an error, not a silently wrong yen figure.
 */
import type { AccountingInvoice, AccountingPartner, InvoiceDraftInput, InvoiceSettlement, PartnerInput, PaymentStatus, TaxRate } from "@/lib/integrations/accounting/types";
import type { MfBilling, MfPartner } from "./schemas";

export const MF_REFERENCE_TAG_PREFIX = "kakehashi-ref:";

export class MfAmountError extends Error {
  override name = "MfAmountError";
}

/** "110000.0" → 110000; 110000 → 110000; "1239.5" → error (yen are integers); "" / null → 0. */
export function parseMfYen(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === "") return 0;
  const n = typeof value === "number" ? value : /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n)) throw new MfAmountError(`not an amount: ${JSON.stringify(value)}`);
  if (Math.abs(n - Math.round(n)) > 1e-9) throw new MfAmountError(`fractional yen amount: ${JSON.stringify(value)}`);
  return Math.round(n);
}

/** "2022/12/09" | "2022-12-09" | "" → "2022-12-09" | null. */
export function parseMfDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})/.exec(value.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** "2023-03-20 14:56:10 +0900" | ISO → Date. */
export function parseMfTimestamp(value: string | null | undefined): Date | null {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*([+-]\d{2}):?(\d{2})$/.exec(value.trim());
  const d = m ? new Date(`${m[1]}T${m[2]}${m[3]}:${m[4]}`) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * MF payment_status (responses, Japanese): 未設定(0) 未入金(1) 入金済み(2) 未払い(3) 振込済み(4). MF has no partial
 * status and no amount received: 入金済み = paid in full.
 */
export function mfPaymentStatus(value: string | null | undefined): PaymentStatus {
  if (value === "入金済み" || value === "振込済み") return "paid";
  return "unpaid";
}

export function toAccountingPartner(p: MfPartner): AccountingPartner {
  const dept = p.departments?.[0] ?? null;
  return {
    id: p.id,
    code: p.code ? p.code : null,
    name: p.name,
    nameKana: p.name_kana || null,
    // MF has no field for the customer's T-number (api-moneyforward.md §5).
    registrationNumber: null,
    departmentId: dept?.id ?? null,
    address: dept ? { zipcode: dept.zip ?? null, prefecture: dept.prefecture ?? null, street1: dept.address1 ?? null, street2: dept.address2 ?? null } : null,
    phone: dept?.tel || null,
    email: dept?.email || null,
    contactName: dept?.person_name || null,
    archived: false,
    remoteUpdatedAt: parseMfTimestamp(p.updated_at),
    raw: p,
  };
}

export function toPartnerBody(input: PartnerInput): Record<string, unknown> {
  return {
    name: input.name.slice(0, 100),
    code: input.code.slice(0, 30),
    ...(input.nameKana ? { name_kana: input.nameKana.slice(0, 350) } : {}),
    name_suffix: input.title ?? "御中",
  };
}

/** A department needs at least one field ("fill in at least one"); the person_dept falls back to the company name. */
export function toDepartmentBody(input: PartnerInput): Record<string, unknown> {
  const a = input.address;
  const zip = a?.zipcode && /^\d{3}-?\d{4}$/.test(a.zipcode) ? a.zipcode : undefined;
  const tel = input.phone && /^[0-9０-９-－]{7,30}$/.test(input.phone) ? input.phone : undefined;
  return {
    ...(zip ? { zip } : {}),
    ...(tel ? { tel } : {}),
    ...(a?.prefecture ? { prefecture: a.prefecture } : {}),
    ...(a?.street1 ? { address1: a.street1.slice(0, 80) } : {}),
    ...(a?.street2 ? { address2: a.street2.slice(0, 80) } : {}),
    ...(input.contactName ? { person_name: input.contactName.slice(0, 35) } : {}),
    person_dept: (input.contactDepartment ?? "ご担当部署").slice(0, 35),
    ...(input.email ? { email: input.email.slice(0, 255) } : {}),
  };
}

export function exciseOf(rate: TaxRate, reduced: boolean): string {
  if (rate === 10) return "ten_percent";
  if (rate === 8) return reduced ? "eight_percent_as_reduced_tax_rate" : "eight_percent";
  return "non_taxable";
}

/**
 * POST /invoice_template_billings body. MF's rounding / 内税・外税 `config` is read-only (api-moneyforward.md §7),
 * so prices are sent tax-exclusive: an inclusive unit price is converted by the caller's rules before posting
 * (issue 6 computes the per-rate tax once); here we only pass what we get. Our reference rides in tag_names, which
 * the list endpoint can filter on exactly (`tags`).
 */
export function toBillingBody(draft: InvoiceDraftInput): Record<string, unknown> {
  if (!draft.departmentId) throw new Error("MF billings need the partner's departmentId");
  return {
    department_id: draft.departmentId,
    billing_date: draft.billingDate,
    ...(draft.dueDate ? { due_date: draft.dueDate } : {}),
    title: draft.subject.slice(0, 200),
    ...(draft.invoiceNumber ? { billing_number: draft.invoiceNumber.slice(0, 30) } : {}),
    ...(draft.notes ? { note: draft.notes.slice(0, 2000) } : {}),
    memo: `${MF_REFERENCE_TAG_PREFIX}${draft.ourReference}`.slice(0, 450),
    tag_names: [`${MF_REFERENCE_TAG_PREFIX}${draft.ourReference}`],
    items: draft.lines.map((l) => ({
      name: l.description.slice(0, 450),
      quantity: l.quantity,
      price: l.unitPrice,
      excise: l.taxCode && !/^\d+$/.test(l.taxCode) ? l.taxCode : exciseOf(l.taxRate, l.reducedRate === true),
      ...(l.unit ? { unit: l.unit.slice(0, 20) } : {}),
      ...(l.itemId ? { item_id: l.itemId } : {}),
    })),
  };
}

export function referenceOf(b: MfBilling): string | null {
  const tag = (b.tag_names ?? []).find((t) => t.startsWith(MF_REFERENCE_TAG_PREFIX));
  if (tag) return tag.slice(MF_REFERENCE_TAG_PREFIX.length);
  const m = /kakehashi-ref:(\S+)/.exec(b.memo ?? "");
  return m?.[1] ?? null;
}

export function toAccountingInvoice(b: MfBilling): AccountingInvoice {
  const total = parseMfYen(b.total_price);
  const status = mfPaymentStatus(b.payment_status);
  return {
    id: b.id,
    invoiceNumber: b.billing_number || null,
    partnerId: b.partner_id || null,
    partnerName: b.partner_name || null,
    ourReference: referenceOf(b),
    billingDate: parseMfDate(b.billing_date),
    dueDate: parseMfDate(b.due_date),
    totalAmount: total,
    taxAmount: parseMfYen(b.excise_price),
    paymentStatus: status,
    paidAmount: status === "paid" ? total : 0,
    lastPaidOn: null,
    sendingStatus: b.email_status ?? null,
    dealId: null,
    url: b.pdf_url ?? null,
    remoteUpdatedAt: parseMfTimestamp(b.updated_at),
    raw: b,
  };
}

/** MF reports a status only: a paid billing yields one synthetic payment of the total, dated when we saw it change. */
export function settlementOfBilling(inv: AccountingInvoice): InvoiceSettlement {
  const paid = inv.paymentStatus === "paid";
  const on = paid ? (inv.remoteUpdatedAt ? new Date(inv.remoteUpdatedAt.getTime() + 9 * 3600_000).toISOString().slice(0, 10) : null) : null;
  return {
    invoiceId: inv.id,
    paymentStatus: inv.paymentStatus,
    totalAmount: inv.totalAmount,
    paidAmount: paid ? inv.totalAmount : 0,
    lastPaidOn: on,
    payments: paid ? [{ id: `${inv.id}:paid`, invoiceId: inv.id, paidOn: on, amount: inv.totalAmount, raw: { payment_status: "入金済み" } }] : [],
  };
}
