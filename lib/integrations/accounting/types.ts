import "server-only";

/**
 * THE accounting-provider contract. freee (lib/integrations/freee) and Money Forward (lib/integrations/moneyforward)
 * implement it; the accounting sync, the partner linking and the invoice posting (issue 6) use only this.
 *
 * Conventions:
 * - ids are strings whatever the provider uses (freee: integers, MF: opaque strings);
 * - money is integer yen (MF's "100.0" strings are parsed; a fractional yen is an invalid_response);
 * - dates are JST calendar dates `YYYY-MM-DD` (MF's "2022/12/09" is normalised);
 * - every method throws an AccountingError (./errors) on failure, never returns null for a failure. `null` from a
 *   find/get means "does not exist" only.
 */
import type { AccountingError } from "./errors";

export type AccountingProviderName = "freee" | "moneyforward";

/** An opaque page cursor: pass `nextCursor` back until it is null. Stored as text in sync_cursors. */
export type Page<T> = { items: T[]; nextCursor: string | null };

export type PostalAddress = {
  zipcode?: string | null;
  /** freee prefecture code (0 = 北海道 … 12 = 東京 … 46 = 沖縄); MF takes the name in `prefecture`. */
  prefectureCode?: number | null;
  prefecture?: string | null;
  street1?: string | null;
  street2?: string | null;
};

export type AccountingPartner = {
  id: string;
  /** Our natural key: the HubSpot company id (freee 取引先コード / MF 顧客コード). null when the partner has none. */
  code: string | null;
  name: string;
  nameKana: string | null;
  /** The customer's 適格請求書発行事業者登録番号 (T + 13 digits). MF has no such field: always null there. */
  registrationNumber: string | null;
  /** MF: the default department every billing is addressed to. freee: null. */
  departmentId: string | null;
  address: PostalAddress | null;
  phone: string | null;
  email: string | null;
  contactName: string | null;
  archived: boolean;
  remoteUpdatedAt: Date | null;
  raw: unknown;
};

export type PartnerInput = {
  /** The HubSpot company id: upserts are idempotent on it. */
  code: string;
  name: string;
  nameKana?: string | null;
  /** T + 13 digits, already normalised (lib/japan/registration-number.ts). */
  registrationNumber?: string | null;
  address?: PostalAddress | null;
  phone?: string | null;
  contactName?: string | null;
  contactDepartment?: string | null;
  email?: string | null;
  /** 敬称 printed on documents. */
  title?: "御中" | "様";
};

export type UpsertPartnerResult = { partnerId: string; departmentId: string | null; created: boolean };

export type TaxRate = 10 | 8 | 0;

export type InvoiceLineInput = {
  description: string;
  quantity: number;
  /** Integer yen; tax-inclusive when the invoice's taxEntry is "inclusive". */
  unitPrice: number;
  taxRate: TaxRate;
  /** 8 % 軽減税率 line. Only meaningful with taxRate 8. */
  reducedRate?: boolean;
  /** The provider's tax code from the mapping rules (freee tax_code number as text / MF excise value). */
  taxCode?: string | null;
  /** The provider's item (品目) id from the mapping rules. */
  itemId?: string | null;
  unit?: string | null;
  salesDate?: string | null;
};

export type InvoiceDraftInput = {
  /**
   * Our own reference (invoice_drafts.our_reference), written into the invoice so that it can be found again
   * by findInvoiceByReference after a timeout. Must be unique per draft and stable across retries.
   */
  ourReference: string;
  partnerId: string;
  /** MF: required (billings are addressed to a department). freee: ignored. */
  departmentId?: string | null;
  billingDate: string;
  dueDate?: string | null;
  subject: string;
  notes?: string | null;
  /** Our invoice number, for providers / companies with manual numbering (freee 手動採番). */
  invoiceNumber?: string | null;
  taxEntry: "exclusive" | "inclusive";
  rounding: "floor" | "round" | "ceil";
  partnerTitle?: "御中" | "様";
  lines: InvoiceLineInput[];
};

export type CreatedInvoice = {
  providerInvoiceId: string;
  invoiceNumber: string | null;
  /** A link a person can open (freee report_url, MF pdf_url). */
  url: string | null;
  totalAmount: number;
};

export type PaymentStatus = "unpaid" | "partially_paid" | "paid" | "cancelled";

export type AccountingInvoice = {
  id: string;
  invoiceNumber: string | null;
  partnerId: string | null;
  partnerName: string | null;
  /** Read back from the invoice (see InvoiceDraftInput.ourReference). null for invoices we did not post. */
  ourReference: string | null;
  billingDate: string | null;
  dueDate: string | null;
  totalAmount: number;
  taxAmount: number;
  paymentStatus: PaymentStatus;
  /** Integer yen received so far. MF reports only a status, so paid = total or 0 there. */
  paidAmount: number;
  lastPaidOn: string | null;
  sendingStatus: string | null;
  /** freee: the freee会計 deal (取引) id once 取引反映 happened; payments hang off it. */
  dealId: string | null;
  url: string | null;
  remoteUpdatedAt: Date | null;
  raw: unknown;
};

