import { and, asc, count, eq, inArray, isNull, lte, ne, notInArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  accountingInvoices,
  accountingPartners,
  accountingPayments,
  connections,
  type AccountingInvoiceRow,
  type Connection,
  type NewAccountingInvoiceRow,
  type NewAccountingPartnerRow,
  type NewAccountingPaymentRow,
} from "../schema";

/** Accounting mirror queries. Batch upserts (one statement per page), idempotent on (connectionId, id). */

const excluded = (column: string) => sql.raw(`excluded."${column}"`);

export async function upsertAccountingPartners(db: DbOrTx, rows: NewAccountingPartnerRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  await db
    .insert(accountingPartners)
    .values(rows)
    .onConflictDoUpdate({
      target: [accountingPartners.connectionId, accountingPartners.id],
      set: {
        code: excluded("code"),
        name: excluded("name"),
        nameKana: excluded("name_kana"),
        registrationNumber: excluded("registration_number"),
        departmentId: sql`coalesce(excluded."department_id", ${accountingPartners.departmentId})`,
        address: excluded("address"),
        phone: excluded("phone"),
        email: excluded("email"),
        properties: excluded("properties"),
        remoteUpdatedAt: excluded("remote_updated_at"),
        archivedAt: excluded("archived_at"),
        syncedAt: sql`now()`,
      },
    });
  return rows.length;
}

/**
 * Invoice headers from a list page. Settlement columns (payment status, paid amount, last paid on) are written only
 * when `withSettlement` is set: a list row of freee請求書 does not carry the deal's payments, and must not overwrite
 * what the settlement pass read from the deal.
 */
export async function upsertAccountingInvoices(db: DbOrTx, rows: NewAccountingInvoiceRow[], options: { withSettlement: boolean }): Promise<number> {
  if (rows.length === 0) return 0;
  const settlement = options.withSettlement
    ? { paymentStatus: excluded("payment_status"), paidAmount: excluded("paid_amount"), lastPaidOn: excluded("last_paid_on"), settlementCheckedAt: sql`now()` }
    : // A cancellation is visible on the list row itself.
      { paymentStatus: sql`case when excluded."payment_status" = 'cancelled' then 'cancelled'::accounting_payment_status else ${accountingInvoices.paymentStatus} end` };
  await db
    .insert(accountingInvoices)
    .values(rows)
    .onConflictDoUpdate({
      target: [accountingInvoices.connectionId, accountingInvoices.id],
      set: {
        invoiceNumber: excluded("invoice_number"),
        partnerId: excluded("partner_id"),
        partnerName: excluded("partner_name"),
        ourReference: sql`coalesce(excluded."our_reference", ${accountingInvoices.ourReference})`,
        billingDate: excluded("billing_date"),
        dueDate: excluded("due_date"),
        totalAmount: excluded("total_amount"),
        taxAmount: excluded("tax_amount"),
        sendingStatus: excluded("sending_status"),
        dealId: excluded("deal_id"),
        url: excluded("url"),
        raw: excluded("raw"),
        remoteUpdatedAt: excluded("remote_updated_at"),
        syncedAt: sql`now()`,
        ...settlement,
      },
    });
  return rows.length;
}

export async function updateInvoiceSettlements(
  db: DbOrTx,
  connectionId: string,
  settlements: { invoiceId: string; paymentStatus: AccountingInvoiceRow["paymentStatus"]; paidAmount: number; lastPaidOn: string | null; payments: NewAccountingPaymentRow[] }[],
): Promise<void> {
  if (settlements.length === 0) return;
  for (const s of settlements) {
    await db
      .update(accountingInvoices)
      .set({ paymentStatus: s.paymentStatus, paidAmount: s.paidAmount, lastPaidOn: s.lastPaidOn, settlementCheckedAt: new Date() })
      .where(and(eq(accountingInvoices.connectionId, connectionId), eq(accountingInvoices.id, s.invoiceId)));
  }
  const payments = settlements.flatMap((s) => s.payments);
  const invoiceIds = settlements.map((s) => s.invoiceId);
  // Payments can be removed in the provider (a wrongly booked 入金 deleted): the provider's list replaces ours.
  const keep = payments.map((p) => p.id);
  await db
    .delete(accountingPayments)
    .where(and(eq(accountingPayments.connectionId, connectionId), inArray(accountingPayments.invoiceId, invoiceIds), ...(keep.length ? [notInArray(accountingPayments.id, keep)] : [])));
  if (payments.length > 0) {
    await db
      .insert(accountingPayments)
      .values(payments)
      .onConflictDoUpdate({
        target: [accountingPayments.connectionId, accountingPayments.id],
        set: { invoiceId: excluded("invoice_id"), paidOn: excluded("paid_on"), amount: excluded("amount"), raw: excluded("raw"), syncedAt: sql`now()` },
      });
  }
}

