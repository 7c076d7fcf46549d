/**
 * freee請求書 API routes (`/iv/invoices...`): create, get, list, update (full replace), cancel / uncancel, templates.
 *
 * Looking an invoice up by the APP'S OWN reference: the IV list accepts only `invoice_number`, `subject` and
 * `partner_ids` as text filters (no external-reference, memo or partner_code filter exists). The emulator treats
 * `invoice_number` as an exact match and `subject` as a substring match (the IV document does not say which; exact
 * numbers and free-text subjects is the reading that fits the fields). Company 100001 uses MANUAL numbering, so an app
 * can send its own reference as `invoice_number` and find the invoice again with `?invoice_number=`; company 100002
 * uses AUTO numbering (sending invoice_number is a 400), where the reference has to live in `subject`.
 *
 * No send / mark-as-sent endpoint exists: `sending_status` changes only "as a person" (control API). An invoice made
 * through the API has no accounting deal until a person presses 取引反映 (also control API, or implicitly when a
 * payment is recorded through `/_sandbox/payments`).
 * Paging: limit 1–100 (default 20), no total count, and `limit + offset` must not exceed 10,000 (in force from
 * 2026-09-21 per freee's notice).
 */
import { SandboxHttpError, type Router, type SandboxRequest } from "../core/server";
import { cancelInvoice } from "./actions";
import { badRequest, notFound } from "./errors";
import { authenticate, bodyCompany, dateParam, intParam, jsonBody, queryCompany, type AuthContext } from "./http";
import { isIsoDate, jstDateTime } from "./jst";
import { nextId, type CompanyRecord, type FreeeState, type InvoiceLine, type InvoiceRecord, type PartnerRecord } from "./store";
import { invoiceIndexView, invoiceShowView, invoiceWriteView } from "./views";

const P = "iv" as const;
const MAX_OFFSET_PLUS_LIMIT = 10_000;

function fail(...messages: string[]): never {
  throw new SandboxHttpError(badRequest(P, ...messages));
}

const ENUMS = {
  tax_entry_method: ["in", "out"],
  tax_fraction: ["omit", "round_up", "round"],
  withholding_tax_entry_method: ["in", "out"],
  partner_title: ["御中", "様", "(空白)", "（空白）"],
  payment_type: ["transfer", "direct_debit", "card"],
  partner_sending_method: ["email", "posting", "email_and_posting"],
} as const;

function enumField<K extends keyof typeof ENUMS>(b: Record<string, unknown>, k: K, required: boolean): (typeof ENUMS)[K][number] | undefined {
  const v = b[k];
  if (v === undefined || v === null) {
    if (required) fail(`${k} は必須です。`);
    return undefined;
  }
  if (!(ENUMS[k] as readonly string[]).includes(v as string)) fail(`${k} は ${ENUMS[k].join(", ")} のいずれかを指定してください。`);
  return v as (typeof ENUMS)[K][number];
}

function text(b: Record<string, unknown>, k: string, max: number, min = 0): string | undefined {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") fail(`${k} は文字列で指定してください。`);
  if (v.length < min || v.length > max) fail(`${k} は${min}〜${max}文字で入力してください。`);
  return v;
}

function date(b: Record<string, unknown>, k: string, required: boolean): string | null {
  const v = b[k];
  if (v === undefined || v === null || v === "") {
    if (required) fail(`${k} は必須です。`);
    return null;
  }
  if (!isIsoDate(v)) fail(`${k} は不正な日付フォーマットです。入力例：2019-12-17`);
  return v;
}