export type AccountingPayment = {
  /** Provider payment id (freee deal payment id; MF synthetic `<billingId>:paid`). */
  id: string;
  invoiceId: string;
  paidOn: string | null;
  amount: number;
  raw: unknown;
};

/** Settlement of one invoice, read from the provider's own source of truth (freee deal, MF billing). */
export type InvoiceSettlement = {
  invoiceId: string;
  paymentStatus: PaymentStatus;
  totalAmount: number;
  paidAmount: number;
  lastPaidOn: string | null;
  payments: AccountingPayment[];
};

export type AccountingTaxCode = {
  code: string;
  name: string;
  /** 10 / 8 / 0, or null for codes without a rate (対象外 etc.). */
  rate: TaxRate | null;
  reduced: boolean;
  available: boolean;
};

export type AccountingItem = { id: string; code: string | null; name: string; available: boolean };

export type ListInvoicesOptions = {
  cursor?: string | null;
  /** Only invoices changed since (MF: updated_at range; freee has no updated filter: billing-date windows). */
  updatedSince?: Date | null;
  /** Restrict to a billing-date window (JST dates, inclusive). */
  billingDateFrom?: string | null;
  billingDateTo?: string | null;
  /** Restrict to a due-date window (JST dates, inclusive): used to poll invoices near or past due more often. */
  dueDateFrom?: string | null;
  dueDateTo?: string | null;
  pageSize?: number;
};

export type ConnectionCheck = { ok: true; accountId: string; accountName: string } | { ok: false; error: AccountingError };

/** Rate-limit state last seen in response headers, for the sync health page. */
export type RateLimitSnapshot = { limit: number | null; remaining: number | null; resetAt: Date | null; window: string; observedAt: Date };

export type AccountingProvider = {
  readonly provider: AccountingProviderName;
  /** freee company id / MF office id. */
  readonly accountId: string;

  /** Partners, in a stable order. `updatedSince` narrows it where the provider can (freee: day granularity). */
  listPartners(cursor?: string | null, options?: { updatedSince?: Date | null; pageSize?: number }): Promise<Page<AccountingPartner>>;
  getPartner(partnerId: string): Promise<AccountingPartner | null>;
  /**
   * Create or update the partner whose code is `input.code`. Idempotent: calling it twice yields one partner.
   * freee: PUT /partners/upsert_by_code. MF: find by code, create (with one department) or update, and make sure
   * a department exists (returned as departmentId).
   */
  upsertPartner(input: PartnerInput): Promise<UpsertPartnerResult>;

  /**
   * Post one invoice. NOT retried internally on timeout/5xx: such errors carry `maybeCommitted: true` and the
   * caller must call findInvoiceByReference(ourReference) before any retry (exactly-once posting). 429 / excessive
   * access are retried internally (the request was refused, nothing was written). 400/422 → code "validation".
   */
  createInvoice(draft: InvoiceDraftInput): Promise<CreatedInvoice>;
  /**
   * The invoice carrying our reference, or null when none exists. `hint` narrows the search (the same partner and
   * billing date the draft was posted with), which keeps it to one or two requests.
   */
  findInvoiceByReference(ourReference: string, hint?: { partnerId?: string | null; billingDate?: string | null; invoiceNumber?: string | null }): Promise<CreatedInvoice | null>;
  getInvoice(invoiceId: string): Promise<AccountingInvoice | null>;
  listInvoices(options?: ListInvoicesOptions): Promise<Page<AccountingInvoice>>;

  /** Settlement (status, paid amount, payments) of these invoices, from the provider's source of truth. */
  getSettlements(invoices: AccountingInvoice[]): Promise<InvoiceSettlement[]>;

  listTaxCodes(): Promise<AccountingTaxCode[]>;
  listItems(): Promise<AccountingItem[]>;
  checkConnection(): Promise<ConnectionCheck>;

  /** Last rate-limit headers seen (null before the first response that carried them). */
  rateLimitSnapshot(): RateLimitSnapshot | null;
};

/** How a provider gets and renews its access token (lib/integrations/oauth supplies the serialised one). */
export type TokenSource = {
  /** A valid access token, refreshed first when it expires within ~60 s. */
  getAccessToken(): Promise<string>;
  /** The provider rejected `staleToken` (401): refresh now unless another process already did, then return the new one. */
  forceRefresh(staleToken: string): Promise<string>;
};

/** Waits for a request slot (lib/integrations/rate-limit) and is told what the provider answered. */
export type RequestGate = {
  /** Resolves when the request may go; call the returned function when it has finished. */
  acquire(key: string): Promise<() => void>;
  /** Called after a 429 / 403 excessive-access with the wait the provider asked for. */
  penalise?(key: string, waitMs: number): void;
};

export type ProviderDeps = {
  tokens: TokenSource;
  /** Defaults to env() base URLs (FREEE_API_BASE_URL / MF_API_BASE_URL). */
  baseUrl?: string;
  fetch?: typeof fetch;
  gate?: RequestGate;
  /** Milliseconds per request before it is aborted as a timeout. */
  timeoutMs?: number;
  /** Internal retries for retryable errors (reads, and writes refused before processing). */
  maxRetries?: number;
  /** Injected for tests: sleeping and jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRateLimit?: (snapshot: RateLimitSnapshot) => void;
};
