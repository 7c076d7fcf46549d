/**
 * freee会計 API routes (`/api/1/...`) the product uses: companies, partners (CRUD, update by code, upsert by code),
 * deals with payments, taxes by company, items, account items, sections, walletables, wallet transactions.
 * Paging caps follow the accounting document: partners/items limit ≤ 3000 (default 50), deals/wallet_txns ≤ 100
 * (default 20); sections, account items, taxes, walletables and companies are unpaged; only deals carry
 * `meta.total_count`.
 */
import { SandboxHttpError, type Router, type SandboxRequest } from "../core/server";
import { syncInvoicePaymentStatus } from "./actions";
import { badRequest, notFound } from "./errors";
import { authenticate, bodyCompany, boolParam, dateParam, intParam, jsonBody, queryCompany, type AuthContext } from "./http";
import { jstDate } from "./jst";
import { dealDueAmount, dealStatus, nextId, type CompanyRecord, type DealDetail, type DealRecord, type FreeeState, type PartnerRecord } from "./store";
import { companyIndexView, companyShowView, dealView, partnerView } from "./views";

const P = "accounting" as const;

function fail(...messages: string[]): never {
  throw new SandboxHttpError(badRequest(P, ...messages));
}

function idParam(req: SandboxRequest, name = "id"): number {
  const v = req.params[name] ?? "";
  if (!/^\d+$/.test(v)) throw new SandboxHttpError(notFound(P));
  return Number(v);
}

const str = (v: unknown, field: string, max: number, opts: { nullable?: boolean } = {}): string | null | undefined => {
  if (v === undefined) return undefined;
  if (v === null) {
    if (opts.nullable) return null;
    fail(`${field} に null は指定できません。`);
  }
  if (typeof v !== "string") fail(`${field} は文字列で指定してください。`);
  if (v.length > max) fail(`${field} は${max}文字以内で入力してください。`);
  return v;
};

const oneOf = <T extends string>(v: unknown, field: string, values: readonly T[]): T | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !values.includes(v as T)) fail(`${field} は ${values.join(", ")} のいずれかを指定してください。`);
  return v as T;
};

function normaliseRegistrationNumber(v: unknown): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === "") return null;
  if (typeof v !== "string" || !/^T?\d{13}$/.test(v)) fail("invoice_registration_number は T + 13桁の数字で入力してください。");
  return v.startsWith("T") ? v : `T${v}`;
}

type Term = { cutoff_day: number | null; additional_months: number | null; fixed_day: number | null };

function term(v: unknown, field: string, current: Term): Term {
  if (v === undefined || v === null) return current;
  if (typeof v !== "object") fail(`${field} が不正です。`);
  const o = v as Record<string, unknown>;
  const num = (x: unknown, name: string, min: number, max: number, cur: number | null) => {
    if (x === undefined) return cur;
    if (x === null) return null;
    if (typeof x !== "number" || !Number.isInteger(x) || x < min || x > max) fail(`${field}.${name} は${min}〜${max}で指定してください。`);
    return x;
  };
  return {
    cutoff_day: num(o.cutoff_day, "cutoff_day", 1, 32, current.cutoff_day),
    additional_months: num(o.additional_months, "additional_months", 0, 6, current.additional_months),
    fixed_day: num(o.fixed_day, "fixed_day", 1, 32, current.fixed_day),
  };
}

