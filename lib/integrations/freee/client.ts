import "server-only";
import { BaseProvider, waitFromHeaders, type RawResponse } from "@/lib/integrations/accounting/base-provider";
import { AccountingError, ReauthorizationRequiredError } from "@/lib/integrations/accounting/errors";
import type {
  AccountingInvoice,
  AccountingItem,
  AccountingPartner,
  AccountingProvider,
  AccountingTaxCode,
  ConnectionCheck,
  CreatedInvoice,
  InvoiceDraftInput,
  InvoiceSettlement,
  ListInvoicesOptions,
  Page,
  PartnerInput,
  ProviderDeps,
  RateLimitSnapshot,
  UpsertPartnerResult,
} from "@/lib/integrations/accounting/types";
import {
  freeeCompanyResponse,
  freeeDealResponse,
  freeeDealsResponse,
  freeeErrorBody,
  freeeInvoiceResponse,
  freeeInvoicesResponse,
  freeeItemsResponse,
  freeePartnerResponse,
  freeePartnersResponse,
  freeeTaxesResponse,
  type FreeeDeal,
  type FreeeInvoiceSummary,
} from "./schemas";
import { referenceFromMemo, settlementOf, toAccountingInvoice, toAccountingPartner, toInvoiceRequestBody, toPartnerUpsertBody, toTaxCode } from "./transform";

/** freee's excessive-access block lasts "about 10 minutes" ([ACC info]); we wait a little longer. */
export const FREEE_EXCESSIVE_ACCESS_WAIT_MS = 11 * 60_000;
const PARTNER_PAGE = 3000; // [ACC GET /api/1/partners] limit max 3000
const INVOICE_PAGE = 100; // [IV GET /invoices] limit max 100
const DEAL_PAGE = 100; // [ACC GET /api/1/deals] limit max 100
const IV_OFFSET_CAP = 10_000; // limit + offset ≤ 10,000 from 2026-09-21 (api-freee.md §3.1)

export type InvoiceNumbering = "manual" | "auto";

export type FreeeProviderOptions = ProviderDeps & {
  companyId: number;
  /** freee請求書 numbering of the company: manual → we send our number; auto → freee assigns it (400 if we send one). */
  invoiceNumbering?: InvoiceNumbering;
  /**
   * Where the company's numbering, once learned, is kept (per connection). The API has no endpoint that tells the
   * setting, so it is learned from freee's answer (see createInvoice); `load` wins over `invoiceNumbering`.
   */
  numberingStore?: { load: () => Promise<InvoiceNumbering | null>; save: (mode: InvoiceNumbering) => Promise<void> };
};

/**
 * Is this freee's refusal of our numbering mode? Manual numbering without invoice_number → "invoice_number は必須";
 * auto numbering with one → "自動採番が有効なため invoice_number は指定できません". freee gives no error code for either,
 * so the field name plus required/not-allowed wording is the only signal; a duplicate or too-long number does not
 * match and stays a validation error on the draft.
 */
export function isNumberingRefusal(error: unknown, sent: InvoiceNumbering): boolean {
  if (!(error instanceof AccountingError) || error.code !== "validation" || error.status !== 400) return false;
  const about = error.providerMessages.filter((m) => /invoice_number|請求書番号/i.test(m));
  return sent === "manual" ? about.some((m) => /採番|指定でき|not allowed|cannot be specified/i.test(m)) : about.some((m) => /必須|required|入力してください/i.test(m));
}

/**
 * freee会計 + freee請求書 behind the AccountingProvider contract. Docs: api-freee.md; specs under
 * ../shared/specs/freee. Every call carries company_id (query for GET, body for POST/PUT) as freee requires.
 */
export class FreeeProvider extends BaseProvider implements AccountingProvider {
  readonly provider = "freee" as const;
  readonly accountId: string;
  private readonly companyId: number;
  private numbering: InvoiceNumbering;
  private numberingLoaded: boolean;
  private readonly numberingStore: FreeeProviderOptions["numberingStore"];

