import "server-only";
import type { Database } from "@/db/client";
import {
  listUnsettledInvoices,
  updateInvoiceSettlements,
  upsertAccountingInvoices,
  upsertAccountingPartners,
} from "@/db/queries/accounting";
import { getCursor, recordSyncFailure, resolveSyncFailures, saveCursor, saveRateLimitObservation } from "@/db/queries/sync";
import type { AccountingInvoiceRow, Connection, NewAccountingInvoiceRow, NewAccountingPartnerRow } from "@/db/schema";
import { AccountingError, ReauthorizationRequiredError } from "@/lib/integrations/accounting/errors";
import type { AccountingInvoice, AccountingPartner, AccountingProvider, PostalAddress } from "@/lib/integrations/accounting/types";
import type { Logger } from "@/lib/logger";

/**
 * Accounting → Postgres. Neither freee nor MF has webhooks for partners, invoices or payments (api-freee.md §9,
 * api-moneyforward.md §11), so this polls:
 * - partners: full list (checkpointed per page), then by update date with a one-day lookback (freee filters by JST
 *   day); MF has no updated filter, and partner lists are small, so it relists;
 * - invoices: freee請求書 has no updated filter either: billing-date windows (a month each keeps offset+limit under the
 *   10,000 cap), the recent ones re-read on every incremental run; MF by updated_at;
 * - settlements: the provider's source of truth for money (freee deals, MF billing status) for every invoice we
 *   still consider open — and, in "due" mode (scheduled more often), only those due within a week or overdue.
 * Cursors and last success live in sync_cursors (objects "accounting.partners", "accounting.invoices",
 * "accounting.settlements"); failures in sync_failures; throttling in rate_limit_observations.
 */
export type AccountingObject = "partners" | "invoices" | "settlements";
export type SyncMode = "full" | "incremental" | "due";

export const OBJECT_KEYS: Record<AccountingObject, string> = {
  partners: "accounting.partners",
  invoices: "accounting.invoices",
  settlements: "accounting.settlements",
};

/** Failures not tied to one record are filed under this external id (the whole object failed this run). */
export const OBJECT_FAILURE_ID = "(sync)";

export type ObjectSummary = { object: AccountingObject; records: number; pages: number; error?: string; skipped?: string };
export type SyncSummary = { connectionId: string; provider: string; mode: SyncMode; objects: ObjectSummary[]; stoppedBy?: "reauthorize" | "throttled" };

const INVOICE_HISTORY_MONTHS = 13;
const INCREMENTAL_INVOICE_MONTHS = 3;
const DUE_SOON_DAYS = 7;
/** "Overdue" polled often for this long; older open invoices are re-checked by the regular (15-minute) runs. */
const DUE_LOOKBACK_DAYS = 120;
const SETTLEMENT_BATCH = 100;

