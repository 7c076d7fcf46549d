import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { connections } from "./connections";

/**
 * Invoicing: versioned mapping rules, draft invoices built from won deals, and the posting attempts that make
 * posting exactly-once (the intent row is written BEFORE the provider call, so a crash or a timeout is always
 * followed by a look-up by our reference instead of a second create).
 */
const ts = () => timestamp({ withTimezone: true });

/** Every save of the mapping rules is a new immutable version; the highest version is the active one. */
export const mappingRuleVersions = pgTable("mapping_rule_versions", {
  id: uuid().primaryKey().defaultRandom(),
  version: integer().notNull().unique(),
  /** Validated by lib/invoicing/mapping-rules.ts (mappingRulesSchema). */
  rules: jsonb().notNull(),
  note: text(),
  createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
  createdAt: ts().notNull().defaultNow(),
});

export const invoiceDraftStatusEnum = pgEnum("invoice_draft_status", ["draft", "blocked", "approved", "rejected", "posting", "posted", "post_failed"]);

export const invoiceDrafts = pgTable(
  "invoice_drafts",
  {
    id: uuid().primaryKey().defaultRandom(),
    crmConnectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    dealId: text().notNull(),
    /** The closed-won entry that produced the draft (deal_won_events.id); one draft per event. */
    wonEventId: uuid().unique(),
    status: invoiceDraftStatusEnum().notNull(),
    accountingConnectionId: uuid().references(() => connections.id, { onDelete: "set null" }),
    provider: text(),
    partnerId: text(),
    /** MF: the partner's department the billing is addressed to. */
    departmentId: text(),
    companyId: text(),
    dealName: text(),
    companyName: text(),
    partnerName: text(),
    /** HubSpot owner id of the deal (queue filter, HubSpot task on rejection). */
    ownerId: text(),
    ruleVersionId: uuid().references(() => mappingRuleVersions.id, { onDelete: "set null" }),
    billingDate: date().notNull(),
    dueDate: date().notNull(),
    dueDateDerivation: jsonb().notNull(),
    subject: text().notNull(),
    notes: text().notNull().default(""),
    subtotal: bigint({ mode: "number" }).notNull(),
    tax: bigint({ mode: "number" }).notNull(),
    total: bigint({ mode: "number" }).notNull(),
    taxSummary: jsonb().notNull(),
    issues: jsonb().notNull().default([]),
    manualEdits: jsonb().notNull().default([]),
    /** The whole pure InvoiceDraft (lib/invoicing/types.ts): what the UI renders and regeneration merges into. */
    draft: jsonb().notNull(),
    blocked: boolean().notNull().default(false),
    /** Approved/posted, and the deal changed since: what changed is in mismatchDetails. */
    mismatch: boolean().notNull().default(false),
    mismatchDetails: jsonb(),
    /** The deal re-entered closed won while this draft was open. */
    reentry: boolean().notNull().default(false),
    /** KKH-<short id>: written into the provider's invoice so a timed-out post can be found again. */
    ourReference: text().notNull().unique(),
    providerInvoiceId: text(),
    invoiceNumber: text(),
    invoiceUrl: text(),
    postedAt: ts(),
    lastPostError: text(),
    approvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    approvedAt: ts(),
    lastEditedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    lastEditedAt: ts(),
    rejectedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    rejectedReason: text(),
    /** HubSpot write-back of the invoice number (a follow-up job, so a HubSpot hiccup never re-posts). */
    writebackAt: ts(),
    writebackError: text(),
    /** A HubSpot task asked for on rejection: {ownerId, title, body, createdTaskId?, error?}. */
    hubspotTask: jsonb(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.status, t.createdAt),
    index().on(t.crmConnectionId, t.dealId),
    index().on(t.ownerId),
    index().on(t.billingDate),
    // The board trigger matches accounting invoices without our reference back to drafts by provider id.
    index().on(t.accountingConnectionId, t.providerInvoiceId),
    // One OPEN draft per deal: a second won event while it is open flags re-entry instead of duplicating.
    uniqueIndex("invoice_drafts_one_open_per_deal")
      .on(t.crmConnectionId, t.dealId)
      .where(sql`${t.status} in ('draft', 'blocked', 'approved', 'posting', 'post_failed')`),
  ],
);

/** The draft's lines, denormalised from `invoice_drafts.draft` on every save (searchable by item and amount). */
export const invoiceDraftLines = pgTable(
  "invoice_draft_lines",
  {
    draftId: uuid()
      .notNull()
      .references(() => invoiceDrafts.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    lineKey: text().notNull(),
    name: text().notNull(),
    quantity: numeric().notNull(),
    unitPrice: numeric().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    taxRate: integer().notNull(),
    reducedRate: boolean().notNull().default(false),
    taxCode: text(),
    accountItemId: text(),
    accountItemName: text(),
    edited: boolean().notNull().default(false),
  },
  (t) => [unique().on(t.draftId, t.position)],
);

export const postingAttemptStatusEnum = pgEnum("posting_attempt_status", ["started", "succeeded", "found_existing", "failed_unknown", "failed_retryable", "failed_permanent"]);

/** One row per posting attempt, inserted and committed BEFORE the provider is called. */
export const invoicePostingAttempts = pgTable(
  "invoice_posting_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    draftId: uuid()
      .notNull()
      .references(() => invoiceDrafts.id, { onDelete: "cascade" }),
    attemptNo: integer().notNull(),
    ourReference: text().notNull(),
    provider: text().notNull(),
    accountingConnectionId: uuid(),
    jobId: text(),
    status: postingAttemptStatusEnum().notNull().default("started"),
    /** What we did: "create" or "lookup" (found_existing) — for the history. */
    action: text().notNull().default("create"),
    providerInvoiceId: text(),
    invoiceNumber: text(),
    error: text(),
    startedAt: ts().notNull().defaultNow(),
    finishedAt: ts(),
  },
  (t) => [unique().on(t.draftId, t.attemptNo)],
);

export type MappingRuleVersion = typeof mappingRuleVersions.$inferSelect;
export type InvoiceDraftRow = typeof invoiceDrafts.$inferSelect;
export type NewInvoiceDraftRow = typeof invoiceDrafts.$inferInsert;
export type InvoiceDraftStatus = (typeof invoiceDraftStatusEnum.enumValues)[number];
export type InvoiceDraftLineRow = typeof invoiceDraftLines.$inferSelect;
export type InvoicePostingAttempt = typeof invoicePostingAttempts.$inferSelect;