  constructor(options: FreeeProviderOptions) {
    if (!options.baseUrl) throw new Error("FreeeProvider needs a baseUrl (FREEE_API_BASE_URL)");
    super(options, options.baseUrl);
    this.companyId = options.companyId;
    this.accountId = String(options.companyId);
    this.numbering = options.invoiceNumbering ?? "manual";
    this.numberingStore = options.numberingStore;
    this.numberingLoaded = !options.numberingStore;
  }

  private async currentNumbering(): Promise<InvoiceNumbering> {
    if (!this.numberingLoaded) {
      this.numbering = (await this.numberingStore!.load()) ?? this.numbering;
      this.numberingLoaded = true;
    }
    return this.numbering;
  }

  private get accKey(): string {
    return `freee:${this.companyId}:accounting`;
  }
  private get ivKey(): string {
    return `freee:${this.companyId}:iv`;
  }

  // https://developer.freee.co.jp/reference/40x-checkpoint — branch on status and code, not on messages.
  protected parseError(response: RawResponse, { write }: { write: boolean }): AccountingError {
    const parsed = freeeErrorBody.safeParse(response.body);
    const body = parsed.success ? parsed.data : {};
    const messages = [
      ...(body.errors ?? []).flatMap((e) => e.messages ?? []),
      ...(body.message ? [body.message] : []),
      ...(body.error_description ? [body.error_description] : []),
    ];
    const message = messages.join(" / ") || `HTTP ${response.status}`;
    const status = response.status;
    if (status === 401) {
      if (body.error === "invalid_grant") return new ReauthorizationRequiredError(`freee: ${message}`);
      if (body.code === "expired_access_token" || body.code === "invalid_access_token" || !body.code) {
        return new AccountingError({ code: "unauthorized", message: `freee 401: ${message}`, status, retryable: false, providerMessages: messages });
      }
      // user_do_not_have_permission, company_not_found, freee_plan_limit, re_authorization_required…: a person must act.
      const code = body.code === "re_authorization_required" ? "reauthorize" : "forbidden";
      return new AccountingError({ code, message: `freee 401 ${body.code}: ${message}`, status, providerMessages: messages });
    }
    if (status === 403) {
      // The excessive-access 403 has no documented code; the sandbox and (per freee's message text) the live API
      // say "過度のアクセス". Without either signal a 403 is a permission problem, which a retry cannot fix.
      if (body.code === "excessive_access" || /過度のアクセス/.test(message)) {
        return new AccountingError({ code: "excessive_access", message: `freee excessive access: ${message}`, status, retryable: true, retryAfterMs: FREEE_EXCESSIVE_ACCESS_WAIT_MS, providerMessages: messages });
      }
      return new AccountingError({ code: "forbidden", message: `freee 403: ${message}`, status, providerMessages: messages });
    }
    if (status === 429) {
      const wait = waitFromHeaders(response.headers, ["x-ratelimit-reset-minute", "x-ratelimit-reset"]) ?? (body.meta?.reset ? Math.max(0, Date.parse(body.meta.reset) - Date.now()) : null);
      return new AccountingError({ code: "rate_limited", message: `freee 429: ${message}`, status, retryable: true, retryAfterMs: wait ?? 1000, providerMessages: messages });
    }
    if (status === 404) return new AccountingError({ code: "not_found", message: `freee 404: ${message}`, status, providerMessages: messages });
    if (status === 402) return new AccountingError({ code: "quota", message: `freee 402: ${message}`, status, providerMessages: messages });
    if (status >= 400 && status < 500) return new AccountingError({ code: "validation", message: `freee ${status}: ${message}`, status, providerMessages: messages });
    return new AccountingError({ code: "server", message: `freee ${status}: ${message}`, status, retryable: true, maybeCommitted: write, providerMessages: messages });
  }