/** Open invoices due by `dueBy` (JST date): polled more often, since that is when money is expected. */
export async function listOpenInvoicesDueBy(db: DbOrTx, connectionId: string, dueBy: string, limit = 500): Promise<AccountingInvoiceRow[]> {
  return db
    .select()
    .from(accountingInvoices)
    .where(and(eq(accountingInvoices.connectionId, connectionId), inArray(accountingInvoices.paymentStatus, ["unpaid", "partially_paid"]), lte(accountingInvoices.dueDate, dueBy)))
    .orderBy(asc(accountingInvoices.settlementCheckedAt), asc(accountingInvoices.dueDate))
    .limit(limit);
}

/**
 * Invoices whose settlement must be (re)read: every open one, and paid ones whose payments were never read — an
 * invoice already paid when the list first showed it (freee's list row says "settled" but carries no payment date,
 * which the board's "paid in this period" needs).
 */
export async function listUnsettledInvoices(db: DbOrTx, connectionId: string, limit = 2000): Promise<AccountingInvoiceRow[]> {
  return db
    .select()
    .from(accountingInvoices)
    .where(
      and(
        eq(accountingInvoices.connectionId, connectionId),
        ne(accountingInvoices.paymentStatus, "cancelled"),
        or(ne(accountingInvoices.paymentStatus, "paid"), isNull(accountingInvoices.settlementCheckedAt)),
      ),
    )
    .orderBy(asc(accountingInvoices.settlementCheckedAt))
    .limit(limit);
}

export async function getAccountingInvoice(db: DbOrTx, connectionId: string, id: string): Promise<AccountingInvoiceRow | null> {
  const [row] = await db.select().from(accountingInvoices).where(and(eq(accountingInvoices.connectionId, connectionId), eq(accountingInvoices.id, id)));
  return row ?? null;
}

export async function findAccountingInvoiceByReference(db: DbOrTx, connectionId: string, ourReference: string): Promise<AccountingInvoiceRow | null> {
  const [row] = await db.select().from(accountingInvoices).where(and(eq(accountingInvoices.connectionId, connectionId), eq(accountingInvoices.ourReference, ourReference)));
  return row ?? null;
}

export async function listAccountingConnections(db: DbOrTx): Promise<Connection[]> {
  return db.select().from(connections).where(and(inArray(connections.provider, ["freee", "moneyforward"]), ne(connections.status, "disconnected"))).orderBy(asc(connections.createdAt));
}

export async function getConnectionById(db: DbOrTx, id: string): Promise<Connection | null> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row ?? null;
}

/** Row counts of the mirror per object, for the sync health page. */
export async function countAccountingRecords(db: DbOrTx, connectionId: string): Promise<{ partners: number; invoices: number; payments: number }> {
  const [p] = await db.select({ n: count() }).from(accountingPartners).where(and(eq(accountingPartners.connectionId, connectionId), isNull(accountingPartners.archivedAt)));
  const [i] = await db.select({ n: count() }).from(accountingInvoices).where(eq(accountingInvoices.connectionId, connectionId));
  const [y] = await db.select({ n: count() }).from(accountingPayments).where(eq(accountingPayments.connectionId, connectionId));
  return { partners: p?.n ?? 0, invoices: i?.n ?? 0, payments: y?.n ?? 0 };
}