/** Apply create/update attributes to a partner (PATCH-like: omitted attributes are kept). */
function applyPartnerAttrs(state: FreeeState, p: PartnerRecord, b: Record<string, unknown>): void {
  const name = str(b.name, "name", 255);
  if (name !== undefined && name !== null) {
    if (name.trim() === "") fail("name を入力してください。");
    for (const other of state.partners.values()) {
      if (other.id !== p.id && other.company_id === p.company_id && other.name === name) fail("name は既に使用されています。");
    }
    p.name = name;
  }
  const set = <K extends keyof PartnerRecord>(k: K, v: PartnerRecord[K] | undefined) => {
    if (v !== undefined) p[k] = v;
  };
  set("shortcut1", str(b.shortcut1, "shortcut1", 255, { nullable: true }));
  set("shortcut2", str(b.shortcut2, "shortcut2", 255, { nullable: true }));
  set("long_name", str(b.long_name, "long_name", 255, { nullable: true }));
  set("name_kana", str(b.name_kana, "name_kana", 255, { nullable: true }));
  set("phone", str(b.phone, "phone", 255, { nullable: true }));
  set("contact_name", str(b.contact_name, "contact_name", 255, { nullable: true }));
  set("email", str(b.email, "email", 255, { nullable: true }));
  if (b.org_code !== undefined) {
    if (b.org_code !== null && b.org_code !== 1 && b.org_code !== 2) fail("org_code は 1 または 2 を指定してください。");
    p.org_code = b.org_code as number | null;
  }
  set("country_code", oneOf(b.country_code, "country_code", ["JP", "ZZ"] as const));
  set("default_title", oneOf(b.default_title, "default_title", ["御中", "様", "(空白)", "（空白）"] as const));
  set("transfer_fee_handling_side", oneOf(b.transfer_fee_handling_side, "transfer_fee_handling_side", ["payer", "payee"] as const));
  if (b.payer_walletable_id !== undefined) p.payer_walletable_id = typeof b.payer_walletable_id === "number" ? b.payer_walletable_id : null;
  if (b.qualified_invoice_issuer !== undefined) {
    if (typeof b.qualified_invoice_issuer !== "boolean") fail("qualified_invoice_issuer は true または false を指定してください。");
    p.qualified_invoice_issuer = b.qualified_invoice_issuer;
  }
  set("invoice_registration_number", normaliseRegistrationNumber(b.invoice_registration_number));
  if (b.available !== undefined) {
    if (typeof b.available !== "boolean") fail("available は true または false を指定してください。");
    p.available = b.available;
  }
  if (b.address_attributes !== undefined && b.address_attributes !== null) {
    const a = b.address_attributes as Record<string, unknown>;
    const cur = p.address_attributes ?? { zipcode: null, prefecture_code: null, street_name1: null, street_name2: null };
    const pc = a.prefecture_code;
    if (pc !== undefined && pc !== null && (typeof pc !== "number" || !Number.isInteger(pc) || pc < -1 || pc > 46)) fail("address_attributes.prefecture_code は -1〜46 で指定してください。");
    p.address_attributes = {
      zipcode: (str(a.zipcode, "address_attributes.zipcode", 8, { nullable: true }) ?? cur.zipcode) as string | null,
      prefecture_code: pc === undefined ? cur.prefecture_code : (pc as number | null),
      street_name1: (str(a.street_name1, "address_attributes.street_name1", 255, { nullable: true }) ?? cur.street_name1) as string | null,
      street_name2: (str(a.street_name2, "address_attributes.street_name2", 255, { nullable: true }) ?? cur.street_name2) as string | null,
    };
  }
  if (b.partner_doc_setting_attributes !== undefined && b.partner_doc_setting_attributes !== null) {
    const s = (b.partner_doc_setting_attributes as Record<string, unknown>).sending_method;
    const m = oneOf(s, "partner_doc_setting_attributes.sending_method", ["email", "posting", "email_and_posting", "pdf_delivery", "pdf_delivery_and_posting"] as const);
    if (m !== undefined) p.partner_doc_setting_attributes = { sending_method: m };
  }
  if (b.partner_bank_account_attributes !== undefined && b.partner_bank_account_attributes !== null) {
    const a = b.partner_bank_account_attributes as Record<string, unknown>;
    if (a.account_type !== undefined) oneOf(a.account_type, "partner_bank_account_attributes.account_type", ["ordinary", "checking", "earmarked", "savings", "other"] as const);
    const next = { ...p.partner_bank_account_attributes };
    for (const k of Object.keys(next)) if (a[k] !== undefined) next[k] = a[k] === null ? null : String(a[k]);
    p.partner_bank_account_attributes = next;
  }
  p.payment_term_attributes = term(b.payment_term_attributes, "payment_term_attributes", p.payment_term_attributes);
  p.invoice_payment_term_attributes = term(b.invoice_payment_term_attributes, "invoice_payment_term_attributes", p.invoice_payment_term_attributes);
  p.update_date = jstDate();
}