function parseLines(state: FreeeState, company: CompanyRecord, raw: unknown): InvoiceLine[] {
  if (!Array.isArray(raw) || raw.length === 0) fail("lines は必須です。");
  return raw.map((r, i) => {
    if (typeof r !== "object" || r === null) fail(`lines[${i}] が不正です。`);
    const o = r as Record<string, unknown>;
    const type = o.type === undefined ? "item" : o.type;
    if (type !== "item" && type !== "text") fail(`lines[${i}].type は item または text を指定してください。`);
    const description = text(o, "description", 255, 1);
    if (description === undefined) fail(`lines[${i}].description は必須です。`);
    let quantity: number | null = null;
    let unitPrice: string | null = null;
    let taxRate: 0 | 8 | 10 | null = null;
    let reduced = false;
    if (type === "item") {
      if (typeof o.quantity !== "number" || Math.abs(o.quantity) > 99_999_999.999) fail(`lines[${i}].quantity は必須です（-99999999.999〜99999999.999）。`);
      quantity = o.quantity;
      if (o.tax_rate !== 0 && o.tax_rate !== 8 && o.tax_rate !== 10) fail(`lines[${i}].tax_rate は 0, 8, 10 のいずれかを指定してください。`);
      taxRate = o.tax_rate;
      if (o.unit_price !== undefined && o.unit_price !== null) {
        if (typeof o.unit_price !== "string" || !/^-?[0-9]{0,13}(\.[0-9]{1,3})?$/.test(o.unit_price)) fail(`lines[${i}].unit_price は文字列で、整数13桁・小数3桁以内で指定してください。`);
        unitPrice = o.unit_price;
      } else unitPrice = "0";
      if (o.reduced_tax_rate === true) {
        if (taxRate !== 8) fail(`lines[${i}].reduced_tax_rate は tax_rate が 8 の場合のみ指定できます。`);
        reduced = true;
      }
    }
    const sectionId = typeof o.section_id === "number" ? o.section_id : null;
    if (sectionId !== null) {
      const s = state.sections.get(sectionId);
      if (!s || s.company_id !== company.id) fail(`lines[${i}].section_id が不正です。`);
      if ([...state.sections.values()].some((x) => x.parent_id === sectionId)) fail(`lines[${i}].section_id に親部門は指定できません。`);
    }
    const itemId = typeof o.item_id === "number" ? o.item_id : null;
    if (itemId !== null) {
      const it = state.items.get(itemId);
      if (!it || it.company_id !== company.id) fail(`lines[${i}].item_id が不正です。`);
    }
    const accountItemId = typeof o.account_item_id === "number" ? o.account_item_id : null;
    if (accountItemId !== null) {
      const ai = state.accountItems.get(accountItemId);
      if (!ai || ai.company_id !== company.id) fail(`lines[${i}].account_item_id が不正です。`);
    }
    const taxCode = typeof o.tax_code === "number" ? o.tax_code : null;
    if (taxCode !== null && !(state.taxes.get(company.id) ?? []).some((t) => t.code === taxCode)) fail(`lines[${i}].tax_code が不正です。`);
    const tagIds = Array.isArray(o.tag_ids) ? (o.tag_ids as number[]) : [];
    if (tagIds.length > 10) fail(`lines[${i}].tag_ids は10個以内で指定してください。`);
    return {
      id: nextId(state, "line"),
      type,
      description,
      sales_date: date(o, "sales_date", false),
      unit: typeof o.unit === "string" ? o.unit : "",
      quantity,
      unit_price: unitPrice,
      tax_rate: taxRate,
      reduced_tax_rate: reduced,
      withholding: o.withholding === true,
      amount_excluding_tax: null,
      account_item_id: accountItemId,
      tax_code: taxCode,
      item_id: itemId,
      section_id: sectionId,
      tag_ids: tagIds,
      segment_1_tag_id: null,
      segment_2_tag_id: null,
      segment_3_tag_id: null,
    };
  });
}

function resolvePartner(state: FreeeState, company: CompanyRecord, b: Record<string, unknown>): PartnerRecord {
  const hasId = b.partner_id !== undefined && b.partner_id !== null;
  const hasCode = b.partner_code !== undefined && b.partner_code !== null;
  if (hasId === hasCode) fail("partner_id または partner_code のどちらか一方を指定してください。");
  let p: PartnerRecord | undefined;
  if (hasId) {
    p = typeof b.partner_id === "number" ? state.partners.get(b.partner_id) : undefined;
  } else {
    if (!company.use_partner_code) fail("取引先コードの利用が無効なため partner_code は指定できません。");
    p = [...state.partners.values()].find((x) => x.company_id === company.id && x.code === b.partner_code);
  }
  if (!p || p.company_id !== company.id) fail("取引先が見つかりません。");
  return p;
}

