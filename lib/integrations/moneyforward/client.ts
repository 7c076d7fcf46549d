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
import { mfBillingSchema, mfBillingsResponse, mfDepartmentSchema, mfErrorBody, mfItemsResponse, mfOfficeSchema, mfPartnerSchema, mfPartnersResponse, type MfBilling } from "./schemas";
import { MF_REFERENCE_TAG_PREFIX, MfAmountError, settlementOfBilling, toAccountingInvoice, toAccountingPartner, toBillingBody, toDepartmentBody, toPartnerBody } from "./transform";

const PER_PAGE = 100; // [SPEC] per_page 1–100
const V = "/api/v3";

export type MoneyForwardProviderOptions = ProviderDeps & { officeId: string };

/**
 * Money Forward クラウド請求書 API v3 behind the AccountingProvider contract (api-moneyforward.md; spec
 * ../shared/specs/moneyforward/MF_API_document.yml). One token = one office, so no office parameter is sent.
 */
export class MoneyForwardProvider extends BaseProvider implements AccountingProvider {
  readonly provider = "moneyforward" as const;
  readonly accountId: string;

  constructor(options: MoneyForwardProviderOptions) {
    if (!options.baseUrl) throw new Error("MoneyForwardProvider needs a baseUrl (MF_API_BASE_URL)");
    super(options, options.baseUrl);
    this.accountId = options.officeId;
  }

  private get key(): string {
    return `mf:${this.accountId}:api`;
  }

  protected parseError(response: RawResponse, { write }: { write: boolean }): AccountingError {
    const parsed = mfErrorBody.safeParse(response.body);
    const b = parsed.success ? parsed.data : {};
    const list = Array.isArray(b.errors) ? b.errors : b.errors ? [{ code: b.errors.status ?? null, message: b.errors.detail ?? b.errors.title ?? null }] : [];
    const messages = [...list.map((e) => e.message ?? "").filter(Boolean), ...(b.message ? [b.message] : []), ...(b.error_description ? [b.error_description] : [])];
    const message = messages.join(" / ") || `HTTP ${response.status}`;
    const status = response.status;
    const base = { provider: "moneyforward" as const, status, providerMessages: messages };
    if (status === 401) {
      if (b.error === "invalid_grant") return new ReauthorizationRequiredError(`moneyforward: ${message}`, undefined, "moneyforward");
      return new AccountingError({ ...base, code: "unauthorized", message: `moneyforward 401: ${message}` });
    }
    if (status === 403) return new AccountingError({ ...base, code: "forbidden", message: `moneyforward 403: ${message}` });
    if (status === 429) {
      // No Retry-After is documented for Invoice (api-moneyforward.md §11): back off ~1 s like community clients.
      return new AccountingError({ ...base, code: "rate_limited", retryable: true, retryAfterMs: waitFromHeaders(response.headers, []) ?? 1_000, message: `moneyforward 429: ${message}` });
    }
    if (status === 404) return new AccountingError({ ...base, code: "not_found", message: `moneyforward 404: ${message}` });
    if (status === 402) return new AccountingError({ ...base, code: "quota", message: `moneyforward 402: ${message}` });
    if (status >= 400 && status < 500) return new AccountingError({ ...base, code: "validation", message: `moneyforward ${status}: ${message}` });
    return new AccountingError({ ...base, code: "server", retryable: true, maybeCommitted: write, message: `moneyforward ${status}: ${message}` });
  }

  protected parseRateLimit(): RateLimitSnapshot | null {
    return null; // MF sends no rate-limit headers; headroom comes from our own limiter.
  }