function newPartner(state: FreeeState, company: CompanyRecord, code: string | null): PartnerRecord {
  return {
    id: 0,
    code,
    company_id: company.id,
    name: "",
    update_date: jstDate(),
    available: true,
    shortcut1: null,
    shortcut2: null,
    org_code: null,
    country_code: "JP",
    long_name: null,
    name_kana: null,
    default_title: null,
    phone: null,
    contact_name: null,
    email: null,
    payer_walletable_id: null,
    transfer_fee_handling_side: "payer",
    qualified_invoice_issuer: false,
    invoice_registration_number: null,
    partner_doc_setting_attributes: { sending_method: null },
    partner_bank_account_attributes: {
      bank_name: null, bank_name_kana: null, bank_code: null, branch_name: null, branch_kana: null, branch_code: null,
      account_type: null, account_number: null, account_name: null, long_account_name: null,
    },
    payment_term_attributes: { cutoff_day: null, additional_months: null, fixed_day: null },
    invoice_payment_term_attributes: { cutoff_day: null, additional_months: null, fixed_day: null },
    archived: false,
  };
}

function checkCode(state: FreeeState, company: CompanyRecord, code: unknown, selfId: number | null): string {
  if (typeof code !== "string" || code === "") fail("code は必須です。");
  if (code.length > 255) fail("code は255文字以内で入力してください。");
  for (const p of state.partners.values()) {
    if (p.company_id === company.id && p.code === code && p.id !== selfId) fail("code は既に使用されています。");
  }
  return code;
}

function createPartner(state: FreeeState, company: CompanyRecord, b: Record<string, unknown>, code: string | null): PartnerRecord {
  if (b.name === undefined || b.name === null || b.name === "") fail("name は必須です。");
  const p = newPartner(state, company, code);
  applyPartnerAttrs(state, p, b);
  p.id = nextId(state, "partner");
  state.partners.set(p.id, p);
  return p;
}

function findPartner(state: FreeeState, company: CompanyRecord, id: number): PartnerRecord {
  const p = state.partners.get(id);
  if (!p || p.company_id !== company.id) throw new SandboxHttpError(notFound(P, "取引先"));
  return p;
}

function keywordMatch(p: PartnerRecord, terms: string[]): boolean {
  const hay = [p.code, p.name, p.long_name, p.name_kana, p.shortcut1, p.shortcut2].filter(Boolean).join("\n");
  return terms.every((t) => hay.includes(t));
}

function inDateRange(date: string, from: string | null, to: string | null): boolean {
  return (!from || date >= from) && (!to || date <= to);
}

function paymentInput(state: FreeeState, company: CompanyRecord, b: Record<string, unknown>) {
  const date = b.date;
  if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) fail("date は不正な日付フォーマットです。入力例：2019-12-17");
  const type = oneOf(b.from_walletable_type, "from_walletable_type", ["bank_account", "credit_card", "wallet", "private_account_item"] as const);
  if (!type) fail("from_walletable_type は必須です。");
  const wid = b.from_walletable_id;
  if (typeof wid !== "number" || !Number.isInteger(wid)) fail("from_walletable_id は必須です。");
  if (type !== "private_account_item") {
    const w = state.walletables.get(wid);
    if (!w || w.company_id !== company.id || w.type !== type) fail("from_walletable_id が不正です。");
  }
  const amount = b.amount;
  if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 1) fail("amount は1以上の整数で指定してください。");
  return { date, from_walletable_type: type, from_walletable_id: wid, amount };
}

