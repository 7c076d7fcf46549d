/**
 * Pure mappings between freee's wire format and the provider-neutral types of lib/integrations/accounting.
 * No I/O here: snapshot-tested on realistic payloads (transform.unit.test.ts).
 */
import type {
  AccountingInvoice,
  AccountingPartner,
  AccountingPayment,
  AccountingTaxCode,
  InvoiceDraftInput,
  InvoiceSettlement,
  PartnerInput,
  PaymentStatus,
} from "@/lib/integrations/accounting/types";
import type { FreeeDeal, FreeeInvoiceSummary, FreeePartner } from "./schemas";

/** Our reference is written into the 社内メモ (memo) as `kakehashi-ref:<ref>`: the list rows carry memo, so it can be found again. */
export const REFERENCE_PREFIX = "kakehashi-ref:";

export function referenceFromMemo(memo: string | null | undefined): string | null {
  if (!memo) return null;
  const m = /kakehashi-ref:([^\s]+)/.exec(memo);
  return m?.[1] ?? null;
}

/** freee `update_date` is a JST calendar date ("2026-11-20"); keep it as midnight JST. */
function jstDateToInstant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+09:00`) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function toAccountingPartner(p: FreeePartner): AccountingPartner {
  const a = p.address_attributes;
  return {
    id: String(p.id),
    code: p.code ?? null,
    name: p.name,
    nameKana: p.name_kana ?? null,
    registrationNumber: p.invoice_registration_number ?? null,
    departmentId: null,
    address: a ? { zipcode: a.zipcode ?? null, prefectureCode: a.prefecture_code ?? null, street1: a.street_name1 ?? null, street2: a.street_name2 ?? null } : null,
    phone: p.phone ?? null,
    email: p.email ?? null,
    contactName: p.contact_name ?? null,
    archived: p.available === false,
    remoteUpdatedAt: jstDateToInstant(p.update_date),
    raw: p,
  };
}

/**
 * Body of PUT /api/1/partners/upsert_by_code [ACC]. `code` goes at the top level only ("code inside partner is
 * rejected"); `name` is required even for updates. Attributes we do not know are omitted, which freee keeps as
 * they are (PATCH-like update).
 */
export function toPartnerUpsertBody(companyId: number, input: PartnerInput): Record<string, unknown> {
  const partner: Record<string, unknown> = { name: input.name.slice(0, 255) };
  if (input.nameKana) partner.name_kana = input.nameKana;
  if (input.phone) partner.phone = input.phone;
  if (input.contactName) partner.contact_name = input.contactName;
  if (input.email) partner.email = input.email;
  if (input.title) partner.default_title = input.title;
  if (input.registrationNumber) {
    partner.invoice_registration_number = input.registrationNumber;
    partner.qualified_invoice_issuer = true;
  }
  const a = input.address;
  if (a && (a.zipcode || a.street1 || a.prefectureCode !== undefined)) {
    partner.address_attributes = {
      ...(a.zipcode ? { zipcode: a.zipcode.slice(0, 8) } : {}),
      prefecture_code: a.prefectureCode ?? -1,
      ...(a.street1 ? { street_name1: a.street1 } : {}),
      ...(a.street2 ? { street_name2: a.street2 } : {}),
    };
  }
  return { company_id: companyId, code: input.code, partner };
}

const FRACTION = { floor: "omit", round: "round", ceil: "round_up" } as const;

/**
 * POST /iv/invoices body [IV InvoiceRequest]. unit_price is a string on the wire; tax_rate a number (2025-11).
 * `invoiceNumber` is sent only for manual numbering (auto numbering answers 400 to it); then the reference is
 * also appended to the subject so the list's `subject` filter can find it.
 */
export function toInvoiceRequestBody(companyId: number, draft: InvoiceDraftInput, numbering: "manual" | "auto"): Record<string, unknown> {
  const body: Record<string, unknown> = {
    company_id: companyId,
    partner_id: Number(draft.partnerId),
    partner_title: draft.partnerTitle ?? "御中",
    billing_date: draft.billingDate,
    ...(draft.dueDate ? { payment_date: draft.dueDate } : {}),
    payment_type: "transfer",
    subject: (numbering === "auto" ? `${draft.subject} (${draft.ourReference})` : draft.subject).slice(0, 255),
    tax_entry_method: draft.taxEntry === "inclusive" ? "in" : "out",
    tax_fraction: FRACTION[draft.rounding],
    withholding_tax_entry_method: "out",
    memo: `${REFERENCE_PREFIX}${draft.ourReference}`,
    ...(draft.notes ? { invoice_note: draft.notes.slice(0, 4000) } : {}),
    lines: draft.lines.map((l) => ({
      type: "item",
      description: l.description.slice(0, 255),
      quantity: l.quantity,
      unit_price: String(l.unitPrice),
      tax_rate: l.taxRate,
      reduced_tax_rate: l.taxRate === 8 && l.reducedRate === true,
      ...(l.taxCode && /^\d+$/.test(l.taxCode) ? { tax_code: Number(l.taxCode) } : {}),
      ...(l.itemId && /^\d+$/.test(l.itemId) ? { item_id: Number(l.itemId) } : {}),
      ...(l.unit ? { unit: l.unit } : {}),
      ...(l.salesDate ? { sales_date: l.salesDate } : {}),
    })),
  };
  if (numbering === "manual") body.invoice_number = (draft.invoiceNumber ?? draft.ourReference).slice(0, 255);
  return body;
}

/**
 * A freee請求書 invoice plus (when 取引反映 happened) its freee会計 deal → our invoice row. The deal is the source of
 * truth for money received (api-freee.md §4 "Is it paid?"); the invoice's payment_status is only a mirror of it
 * when the auto-sync setting is on, so it is used only when there is no deal.
 */
export function toAccountingInvoice(inv: FreeeInvoiceSummary, deal: FreeeDeal | null): AccountingInvoice {
  const settlement = settlementOf(inv, deal);
  return {
    id: String(inv.id),
    invoiceNumber: inv.invoice_number ?? null,
    partnerId: inv.partner_id != null ? String(inv.partner_id) : null,
    partnerName: inv.partner_name ?? null,
    ourReference: referenceFromMemo(inv.memo),
    billingDate: inv.billing_date,
    dueDate: inv.payment_date ?? null,
    totalAmount: Math.round(inv.total_amount),
    taxAmount: Math.round(inv.amount_tax ?? 0),
    paymentStatus: settlement.paymentStatus,
    paidAmount: settlement.paidAmount,
    lastPaidOn: settlement.lastPaidOn,
    sendingStatus: inv.sending_status ?? null,
    dealId: inv.deal_id != null ? String(inv.deal_id) : null,
    url: inv.report_url ?? null,
    remoteUpdatedAt: null,
    raw: inv,
  };
}

export function paymentsOf(invoiceId: string, deal: FreeeDeal | null): AccountingPayment[] {
  return (deal?.payments ?? []).map((p) => ({ id: String(p.id), invoiceId, paidOn: p.date, amount: Math.round(p.amount), raw: p }));
}

export function settlementOf(inv: FreeeInvoiceSummary, deal: FreeeDeal | null): InvoiceSettlement {
  const invoiceId = String(inv.id);
  const total = Math.round(inv.total_amount);
  const payments = paymentsOf(invoiceId, deal);
  const lastPaidOn = payments.reduce<string | null>((max, p) => (p.paidOn && (!max || p.paidOn > max) ? p.paidOn : max), null);
  let status: PaymentStatus;
  let paid: number;
  if (inv.cancel_status === "canceled") {
    status = "cancelled";
    paid = payments.reduce((s, p) => s + p.amount, 0);
  } else if (deal) {
    // due_amount is what is still open ("決済が完了している場合は0"); a bank-fee short payment leaves e.g. ¥440 open.
    const due = Math.round(deal.due_amount ?? Math.max(0, deal.amount - payments.reduce((s, p) => s + p.amount, 0)));
    paid = Math.max(0, Math.round(deal.amount) - due);
    status = deal.status === "settled" && due === 0 ? "paid" : paid > 0 ? "partially_paid" : "unpaid";
  } else {
    paid = inv.payment_status === "settled" ? total : 0;
    status = inv.payment_status === "settled" ? "paid" : "unpaid";
  }
  return { invoiceId, paymentStatus: status, totalAmount: total, paidAmount: paid, lastPaidOn, payments };
}

const RATE_BY_CATEGORY: Record<string, { rate: 10 | 8 | 0; reduced: boolean }> = {
  tax_10: { rate: 10, reduced: false },
  tax_8: { rate: 8, reduced: false },
  tax_r8: { rate: 8, reduced: true },
};

export function toTaxCode(t: { code: number; name: string; name_ja?: string | null; display_category?: string | null; available?: boolean | null }): AccountingTaxCode {
  const known = t.display_category ? RATE_BY_CATEGORY[t.display_category] : undefined;
  // 非課売上 / 対象外 have no display_category; they are the 0 % codes for the mapping page.
  const zero = !t.display_category && /non_taxable|exempt/.test(t.name);
  return {
    code: String(t.code),
    name: t.name_ja ?? t.name,
    rate: known?.rate ?? (zero ? 0 : null),
    reduced: known?.reduced ?? false,
    available: t.available ?? true,
  };
}