  // freee請求書 sends X-RateLimit-* (hour), X-Ratelimit-*-Minute and X-RateLimit-*-Day on every response [IV info];
  // the accounting API only on 429s. The minute window is the one a sync hits first.
  protected parseRateLimit(headers: Headers): RateLimitSnapshot | null {
    const pick = (suffix: string) => {
      const limit = headers.get(`x-ratelimit-limit${suffix}`);
      const remaining = headers.get(`x-ratelimit-remaining${suffix}`);
      if (limit === null && remaining === null) return null;
      const reset = headers.get(`x-ratelimit-reset${suffix}`);
      const resetAt = reset ? new Date(reset) : null;
      return { limit: limit ? Number(limit) : null, remaining: remaining ? Number(remaining) : null, resetAt: resetAt && !Number.isNaN(resetAt.getTime()) ? resetAt : null, window: suffix ? suffix.slice(1) : "default", observedAt: new Date() };
    };
    return pick("-minute") ?? pick("");
  }

  // --- partners [ACC /api/1/partners] ----------------------------------------------------------------------------

  async listPartners(cursor?: string | null, options: { updatedSince?: Date | null; pageSize?: number } = {}): Promise<Page<AccountingPartner>> {
    const offset = cursor ? Number(cursor) : 0;
    const limit = Math.min(options.pageSize ?? PARTNER_PAGE, PARTNER_PAGE);
    const res = await this.request({
      method: "GET",
      path: "/api/1/partners",
      query: { company_id: this.companyId, offset, limit, start_update_date: options.updatedSince ? jstDate(options.updatedSince) : undefined },
      schema: freeePartnersResponse,
      gateKey: this.accKey,
    });
    return { items: res.partners.map(toAccountingPartner), nextCursor: res.partners.length < limit ? null : String(offset + res.partners.length) };
  }

  async getPartner(partnerId: string): Promise<AccountingPartner | null> {
    const res = await this.requestOrNull({ method: "GET", path: `/api/1/partners/${encodeURIComponent(partnerId)}`, query: { company_id: this.companyId }, schema: freeePartnerResponse, gateKey: this.accKey });
    return res ? toAccountingPartner(res.partner) : null;
  }

  // PUT /api/1/partners/upsert_by_code: 200 updated, 201 created. Idempotent on the code, so safe to retry.
  async upsertPartner(input: PartnerInput): Promise<UpsertPartnerResult> {
    let status = 0;
    const res = await this.request({
      onStatus: (s) => (status = s),
      method: "PUT",
      path: "/api/1/partners/upsert_by_code",
      body: toPartnerUpsertBody(this.companyId, input),
      schema: freeePartnerResponse,
      idempotent: true,
      gateKey: this.accKey,
    });
    return { partnerId: String(res.partner.id), departmentId: null, created: status === 201 };
  }

  // --- invoices [IV /invoices] -----------------------------------------------------------------------------------

  /**
   * POST /iv/invoices in the company's numbering mode. When freee refuses the mode (the company switched between
   * 手動採番 and 自動採番, or it was never known), the other mode is tried once: a 400 created nothing, so this is
   * not a duplicate risk. The mode that worked is kept for this connection, so it costs one refusal per switch.
   */
  async createInvoice(draft: InvoiceDraftInput): Promise<CreatedInvoice> {
    const mode = await this.currentNumbering();
    try {
      return await this.postInvoice(draft, mode);
    } catch (error) {
      if (!isNumberingRefusal(error, mode)) throw error;
      const other: InvoiceNumbering = mode === "manual" ? "auto" : "manual";
      const created = await this.postInvoice(draft, other);
      this.numbering = other;
      await this.numberingStore?.save(other);
      return created;
    }
  }

  private async postInvoice(draft: InvoiceDraftInput, numbering: InvoiceNumbering): Promise<CreatedInvoice> {
    const res = await this.request({
      method: "POST",
      path: "/iv/invoices",
      body: toInvoiceRequestBody(this.companyId, draft, numbering),
      schema: freeeInvoiceResponse,
      idempotent: false,
      gateKey: this.ivKey,
    });
    return createdOf(res.invoice);
  }