/** Build (or rebuild, for PUT) an invoice from an InvoiceRequest body. */
function fromRequest(state: FreeeState, company: CompanyRecord, b: Record<string, unknown>, existing: InvoiceRecord | null): InvoiceRecord {
  const billingDate = date(b, "billing_date", true) as string;
  const taxEntry = enumField(b, "tax_entry_method", true) as "in" | "out";
  const taxFraction = enumField(b, "tax_fraction", true) as "omit" | "round_up" | "round";
  const withholding = enumField(b, "withholding_tax_entry_method", true) as "in" | "out";
  const title = enumField(b, "partner_title", true) as string;
  const lineFraction = b.line_amount_fraction === undefined || b.line_amount_fraction === null ? null : (() => {
    if (!["omit", "round_up", "round"].includes(b.line_amount_fraction as string)) fail("line_amount_fraction が不正です。");
    return b.line_amount_fraction as "omit" | "round_up" | "round";
  })();
  const paymentType = enumField(b, "payment_type", false) ?? "transfer";
  if (paymentType !== "transfer") fail("payment_type に card / direct_debit を指定するには PayBridge の利用登録が必要です。");
  const partner = resolvePartner(state, company, b);
  let invoiceNumber = text(b, "invoice_number", 255);
  if (company.invoice_numbering === "auto") {
    if (invoiceNumber !== undefined && invoiceNumber !== (existing?.invoice_number ?? undefined)) fail("自動採番が有効なため invoice_number は指定できません。");
    invoiceNumber = existing?.invoice_number ?? `INV-${String(company.next_invoice_seq++).padStart(10, "0")}`;
  } else if (invoiceNumber === undefined || invoiceNumber === "") fail("invoice_number は必須です。");
  const lines = parseLines(state, company, b.lines);
  const templateId = b.template_id === undefined || b.template_id === null ? 1 : b.template_id;
  if (templateId !== 1) fail("template_id が不正です。");
  const brought = b.amount_brought_forward;
  if (brought !== undefined && brought !== null && (typeof brought !== "number" || !Number.isInteger(brought))) fail("amount_brought_forward は整数で指定してください。");
  const addr = partner.address_attributes;
  const pick = (k: string, fallback: string) => (typeof b[k] === "string" ? (b[k] as string) : fallback);
  return {
    id: existing?.id ?? nextId(state, "invoice"),
    company_id: company.id,
    invoice_number: invoiceNumber as string,
    branch_no: typeof b.branch_no === "number" ? b.branch_no : null,
    subject: text(b, "subject", 255, 1) ?? "",
    template_id: 1,
    template_name: "標準テンプレート",
    billing_date: billingDate,
    issue_date: date(b, "issue_date", false) ?? billingDate,
    payment_date: date(b, "payment_date", false),
    payment_type: "transfer",
    invoice_note: text(b, "invoice_note", 4000) ?? "",
    memo: text(b, "memo", 2000) ?? "",
    sending_status: existing?.sending_status ?? "unsent",
    payment_status: existing?.payment_status ?? "unsettled",
    cancel_status: existing?.cancel_status ?? "uncanceled",
    deal_id: existing?.deal_id ?? null,
    tax_entry_method: taxEntry,
    tax_fraction: taxFraction,
    line_amount_fraction: lineFraction,
    withholding_tax_entry_method: withholding,
    created_at: existing?.created_at ?? jstDateTime(),
    include_amount_brought_forward: b.include_amount_brought_forward === true,
    amount_brought_forward: typeof brought === "number" ? brought : null,
    partner_id: partner.id,
    partner_code: company.use_partner_code ? partner.code : null,
    partner_name: partner.name,
    // The full-width （空白） is deprecated; it is stored as the half-width form.
    partner_title: (title === "（空白）" ? "(空白)" : title) as InvoiceRecord["partner_title"],
    partner_display_name: pick("partner_display_name", partner.long_name ?? partner.name),
    partner_address_zipcode: pick("partner_address_zipcode", addr?.zipcode ?? ""),
    partner_address_prefecture_code: typeof b.partner_address_prefecture_code === "number" ? b.partner_address_prefecture_code : (addr?.prefecture_code ?? -1),
    partner_address_street_name1: pick("partner_address_street_name1", addr?.street_name1 ?? ""),
    partner_address_street_name2: pick("partner_address_street_name2", addr?.street_name2 ?? ""),
    partner_contact_department: pick("partner_contact_department", ""),
    partner_contact_name: pick("partner_contact_name", partner.contact_name ?? ""),
    partner_contact_email_to: pick("partner_contact_email_to", partner.email ?? ""),
    partner_contact_email_cc: pick("partner_contact_email_cc", ""),
    partner_bank_account: pick("partner_bank_account", ""),
    partner_sending_method: (enumField(b, "partner_sending_method", false) ?? ((partner.partner_doc_setting_attributes.sending_method as InvoiceRecord["partner_sending_method"]) || null)) as InvoiceRecord["partner_sending_method"],
    company_contact_name: pick("company_contact_name", "かけはし 太郎"),
    company_name: pick("company_name", company.name),
    company_description: pick("company_description", `〒${company.zipcode} ${company.street_name1}`),
    bank_account_to_transfer: pick("bank_account_to_transfer", "かけはし銀行 本店営業部 普通 1234567"),
    lines,
  };
}