function buildDetails(state: FreeeState, company: CompanyRecord, raw: unknown, partner: PartnerRecord | null): DealDetail[] {
  if (!Array.isArray(raw) || raw.length === 0) fail("details は必須です。");
  if (raw.length > 100) fail("details は100件以内で指定してください。");
  const taxes = state.taxes.get(company.id) ?? [];
  return raw.map((d, i) => {
    const o = (d ?? {}) as Record<string, unknown>;
    if (typeof o.tax_code !== "number" || !taxes.some((t) => t.code === o.tax_code)) fail(`details[${i}].tax_code が不正です。`);
    if (typeof o.amount !== "number" || !Number.isInteger(o.amount)) fail(`details[${i}].amount は整数で指定してください。`);
    let accountItemId = o.account_item_id;
    if (accountItemId === undefined && typeof o.account_item_code === "string") fail(`details[${i}].account_item_code は勘定科目コードの設定が有効な場合のみ指定できます。`);
    const ai = typeof accountItemId === "number" ? state.accountItems.get(accountItemId) : undefined;
    if (!ai || ai.company_id !== company.id) fail(`details[${i}].account_item_id が不正です。`);
    accountItemId = ai.id;
    const rate = (state.taxes.get(company.id) ?? []).find((t) => t.code === o.tax_code)?.display_category;
    const pct = rate?.startsWith("tax_10") ? 10 : rate?.startsWith("tax_8") || rate?.startsWith("tax_r8") ? 8 : 0;
    const vat = typeof o.vat === "number" ? o.vat : Math.floor((o.amount * pct) / (100 + pct));
    return {
      id: nextId(state, "detail"),
      account_item_id: ai.id,
      tax_code: o.tax_code,
      partner_id: partner?.id ?? null,
      partner_code: partner && company.use_partner_code ? partner.code : null,
      item_id: typeof o.item_id === "number" ? o.item_id : null,
      section_id: typeof o.section_id === "number" ? o.section_id : null,
      tag_ids: Array.isArray(o.tag_ids) ? (o.tag_ids as number[]) : [],
      segment_1_tag_id: null,
      segment_2_tag_id: null,
      segment_3_tag_id: null,
      amount: o.amount,
      vat,
      description: typeof o.description === "string" ? o.description : "",
      entry_side: "credit" as const,
    };
  });
}

function dealPartner(state: FreeeState, company: CompanyRecord, b: Record<string, unknown>): PartnerRecord | null {
  if (b.partner_id !== undefined && b.partner_code !== undefined) fail("partner_id と partner_code は同時に指定できません。");
  if (typeof b.partner_id === "number") return findPartner(state, company, b.partner_id);
  if (typeof b.partner_code === "string") {
    if (!company.use_partner_code) fail("取引先コードの利用が無効なため partner_code は指定できません。");
    const p = [...state.partners.values()].find((x) => x.company_id === company.id && x.code === b.partner_code);
    if (!p) fail("partner_code が不正です。");
    return p;
  }
  return null;
}