  async findInvoiceByReference(ourReference: string, hint: { partnerId?: string | null; billingDate?: string | null; invoiceNumber?: string | null } = {}): Promise<CreatedInvoice | null> {
    const carries = (inv: FreeeInvoiceSummary) => referenceFromMemo(inv.memo) === ourReference;
    // 1. Manual numbering: our number is the invoice number, an exact filter.
    if ((await this.currentNumbering()) === "manual") {
      const rows = await this.listInvoiceRows({ invoice_number: hint.invoiceNumber ?? ourReference, limit: INVOICE_PAGE, offset: 0 });
      const hit = rows.find(carries) ?? rows.find((r) => r.invoice_number === (hint.invoiceNumber ?? ourReference));
      if (hit) return createdOf(hit);
    } else {
      // 2. Auto numbering: the reference is in the subject (substring filter), confirmed by the memo.
      const rows = await this.listInvoiceRows({ subject: ourReference, limit: INVOICE_PAGE, offset: 0 });
      const hit = rows.find(carries);
      if (hit) return createdOf(hit);
    }
    // 3. Belt and braces: the partner's invoices on that billing date, matched by memo.
    if (hint.partnerId && hint.billingDate) {
      for (let offset = 0; offset < IV_OFFSET_CAP; offset += INVOICE_PAGE) {
        const rows = await this.listInvoiceRows({ partner_ids: hint.partnerId, start_billing_date: hint.billingDate, end_billing_date: hint.billingDate, limit: INVOICE_PAGE, offset });
        const hit = rows.find(carries);
        if (hit) return createdOf(hit);
        if (rows.length < INVOICE_PAGE) break;
      }
    }
    return null;
  }

  async getInvoice(invoiceId: string): Promise<AccountingInvoice | null> {
    const res = await this.requestOrNull({ method: "GET", path: `/iv/invoices/${encodeURIComponent(invoiceId)}`, query: { company_id: this.companyId }, schema: freeeInvoiceResponse, gateKey: this.ivKey });
    if (!res) return null;
    const deal = res.invoice.deal_id ? await this.getDeal(res.invoice.deal_id) : null;
    return toAccountingInvoice(res.invoice, deal);
  }

  /**
   * freee請求書 has no updated-since filter: the sync walks billing-date windows (cursor = offset inside the window,
   * which the caller keeps below the 10,000 cap by choosing month-sized windows). Settlement is NOT filled in here
   * (it needs the deals): call getSettlements for the rows whose money matters.
   */
  async listInvoices(options: ListInvoicesOptions = {}): Promise<Page<AccountingInvoice>> {
    const offset = options.cursor ? Number(options.cursor) : 0;
    const limit = Math.min(options.pageSize ?? INVOICE_PAGE, INVOICE_PAGE);
    const rows = await this.listInvoiceRows({
      offset,
      limit,
      start_billing_date: options.billingDateFrom ?? undefined,
      end_billing_date: options.billingDateTo ?? undefined,
      start_payment_date: options.dueDateFrom ?? undefined,
      end_payment_date: options.dueDateTo ?? undefined,
    });
    const next = rows.length < limit || offset + 2 * limit > IV_OFFSET_CAP ? null : String(offset + rows.length);
    return { items: rows.map((r) => toAccountingInvoice(r, null)), nextCursor: next };
  }

  private async listInvoiceRows(query: Record<string, string | number | undefined>): Promise<FreeeInvoiceSummary[]> {
    const res = await this.request({ method: "GET", path: "/iv/invoices", query: { company_id: this.companyId, ...query }, schema: freeeInvoicesResponse, gateKey: this.ivKey });
    return res.invoices;
  }

  // --- settlement [ACC /api/1/deals] ------------------------------------------------------------------------------