  private wrapAmounts<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof MfAmountError) throw new AccountingError({ provider: "moneyforward", code: "invalid_response", message: `moneyforward: ${error.message}` });
      throw error;
    }
  }

  async listPartners(cursor?: string | null, options: { pageSize?: number } = {}): Promise<Page<AccountingPartner>> {
    const page = cursor ? Number(cursor) : 1;
    const res = await this.request({ method: "GET", path: `${V}/partners`, query: { page, per_page: Math.min(options.pageSize ?? PER_PAGE, PER_PAGE) }, schema: mfPartnersResponse, gateKey: this.key });
    return { items: res.data.map(toAccountingPartner), nextCursor: res.pagination.current_page < res.pagination.total_pages ? String(page + 1) : null };
  }

  async getPartner(partnerId: string): Promise<AccountingPartner | null> {
    const res = await this.requestOrNull({ method: "GET", path: `${V}/partners/${encodeURIComponent(partnerId)}`, schema: mfPartnerSchema, gateKey: this.key });
    return res ? toAccountingPartner(res) : null;
  }

  /**
   * MF has no upsert: find by `code` (exact filter), create with one department, or update the header and make sure
   * a department exists (billings are addressed to departments, api-moneyforward.md §5). Repeating it after a lost
   * answer finds the partner created the first time, so it is idempotent by code.
   */
  async upsertPartner(input: PartnerInput): Promise<UpsertPartnerResult> {
    const found = await this.request({ method: "GET", path: `${V}/partners`, query: { code: input.code, per_page: PER_PAGE }, schema: mfPartnersResponse, gateKey: this.key });
    const existing = found.data.find((p) => p.code === input.code);
    if (!existing) {
      const created = await this.request({
        method: "POST",
        path: `${V}/partners`,
        body: { ...toPartnerBody(input), departments: [toDepartmentBody(input)] },
        schema: mfPartnerSchema,
        idempotent: false,
        gateKey: this.key,
      });
      return { partnerId: created.id, departmentId: created.departments?.[0]?.id ?? (await this.ensureDepartment(created.id, input)), created: true };
    }
    await this.request({ method: "PUT", path: `${V}/partners/${encodeURIComponent(existing.id)}`, body: toPartnerBody(input), schema: mfPartnerSchema, idempotent: true, gateKey: this.key });
    const billedDepartment = existing.departments?.[0]?.id;
    if (!billedDepartment) return { partnerId: existing.id, departmentId: await this.ensureDepartment(existing.id, input), created: false };
    // Address, phone and contact live on the department in MF; the CRM is their master, so they are overwritten too.
    await this.request({
      method: "PUT",
      path: `${V}/partners/${encodeURIComponent(existing.id)}/departments/${encodeURIComponent(billedDepartment)}`,
      body: toDepartmentBody(input),
      schema: mfDepartmentSchema,
      idempotent: true,
      gateKey: this.key,
    });
    return { partnerId: existing.id, departmentId: billedDepartment, created: false };
  }

  private async ensureDepartment(partnerId: string, input: PartnerInput): Promise<string> {
    const dept = await this.request({ method: "POST", path: `${V}/partners/${encodeURIComponent(partnerId)}/departments`, body: toDepartmentBody(input), schema: mfDepartmentSchema, idempotent: false, gateKey: this.key });
    return dept.id;
  }

  async createInvoice(draft: InvoiceDraftInput): Promise<CreatedInvoice> {
    const res = await this.request({ method: "POST", path: `${V}/invoice_template_billings`, body: toBillingBody(draft), schema: mfBillingSchema, idempotent: false, gateKey: this.key });
    return this.wrapAmounts(() => createdOf(res));
  }

  /** Our reference is a billing tag; `tags` is an exact filter on the list endpoint. */
  async findInvoiceByReference(ourReference: string): Promise<CreatedInvoice | null> {
    const tag = `${MF_REFERENCE_TAG_PREFIX}${ourReference}`;
    const res = await this.request({ method: "GET", path: `${V}/billings`, query: { tags: tag, per_page: PER_PAGE }, schema: mfBillingsResponse, gateKey: this.key });
    const hit = res.data.find((b) => (b.tag_names ?? []).includes(tag));
    return hit ? this.wrapAmounts(() => createdOf(hit)) : null;
  }

  async getInvoice(invoiceId: string): Promise<AccountingInvoice | null> {
    const res = await this.requestOrNull({ method: "GET", path: `${V}/billings/${encodeURIComponent(invoiceId)}`, schema: mfBillingSchema, gateKey: this.key });
    return res ? this.wrapAmounts(() => toAccountingInvoice(res)) : null;
  }

  /** GET /billings by updated_at (day granularity) or a due-date window; cursor = page number. */
  async listInvoices(options: ListInvoicesOptions = {}): Promise<Page<AccountingInvoice>> {
    const page = options.cursor ? Number(options.cursor) : 1;
    const range = options.dueDateFrom || options.dueDateTo
      ? { range_key: "due_date", from: options.dueDateFrom ?? undefined, to: options.dueDateTo ?? undefined }
      : options.updatedSince
        ? { range_key: "updated_at", from: jstDate(options.updatedSince) }
        : options.billingDateFrom || options.billingDateTo
          ? { range_key: "billing_date", from: options.billingDateFrom ?? undefined, to: options.billingDateTo ?? undefined }
          : {};
    const res = await this.request({ method: "GET", path: `${V}/billings`, query: { ...range, page, per_page: Math.min(options.pageSize ?? PER_PAGE, PER_PAGE) }, schema: mfBillingsResponse, gateKey: this.key });
    return { items: this.wrapAmounts(() => res.data.map(toAccountingInvoice)), nextCursor: res.pagination.current_page < res.pagination.total_pages ? String(page + 1) : null };
  }

  async getSettlements(invoices: AccountingInvoice[]): Promise<InvoiceSettlement[]> {
    return invoices.map(settlementOfBilling);
  }

  /** MF has no tax-code master: the excise enum is fixed in the spec (api-moneyforward.md §6). */
  async listTaxCodes(): Promise<AccountingTaxCode[]> {
    return [
      { code: "ten_percent", name: "10%", rate: 10, reduced: false, available: true },
      { code: "eight_percent_as_reduced_tax_rate", name: "8%（軽減税率）", rate: 8, reduced: true, available: true },
      { code: "eight_percent", name: "8%", rate: 8, reduced: false, available: true },
      { code: "non_taxable", name: "非課税", rate: 0, reduced: false, available: true },
      { code: "untaxable", name: "不課税", rate: 0, reduced: false, available: true },
      { code: "tax_exemption", name: "免税", rate: 0, reduced: false, available: true },
    ];
  }

  async listItems(): Promise<AccountingItem[]> {
    const out: AccountingItem[] = [];
    for (let page = 1; ; page++) {
      const res = await this.request({ method: "GET", path: `${V}/items`, query: { page, per_page: PER_PAGE }, schema: mfItemsResponse, gateKey: this.key });
      out.push(...res.data.map((i) => ({ id: i.id, code: i.code ?? null, name: i.name, available: true })));
      if (!res.pagination || res.pagination.current_page >= res.pagination.total_pages || res.data.length === 0) return out;
    }
  }

  async checkConnection(): Promise<ConnectionCheck> {
    try {
      const office = await this.request({ method: "GET", path: `${V}/office`, schema: mfOfficeSchema, gateKey: this.key });
      return { ok: true, accountId: office.id, accountName: office.name ?? office.id };
    } catch (error) {
      if (error instanceof AccountingError) return { ok: false, error };
      throw error;
    }
  }
}

function createdOf(b: MfBilling): CreatedInvoice {
  const inv = toAccountingInvoice(b);
  return { providerInvoiceId: b.id, invoiceNumber: inv.invoiceNumber, url: b.pdf_url ?? null, totalAmount: inv.totalAmount };
}

function jstDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