export function registerAccountingRoutes(router: Router, state: FreeeState): void {
  const auth = (req: SandboxRequest): AuthContext => authenticate(state, req);

  // --- companies -------------------------------------------------------------------------------------------------
  router.get("/api/1/companies", (req) => {
    const a = auth(req);
    const companies = a.grant.companyIds.map((id) => state.companies.get(id)).filter((c): c is CompanyRecord => !!c);
    return { status: 200, json: { companies: companies.map(companyIndexView) } };
  });
  router.get("/api/1/companies/:id", (req) => {
    const a = auth(req);
    const id = idParam(req);
    const c = state.companies.get(id);
    if (!c || !a.grant.companyIds.includes(id)) throw new SandboxHttpError(badRequest(P, "事業所が見つかりません。"));
    const include = new Set<string>();
    for (const flag of ["details", "account_items", "taxes", "items", "partners", "sections", "tags", "walletables"]) if (boolParam(req, flag)) include.add(flag);
    return { status: 200, json: { company: companyShowView(c, state, include) } };
  });

  router.get("/api/1/users/me", (req) => {
    const a = auth(req);
    const user: Record<string, unknown> = {
      id: 5_000_001,
      email: "taro@kakehashi.example",
      display_name: "かけはし 太郎",
      first_name: "太郎",
      last_name: "かけはし",
      first_name_kana: "タロウ",
      last_name_kana: "カケハシ",
    };
    if (boolParam(req, "companies")) {
      user.companies = a.grant.companyIds
        .map((id) => state.companies.get(id))
        .filter((c): c is CompanyRecord => !!c)
        .map((c) => ({ id: c.id, display_name: c.display_name, role: c.role, use_custom_role: false, advisor_id: null }));
    }
    return { status: 200, json: { user } };
  });

  // --- partners --------------------------------------------------------------------------------------------------
  router.get("/api/1/partners", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const offset = intParam(req, P, "offset", { def: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = intParam(req, P, "limit", { def: 50, min: 1, max: 3000 });
    const from = dateParam(req, P, "start_update_date");
    const to = dateParam(req, P, "end_update_date");
    const terms = (req.query.get("keyword") ?? "").split(/[ \u3000\t]+/).filter(Boolean);
    const rows = [...state.partners.values()]
      .filter((p) => p.company_id === company.id && !p.archived && inDateRange(p.update_date, from, to) && (terms.length === 0 || keywordMatch(p, terms)))
      .sort((x, y) => x.id - y.id);
    return { status: 200, json: { partners: rows.slice(offset, offset + limit).map((p) => partnerView(p, company)) } };
  });
  router.put("/api/1/partners/upsert_by_code", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    if (!company.use_partner_code) fail("取引先コードの利用が無効になっています。事業所の設定で取引先コードを有効にしてください。");
    if (typeof b.code !== "string" || b.code === "") fail("code は必須です。");
    if (b.code.length > 255) fail("code は255文字以内で入力してください。");
    const code = b.code;
    const attrs = b.partner;
    if (typeof attrs !== "object" || attrs === null) fail("partner は必須です。");
    const pa = attrs as Record<string, unknown>;
    if (pa.code !== undefined) fail("partner.code は指定できません。");
    const existing = [...state.partners.values()].find((p) => p.company_id === company.id && p.code === code);
    if (existing) {
      // PUT semantics as in update: name is still required in the body.
      if (pa.name === undefined) fail("name は必須です。");
      applyPartnerAttrs(state, existing, pa);
      return { status: 200, json: { partner: partnerView(existing, company) } };
    }
    const p = createPartner(state, company, pa, code);
    return { status: 201, json: { partner: partnerView(p, company) } };
  });
  router.put("/api/1/partners/code/:code", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    if (!company.use_partner_code) fail("取引先コードの利用が無効になっています。");
    const attrs = (b.partner ?? b) as Record<string, unknown>;
    const p = [...state.partners.values()].find((x) => x.company_id === company.id && x.code === req.params.code);
    if (!p) throw new SandboxHttpError(notFound(P, "取引先"));
    if (attrs.name === undefined) fail("name は必須です。");
    if (attrs.code !== undefined) fail("code は変更できません。");
    applyPartnerAttrs(state, p, attrs);
    return { status: 200, json: { partner: partnerView(p, company) } };
  });
  router.get("/api/1/partners/:id", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    return { status: 200, json: { partner: partnerView(findPartner(state, company, idParam(req)), company) } };
  });
  router.post("/api/1/partners", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    let code: string | null = null;
    if (company.use_partner_code) code = checkCode(state, company, b.code, null);
    else if (b.code !== undefined && b.code !== null) fail("取引先コードの利用が無効なため code は指定できません。");
    const p = createPartner(state, company, b, code);
    return { status: 201, json: { partner: partnerView(p, company) } };
  });
  router.put("/api/1/partners/:id", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const p = findPartner(state, company, idParam(req));
    if (b.name === undefined) fail("name は必須です。");
    if (b.code !== undefined) fail("code は更新できません。");
    applyPartnerAttrs(state, p, b);
    return { status: 200, json: { partner: partnerView(p, company) } };
  });
  // DELETE follows freee's 2024 notice (after the partner-screen renewal of 2024-09-17 the API DELETE archives, and the
  // partner must be set available:false first), which is newer than the schema text ("削除された取引先は復元できません").
  // Archived partners leave the list but GET /partners/{id} still returns them. Partners used by deals cannot go.
  router.delete("/api/1/partners/:id", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const p = findPartner(state, company, idParam(req));
    if (p.archived) fail("アーカイブ済みの取引先は削除できません。");
    if (p.available) fail("取引先を削除するには、先に使用停止（available: false）にしてください。");
    for (const d of state.deals.values()) if (d.partner_id === p.id) fail("取引で使用されている取引先は削除できません。");
    p.archived = true;
    p.update_date = jstDate();
    return { status: 204 };
  });

  // --- deals -----------------------------------------------------------------------------------------------------
  router.get("/api/1/deals", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const offset = intParam(req, P, "offset", { def: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = intParam(req, P, "limit", { def: 20, min: 1, max: 100 });
    const partnerId = req.query.get("partner_id");
    const partnerCode = req.query.get("partner_code");
    const status = req.query.get("status");
    if (status && status !== "settled" && status !== "unsettled") fail("status は settled または unsettled を指定してください。");
    const type = req.query.get("type");
    const accountItemId = req.query.get("account_item_id");
    const issue = [dateParam(req, P, "start_issue_date"), dateParam(req, P, "end_issue_date")] as const;
    const due = [dateParam(req, P, "start_due_date"), dateParam(req, P, "end_due_date")] as const;
    const rows = [...state.deals.values()]
      .filter(
        (d) =>
          d.company_id === company.id &&
          (!partnerId || String(d.partner_id) === partnerId) &&
          (!partnerCode || d.partner_code === partnerCode) &&
          (!status || dealStatus(d) === status) &&
          (!type || d.type === type) &&
          (!accountItemId || d.details.some((x) => String(x.account_item_id) === accountItemId)) &&
          inDateRange(d.issue_date, issue[0], issue[1]) &&
          (!due[0] && !due[1] ? true : d.due_date !== null && inDateRange(d.due_date, due[0], due[1])),
      )
      // freee lists deals newest issue_date first; the id breaks ties so offset paging is stable.
      .sort((x, y) => (x.issue_date === y.issue_date ? y.id - x.id : x.issue_date < y.issue_date ? 1 : -1));
    return { status: 200, json: { deals: rows.slice(offset, offset + limit).map(dealView), meta: { total_count: rows.length } } };
  });
  const findDeal = (company: CompanyRecord, id: number): DealRecord => {
    const d = state.deals.get(id);
    if (!d || d.company_id !== company.id) throw new SandboxHttpError(notFound(P, "取引"));
    return d;
  };
  router.get("/api/1/deals/:id", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    return { status: 200, json: { deal: dealView(findDeal(company, idParam(req))) } };
  });
  router.post("/api/1/deals", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    if (typeof b.issue_date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(b.issue_date)) fail("issue_date は必須です。");
    const type = oneOf(b.type, "type", ["income", "expense"] as const);
    if (!type) fail("type は必須です。");
    const partner = dealPartner(state, company, b);
    const details = buildDetails(state, company, b.details, partner);
    const amount = details.reduce((s, d) => s + d.amount, 0);
    const deal: DealRecord = {
      id: nextId(state, "deal"),
      company_id: company.id,
      issue_date: b.issue_date,
      due_date: typeof b.due_date === "string" ? b.due_date : null,
      amount,
      type,
      partner_id: partner?.id ?? null,
      partner_code: partner && company.use_partner_code ? partner.code : null,
      ref_number: typeof b.ref_number === "string" ? b.ref_number : null,
      deal_origin_name: "API",
      details,
      payments: [],
    };
    if (Array.isArray(b.payments)) {
      for (const raw of b.payments) {
        const pay = paymentInput(state, company, { ...(raw as Record<string, unknown>) });
        deal.payments.push({ id: nextId(state, "payment"), ...pay });
      }
      if (deal.payments.reduce((s, p) => s + p.amount, 0) > amount) fail("支払金額の合計が取引金額を超えています。");
    }
    state.deals.set(deal.id, deal);
    const view = dealView(deal);
    return { status: 201, json: { deal: view } };
  });
  router.put("/api/1/deals/:id", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const deal = findDeal(company, idParam(req));
    if (b.type !== undefined && b.type !== deal.type) fail("収支区分は変更できません。");
    if (deal.deal_origin_name === "freee請求書" && (b.details !== undefined || b.issue_date !== undefined || b.partner_id !== undefined)) {
      fail("freee請求書から作成された取引は、品目・部門・メモタグ・セグメントのみ変更できます。");
    }
    if (typeof b.issue_date === "string") deal.issue_date = b.issue_date;
    if (b.due_date !== undefined) deal.due_date = typeof b.due_date === "string" ? b.due_date : null;
    if (b.ref_number !== undefined) deal.ref_number = typeof b.ref_number === "string" ? b.ref_number : null;
    if (b.partner_id !== undefined || b.partner_code !== undefined) {
      const partner = dealPartner(state, company, b);
      deal.partner_id = partner?.id ?? null;
      deal.partner_code = partner && company.use_partner_code ? partner.code : null;
    }
    if (b.details !== undefined) {
      deal.details = buildDetails(state, company, b.details, deal.partner_id ? (state.partners.get(deal.partner_id) ?? null) : null);
      deal.amount = deal.details.reduce((s, d) => s + d.amount, 0);
    }
    syncInvoicePaymentStatus(state, deal);
    return { status: 200, json: { deal: dealView(deal) } };
  });
  router.delete("/api/1/deals/:id", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const deal = findDeal(company, idParam(req));
    state.deals.delete(deal.id);
    for (const inv of state.invoices.values()) if (inv.deal_id === deal.id) inv.deal_id = null;
    return { status: 204 };
  });
  router.post("/api/1/deals/:id/payments", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const deal = findDeal(company, idParam(req));
    const pay = paymentInput(state, company, b);
    if (pay.amount > dealDueAmount(deal)) fail("支払金額が未決済金額を超えています。");
    deal.payments.push({ id: nextId(state, "payment"), ...pay });
    syncInvoicePaymentStatus(state, deal);
    return { status: 201, json: { deal: dealView(deal) } };
  });
  router.put("/api/1/deals/:id/payments/:paymentId", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const deal = findDeal(company, idParam(req));
    const pid = Number(req.params.paymentId);
    const idx = deal.payments.findIndex((p) => p.id === pid);
    if (idx < 0) throw new SandboxHttpError(notFound(P, "支払行"));
    const pay = paymentInput(state, company, b);
    const others = deal.payments.reduce((s, p, i) => (i === idx ? s : s + p.amount), 0);
    if (others + pay.amount > deal.amount) fail("支払金額の合計が取引金額を超えています。");
    deal.payments[idx] = { id: pid, ...pay };
    syncInvoicePaymentStatus(state, deal);
    return { status: 200, json: { deal: dealView(deal) } };
  });
  router.delete("/api/1/deals/:id/payments/:paymentId", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const deal = findDeal(company, idParam(req));
    const pid = Number(req.params.paymentId);
    const idx = deal.payments.findIndex((p) => p.id === pid);
    if (idx < 0) throw new SandboxHttpError(notFound(P, "支払行"));
    deal.payments.splice(idx, 1);
    syncInvoicePaymentStatus(state, deal);
    return { status: 204 };
  });

  // --- masters ---------------------------------------------------------------------------------------------------
  router.get("/api/1/taxes/companies/:companyId", (req) => {
    const a = auth(req);
    const company = state.companies.get(Number(req.params.companyId));
    if (!company) throw new SandboxHttpError(badRequest(P, "事業所が見つかりません。"));
    if (!a.grant.companyIds.includes(company.id)) throw new SandboxHttpError(badRequest(P, "事業所が見つかりません。"));
    const available = boolParam(req, "available");
    const category = req.query.get("display_category");
    const taxes = (state.taxes.get(company.id) ?? []).filter((t) => (available === null || t.available === available) && (!category || t.display_category === category));
    return { status: 200, json: { taxes: taxes.map((t) => ({ ...t })) } };
  });
  router.get("/api/1/account_items", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const rows = [...state.accountItems.values()].filter((x) => x.company_id === company.id);
    return { status: 200, json: { account_items: rows.map((x) => ({ ...x })) } };
  });
  router.get("/api/1/items", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const offset = intParam(req, P, "offset", { def: 0, min: 0, max: 2147483647 });
    const limit = intParam(req, P, "limit", { def: 50, min: 1, max: 3000 });
    const from = dateParam(req, P, "start_update_date");
    const to = dateParam(req, P, "end_update_date");
    const rows = [...state.items.values()].filter((x) => x.company_id === company.id && inDateRange(x.update_date, from, to)).sort((x, y) => x.id - y.id);
    return { status: 200, json: { items: rows.slice(offset, offset + limit).map((x) => ({ ...x })) } };
  });
  router.get("/api/1/items/:id", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const it = state.items.get(idParam(req));
    if (!it || it.company_id !== company.id) throw new SandboxHttpError(notFound(P, "品目"));
    return { status: 200, json: { item: { ...it } } };
  });
  router.post("/api/1/items", (req) => {
    const a = auth(req);
    const b = jsonBody(req, P);
    const company = bodyCompany(state, req, a, P, b);
    const name = str(b.name, "name", 30);
    if (!name) fail("name は必須です。");
    for (const it of state.items.values()) if (it.company_id === company.id && it.name === name) fail("name は既に使用されています。");
    const id = nextId(state, "item");
    const rec = { id, company_id: company.id, name, update_date: jstDate(), available: true, shortcut1: (str(b.shortcut1, "shortcut1", 20, { nullable: true }) ?? null) as string | null, shortcut2: (str(b.shortcut2, "shortcut2", 20, { nullable: true }) ?? null) as string | null, code: typeof b.code === "string" ? b.code : null };
    state.items.set(id, rec);
    return { status: 201, json: { item: { ...rec } } };
  });
  router.get("/api/1/sections", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const rows = [...state.sections.values()].filter((x) => x.company_id === company.id);
    return { status: 200, json: { sections: rows.map((x) => ({ ...x })) } };
  });
  router.get("/api/1/walletables", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const type = req.query.get("type");
    const withBalance = boolParam(req, "with_balance");
    const rows = [...state.walletables.values()].filter((x) => x.company_id === company.id && (!type || x.type === type));
    return {
      status: 200,
      json: {
        walletables: rows.map(({ company_id: _c, last_balance, walletable_balance, ...w }) => ({ ...w, ...(withBalance ? { last_balance, walletable_balance } : {}) })),
      },
    };
  });
  router.get("/api/1/wallet_txns", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const offset = intParam(req, P, "offset", { def: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = intParam(req, P, "limit", { def: 20, min: 1, max: 100 });
    const wType = req.query.get("walletable_type");
    const wId = req.query.get("walletable_id");
    if ((wType === null) !== (wId === null)) fail("walletable_type と walletable_id は両方指定するか、両方省略してください。");
    const from = dateParam(req, P, "start_date");
    const to = dateParam(req, P, "end_date");
    const side = req.query.get("entry_side");
    const byCreated = req.query.get("sort_type") === "created_at_desc";
    const rows = [...state.walletTxns.values()]
      .filter((t) => t.company_id === company.id && (!wType || t.walletable_type === wType) && (!wId || String(t.walletable_id) === wId) && inDateRange(t.date, from, to) && (!side || t.entry_side === side))
      .sort((x, y) => (byCreated || x.date === y.date ? y.id - x.id : x.date < y.date ? 1 : -1));
    return { status: 200, json: { wallet_txns: rows.slice(offset, offset + limit).map((t) => ({ ...t })) } };
  });
  router.get("/api/1/wallet_txns/:id", (req) => {
    const company = queryCompany(state, req, auth(req), P);
    const t = state.walletTxns.get(idParam(req));
    if (!t || t.company_id !== company.id) throw new SandboxHttpError(notFound(P, "明細"));
    return { status: 200, json: { wallet_txn: { ...t } } };
  });

}