export function jstToday(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

function addMonths(yyyyMm: string, n: number): string {
  const [y, m] = yyyyMm.split("-").map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
}

function monthEnd(yyyyMm: string): string {
  const [y, m] = yyyyMm.split("-").map(Number) as [number, number];
  return `${yyyyMm}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function formatAddress(a: PostalAddress | null): string | null {
  if (!a) return null;
  const parts = [a.zipcode ? `〒${a.zipcode}` : null, a.prefecture, a.street1, a.street2].filter((s): s is string => !!s && s.trim() !== "");
  return parts.length ? parts.join(" ") : null;
}

export function partnerRow(connectionId: string, p: AccountingPartner): NewAccountingPartnerRow {
  return {
    connectionId,
    id: p.id,
    code: p.code,
    name: p.name,
    nameKana: p.nameKana,
    registrationNumber: p.registrationNumber,
    departmentId: p.departmentId,
    address: formatAddress(p.address),
    phone: p.phone,
    email: p.email,
    properties: { address: p.address, contactName: p.contactName },
    remoteUpdatedAt: p.remoteUpdatedAt,
    archivedAt: p.archived ? new Date() : null,
  };
}

export function invoiceRow(connectionId: string, i: AccountingInvoice): NewAccountingInvoiceRow {
  return {
    connectionId,
    id: i.id,
    invoiceNumber: i.invoiceNumber,
    partnerId: i.partnerId,
    partnerName: i.partnerName,
    ourReference: i.ourReference,
    billingDate: i.billingDate,
    dueDate: i.dueDate,
    totalAmount: i.totalAmount,
    taxAmount: i.taxAmount,
    paymentStatus: i.paymentStatus,
    paidAmount: i.paidAmount,
    lastPaidOn: i.lastPaidOn,
    sendingStatus: i.sendingStatus,
    dealId: i.dealId,
    url: i.url,
    raw: i.raw as object,
    remoteUpdatedAt: i.remoteUpdatedAt,
  };
}

/** Rebuilds the provider-neutral invoice from our row (for settlement lookups, which need the raw list row). */
function fromRow(r: AccountingInvoiceRow): AccountingInvoice {
  return {
    id: r.id,
    invoiceNumber: r.invoiceNumber,
    partnerId: r.partnerId,
    partnerName: r.partnerName,
    ourReference: r.ourReference,
    billingDate: r.billingDate,
    dueDate: r.dueDate,
    totalAmount: r.totalAmount,
    taxAmount: r.taxAmount,
    paymentStatus: r.paymentStatus,
    paidAmount: r.paidAmount,
    lastPaidOn: r.lastPaidOn,
    sendingStatus: r.sendingStatus,
    dealId: r.dealId,
    url: r.url,
    remoteUpdatedAt: r.remoteUpdatedAt,
    raw: r.raw,
  };
}

export type SyncAccountingOptions = {
  db: Database;
  connection: Connection;
  provider: AccountingProvider;
  mode: SyncMode;
  objects?: AccountingObject[];
  log?: Logger;
  now?: () => Date;
};

/** Throttle pauses that outlive a run (freee's 10-minute excessive-access block) are kept here across processes. */
export const THROTTLE_BUCKET = "accounting.throttle";

export async function syncAccounting(options: SyncAccountingOptions): Promise<SyncSummary> {
  const { db, connection } = options;
  const now = options.now ?? (() => new Date());
  const objects = options.objects ?? (options.mode === "due" ? ["settlements"] : ["partners", "invoices", "settlements"]);
  const summary: SyncSummary = { connectionId: connection.id, provider: connection.provider, mode: options.mode, objects: [] };

  for (const object of objects) {
    const key = OBJECT_KEYS[object];
    const startedAt = now();
    await saveCursor(db, connection.id, key, { lastAttemptAt: startedAt });
    try {
      const result =
        object === "partners" ? await syncPartners(options, key) : object === "invoices" ? await syncInvoices(options, key) : await syncSettlements(options, key);
      await saveCursor(db, connection.id, key, { lastSuccessAt: now(), lastError: null });
      await resolveSyncFailures(db, connection.id, key, [OBJECT_FAILURE_ID]);
      summary.objects.push({ object, ...result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await saveCursor(db, connection.id, key, { lastError: message.slice(0, 1000) });
      summary.objects.push({ object, records: 0, pages: 0, error: message });
      if (error instanceof ReauthorizationRequiredError) {
        // The token source has marked the connection and alerted once; nothing else can work until a person acts.
        summary.stoppedBy = "reauthorize";
        break;
      }
      await recordSyncFailure(db, { connectionId: connection.id, object: key, externalId: OBJECT_FAILURE_ID, reason: message.slice(0, 1000) });
      if (error instanceof AccountingError && (error.code === "excessive_access" || error.code === "rate_limited")) {
        const until = new Date(now().getTime() + (error.retryAfterMs ?? 60_000));
        await saveRateLimitObservation(db, {
          connectionId: connection.id,
          bucket: THROTTLE_BUCKET,
          remaining: 0,
          throttledCount: 1,
          lastThrottledAt: now(),
          details: { pausedUntil: until.toISOString(), reason: error.code },
        });
        summary.stoppedBy = "throttled";
        break;
      }
      options.log?.warn("accounting sync object failed", { connectionId: connection.id, object, error: message });
    }
  }
  await recordHeadroom(options);
  return summary;
}

async function recordHeadroom({ db, connection, provider }: SyncAccountingOptions): Promise<void> {
  const snap = provider.rateLimitSnapshot();
  if (!snap) return;
  await saveRateLimitObservation(db, {
    connectionId: connection.id,
    bucket: `${connection.provider}.${snap.window}`,
    limit: snap.limit,
    remaining: snap.remaining,
    details: { resetAt: snap.resetAt?.toISOString() ?? null },
  });
}

async function syncPartners({ db, connection, provider, mode, now }: SyncAccountingOptions, key: string): Promise<{ records: number; pages: number }> {
  const cursorRow = await getCursor(db, connection.id, key);
  const clock = now ?? (() => new Date());
  const runStarted = clock();
  // Incremental only once a full pass finished; a crashed full pass resumes at its saved page.
  const incremental = mode === "incremental" && cursorRow?.phase === "incremental" && cursorRow.updatedAfter;
  const since = incremental ? new Date((cursorRow.updatedAfter as Date).getTime() - 86_400_000) : null;
  let cursor: string | null = !incremental && cursorRow?.phase === "full" ? (cursorRow.cursor ?? null) : null;
  if (!incremental && !cursor) await saveCursor(db, connection.id, key, { phase: "full", cursor: null, fullSyncStartedAt: runStarted, ...(mode === "full" ? { recordCount: 0 } : {}) });
  let records = 0;
  let pages = 0;
  do {
    const page = await provider.listPartners(cursor, { updatedSince: since });
    await db.transaction(async (tx) => {
      await upsertAccountingPartners(tx, page.items.map((p) => partnerRow(connection.id, p)));
      await saveCursor(tx, connection.id, key, { cursor: page.nextCursor, ...(incremental ? {} : { addRecords: page.items.length }) });
    });
    records += page.items.length;
    pages++;
    cursor = page.nextCursor;
  } while (cursor);
  await saveCursor(db, connection.id, key, { phase: "incremental", cursor: null, updatedAfter: runStarted });
  return { records, pages };
}

type InvoiceCursor = { month: string; offset: string | null };

async function syncInvoices({ db, connection, provider, mode, now }: SyncAccountingOptions, key: string): Promise<{ records: number; pages: number }> {
  const clock = now ?? (() => new Date());
  const runStarted = clock();
  const today = jstToday(runStarted);
  const cursorRow = await getCursor(db, connection.id, key);
  const incremental = mode !== "full" && cursorRow?.phase === "incremental";
  let records = 0;
  let pages = 0;

  if (provider.provider === "moneyforward" && incremental && cursorRow?.updatedAfter) {
    // MF filters by updated_at (JST day): one day of lookback covers clock skew and same-day edits.
    let cursor: string | null = null;
    do {
      const page = await provider.listInvoices({ cursor, updatedSince: new Date(cursorRow.updatedAfter.getTime() - 86_400_000) });
      await upsertAccountingInvoices(db, page.items.map((i) => invoiceRow(connection.id, i)), { withSettlement: true });
      records += page.items.length;
      pages++;
      cursor = page.nextCursor;
    } while (cursor);
    await saveCursor(db, connection.id, key, { updatedAfter: runStarted });
    return { records, pages };
  }

  // Billing-date month windows, oldest first. Full (nightly, accounting.sync-nightly): the last 13 months and next
  // month; incremental (every 15 minutes): the last 3.
  const thisMonth = today.slice(0, 7);
  const firstMonth = addMonths(thisMonth, -(incremental ? INCREMENTAL_INVOICE_MONTHS : INVOICE_HISTORY_MONTHS));
  const lastMonth = addMonths(thisMonth, 1);
  let state: InvoiceCursor = { month: firstMonth, offset: null };
  if (!incremental && cursorRow?.phase === "full" && cursorRow.cursor) {
    try {
      state = JSON.parse(cursorRow.cursor) as InvoiceCursor;
    } catch {
      state = { month: firstMonth, offset: null };
    }
  } else if (!incremental) {
    await saveCursor(db, connection.id, key, { phase: "full", cursor: JSON.stringify(state), fullSyncStartedAt: runStarted, recordCount: 0 });
  }
  const withSettlement = provider.provider === "moneyforward";
  while (state.month <= lastMonth) {
    const page = await provider.listInvoices({ cursor: state.offset, billingDateFrom: `${state.month}-01`, billingDateTo: monthEnd(state.month) });
    const next: InvoiceCursor = page.nextCursor ? { month: state.month, offset: page.nextCursor } : { month: addMonths(state.month, 1), offset: null };
    await db.transaction(async (tx) => {
      await upsertAccountingInvoices(tx, page.items.map((i) => invoiceRow(connection.id, i)), { withSettlement });
      await saveCursor(tx, connection.id, key, incremental ? {} : { cursor: JSON.stringify(next), addRecords: page.items.length });
    });
    records += page.items.length;
    pages++;
    state = next;
  }
  await saveCursor(db, connection.id, key, { phase: "incremental", cursor: null, updatedAfter: runStarted });
  return { records, pages };
}

async function syncSettlements({ db, connection, provider, mode, now }: SyncAccountingOptions, key: string): Promise<{ records: number; pages: number }> {
  const clock = now ?? (() => new Date());
  const today = jstToday(clock());
  let invoices: AccountingInvoice[];
  if (mode === "due") {
    // Invoices due within a week or overdue, re-read through the list's due-date filter (freee payment_date, MF
    // range_key=due_date): one request per 100 invoices instead of one per invoice, which matters at freee請求書's
    // 30/min and 3,000/day. The fresh rows carry a new 取引反映 (freee deal_id) or MF's payment status.
    invoices = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof provider.listInvoices>> = await provider.listInvoices({ cursor, dueDateFrom: addDays(today, -DUE_LOOKBACK_DAYS), dueDateTo: addDays(today, DUE_SOON_DAYS) });
      await upsertAccountingInvoices(db, page.items.map((i) => invoiceRow(connection.id, i)), { withSettlement: provider.provider === "moneyforward" });
      invoices.push(...page.items.filter((i) => i.paymentStatus !== "cancelled"));
      cursor = page.nextCursor;
    } while (cursor);
  } else {
    // Every invoice we still consider open (other runs rely on the invoice list pass for new deal ids / MF status).
    invoices = (await listUnsettledInvoices(db, connection.id)).map(fromRow);
  }
  let records = 0;
  let pages = 0;
  for (let i = 0; i < invoices.length; i += SETTLEMENT_BATCH) {
    const settlements = await provider.getSettlements(invoices.slice(i, i + SETTLEMENT_BATCH));
    await updateInvoiceSettlements(
      db,
      connection.id,
      settlements.map((s) => ({
        invoiceId: s.invoiceId,
        paymentStatus: s.paymentStatus,
        paidAmount: s.paidAmount,
        lastPaidOn: s.lastPaidOn,
        payments: s.payments.map((p) => ({ connectionId: connection.id, id: p.id, invoiceId: p.invoiceId, paidOn: p.paidOn, amount: p.amount, raw: p.raw as object })),
      })),
    );
    records += settlements.length;
    pages++;
  }
  await saveCursor(db, connection.id, key, { recordCount: records, phase: "incremental" });
  return { records, pages };
}