export function registerInvoiceRoutes(router: Router, state: FreeeState): void {
  const auth = (req: SandboxRequest): AuthContext => authenticate(state, req);
  const find = (company: CompanyRecord, req: SandboxRequest): InvoiceRecord => {
    const id = /^\d+$/.test(req.params.id ?? "") ? Number(req.params.id) : NaN;
    const inv = state.invoices.get(id);
    if (!inv || inv.company_id !== company.id) throw new SandboxHttpError(notFound(P, "請求書"));
    return inv;
  };

  router.get("/iv/invoices/templates", (req) => {
    queryCompany(state, req, auth(req), P);
    return { status: 200, json: { templates: [{ id: 1, name: "標準テンプレート" }] } };
  });

  router.get("/iv/invoices", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const limit = intParam(req, P, "limit", { def: 20, min: 1, max: 100 });
    const offset = intParam(req, P, "offset", { def: 0, min: 0, max: 2147483647 });
    if (offset + limit > MAX_OFFSET_PLUS_LIMIT) fail(`offset と limit の合計は${MAX_OFFSET_PLUS_LIMIT}以下にしてください。期間を分割して取得してください。`);
    const q = req.query;
    const number = q.get("invoice_number");
    const subject = q.get("subject");
    const partnerIds = q.get("partner_ids");
    const ids = partnerIds ? partnerIds.split(",").map((s) => s.trim()).filter(Boolean) : [];
    if (ids.length > 3) fail("partner_ids は3件まで指定できます。");
    const status = {
      payment_status: q.get("payment_status"),
      deal_status: q.get("deal_status"),
      sending_status: q.get("sending_status"),
      cancel_status: q.get("cancel_status"),
    };
    const billing = [dateParam(req, P, "start_billing_date"), dateParam(req, P, "end_billing_date")] as const;
    const payment = [dateParam(req, P, "start_payment_date"), dateParam(req, P, "end_payment_date")] as const;
    const within = (d: string | null, [from, to]: readonly [string | null, string | null]) => (!from && !to) || (d !== null && (!from || d >= from) && (!to || d <= to));
    const rows = [...state.invoices.values()]
      .filter(
        (inv) =>
          inv.company_id === company.id &&
          (!number || inv.invoice_number === number) &&
          (!subject || inv.subject.includes(subject)) &&
          (ids.length === 0 || ids.includes(String(inv.partner_id))) &&
          (!status.payment_status || inv.payment_status === status.payment_status) &&
          (!status.deal_status || (inv.deal_id ? "registered" : "unregistered") === status.deal_status) &&
          (!status.sending_status || inv.sending_status === status.sending_status) &&
          (!status.cancel_status || inv.cancel_status === status.cancel_status) &&
          within(inv.billing_date, billing) &&
          within(inv.payment_date, payment),
      )
      .sort((x, y) => y.id - x.id);
    return { status: 200, json: { invoices: rows.slice(offset, offset + limit).map(invoiceIndexView) } };
  });

  router.get("/iv/invoices/:id", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    return { status: 200, json: { invoice: invoiceShowView(find(company, req), company) } };
  });

  router.post("/iv/invoices", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const inv = fromRequest(state, company, b, null);
    state.invoices.set(inv.id, inv);
    return { status: 201, json: { invoice: invoiceWriteView(inv, company) } };
  });

  router.put("/iv/invoices/:id/cancel", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const inv = find(company, req);
    if (inv.cancel_status === "canceled") fail("この請求書は既に取り消されています。");
    cancelInvoice(state, inv);
    return { status: 200, json: { invoice: { id: inv.id, cancel_status: inv.cancel_status } } };
  });

  router.put("/iv/invoices/:id/uncancel", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const inv = find(company, req);
    if (inv.cancel_status !== "canceled") fail("この請求書は取り消されていません。");
    inv.cancel_status = "uncanceled";
    return { status: 200, json: { invoice: { id: inv.id, cancel_status: inv.cancel_status } } };
  });

  router.put("/iv/invoices/:id", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const existing = find(company, req);
    if (existing.cancel_status === "canceled") fail("取り消された請求書は更新できません。");
    const next = fromRequest(state, company, b, existing);
    state.invoices.set(next.id, next);
    return { status: 200, json: { invoice: invoiceWriteView(next, company) } };
  });
}
