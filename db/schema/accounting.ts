import { bigint, date, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";

/**
 * Accounting mirror (freee company / MF office), keyed by (connectionId, id = the provider's id as text: freee ids
 * are integers, MF ids opaque strings). Written only by the accounting sync (lib/sync-accounting) with batch upserts.
 * Money is integer yen (bigint, mode number), dates are JST calendar dates.
 */
const connectionId = () => uuid().notNull().references(() => connections.id, { onDelete: "cascade" });
const ts = () => timestamp({ withTimezone: true });
const yen = () => bigint({ mode: "number" });

export const accountingPaymentStatusEnum = pgEnum("accounting_payment_status", ["unpaid", "partially_paid", "paid", "cancelled"]);

export const accountingPartners = pgTable(
  "accounting_partners",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    /** Our natural key: the HubSpot company id (freee 取引先コード / MF 顧客コード). */
    code: text(),
    name: text().notNull(),
    nameKana: text(),
    registrationNumber: text(),
    /** MF: the default department billings are addressed to. */
    departmentId: text(),
    address: text(),
    phone: text(),
    email: text(),
    properties: jsonb(),
    remoteUpdatedAt: ts(),
    syncedAt: ts().notNull().defaultNow(),
    archivedAt: ts(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] }), index().on(t.connectionId, t.code), index().on(t.connectionId, t.registrationNumber)],
);

export const accountingInvoices = pgTable(
  "accounting_invoices",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    invoiceNumber: text(),
    partnerId: text(),
    partnerName: text(),
    /** invoice_drafts.our_reference when the invoice was posted by us (read back from the invoice). */
    ourReference: text(),
    billingDate: date(),
    dueDate: date(),
    totalAmount: yen().notNull().default(0),
    taxAmount: yen().notNull().default(0),
    paymentStatus: accountingPaymentStatusEnum().notNull().default("unpaid"),
    paidAmount: yen().notNull().default(0),
    lastPaidOn: date(),
    sendingStatus: text(),
    /** freee: the freee会計 deal (取引) once 取引反映 happened. */
    dealId: text(),
    url: text(),
    raw: jsonb(),
    remoteUpdatedAt: ts(),
    /** When settlement (payments) was last read from the provider. */
    settlementCheckedAt: ts(),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.id] }),
    index().on(t.connectionId, t.ourReference),
    index().on(t.connectionId, t.partnerId),
    index().on(t.connectionId, t.paymentStatus, t.dueDate),
  ],
);

export const accountingPayments = pgTable(
  "accounting_payments",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    invoiceId: text().notNull(),
    paidOn: date(),
    amount: yen().notNull(),
    raw: jsonb(),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] }), index().on(t.connectionId, t.invoiceId)],
);

/**
 * Alerts raised (lib/alerts), one row per dedup key: "a job that fails after its last retry alerts once", "a revoked
 * connection alerts once". The unique key is the deduplication; deliveries record per-channel outcomes.
 */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    dedupKey: text().notNull(),
    kind: text().notNull(),
    severity: text().notNull().default("error"),
    title: text().notNull(),
    body: text().notNull(),
    context: jsonb(),
    deliveries: jsonb(),
    createdAt: ts().notNull().defaultNow(),
    deliveredAt: ts(),
  },
  (t) => [unique().on(t.dedupKey), index().on(t.createdAt)],
);

export type AccountingPartnerRow = typeof accountingPartners.$inferSelect;
export type NewAccountingPartnerRow = typeof accountingPartners.$inferInsert;
export type AccountingInvoiceRow = typeof accountingInvoices.$inferSelect;
export type NewAccountingInvoiceRow = typeof accountingInvoices.$inferInsert;
export type AccountingPaymentRow = typeof accountingPayments.$inferSelect;
export type NewAccountingPaymentRow = typeof accountingPayments.$inferInsert;
export type AlertEvent = typeof alertEvents.$inferSelect;