  private async getDeal(dealId: number | string): Promise<FreeeDeal | null> {
    const res = await this.requestOrNull({ method: "GET", path: `/api/1/deals/${encodeURIComponent(String(dealId))}`, query: { company_id: this.companyId }, schema: freeeDealResponse, gateKey: this.accKey });
    return res?.deal ?? null;
  }

  /**
   * "Is it paid?" = the deal's status/due_amount (api-freee.md §4). Few invoices → one GET per deal; many → page
   * through income deals in the invoices' issue-date window (100 per request instead of 1).
   */
  async getSettlements(invoices: AccountingInvoice[]): Promise<InvoiceSettlement[]> {
    const withDeal = invoices.filter((i) => i.dealId);
    const deals = new Map<string, FreeeDeal>();
    if (withDeal.length <= 5) {
      for (const inv of withDeal) {
        const deal = await this.getDeal(inv.dealId as string);
        if (deal) deals.set(String(deal.id), deal);
      }
    } else {
      const wanted = new Set(withDeal.map((i) => i.dealId as string));
      const dates = withDeal.map((i) => rawSummary(i).issue_date ?? i.billingDate ?? "").filter(Boolean).sort();
      for (let offset = 0; ; offset += DEAL_PAGE) {
        const res = await this.request({
          method: "GET",
          path: "/api/1/deals",
          query: { company_id: this.companyId, type: "income", start_issue_date: dates[0], end_issue_date: dates[dates.length - 1], offset, limit: DEAL_PAGE },
          schema: freeeDealsResponse,
          gateKey: this.accKey,
        });
        for (const d of res.deals) if (wanted.has(String(d.id))) deals.set(String(d.id), d);
        if (res.deals.length < DEAL_PAGE || deals.size === wanted.size) break;
      }
    }
    return invoices.map((inv) => settlementOf(rawSummary(inv), inv.dealId ? (deals.get(inv.dealId) ?? null) : null));
  }

  // --- masters ----------------------------------------------------------------------------------------------------

  async listTaxCodes(): Promise<AccountingTaxCode[]> {
    // The company endpoint, not the deprecated /taxes/codes (api-freee.md §5).
    const res = await this.request({ method: "GET", path: `/api/1/taxes/companies/${this.companyId}`, schema: freeeTaxesResponse, gateKey: this.accKey });
    return res.taxes.map(toTaxCode);
  }

  async listItems(): Promise<AccountingItem[]> {
    const out: AccountingItem[] = [];
    for (let offset = 0; ; offset += PARTNER_PAGE) {
      const res = await this.request({ method: "GET", path: "/api/1/items", query: { company_id: this.companyId, offset, limit: PARTNER_PAGE }, schema: freeeItemsResponse, gateKey: this.accKey });
      out.push(...res.items.map((i) => ({ id: String(i.id), code: i.code ?? null, name: i.name, available: i.available ?? true })));
      if (res.items.length < PARTNER_PAGE) return out;
    }
  }

  async checkConnection(): Promise<ConnectionCheck> {
    try {
      const res = await this.request({ method: "GET", path: `/api/1/companies/${this.companyId}`, schema: freeeCompanyResponse, gateKey: this.accKey });
      return { ok: true, accountId: String(res.company.id), accountName: res.company.display_name ?? res.company.name ?? String(res.company.id) };
    } catch (error) {
      if (error instanceof AccountingError) return { ok: false, error };
      throw error;
    }
  }
}

function rawSummary(inv: AccountingInvoice): FreeeInvoiceSummary {
  return inv.raw as FreeeInvoiceSummary;
}

function createdOf(inv: FreeeInvoiceSummary): CreatedInvoice {
  return { providerInvoiceId: String(inv.id), invoiceNumber: inv.invoice_number ?? null, url: inv.report_url ?? null, totalAmount: Math.round(inv.total_amount) };
}

/** The JST calendar date of an instant (freee's date filters are JST days). */
export function jstDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}
