import { sql } from "drizzle-orm";
import { bigint, date, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";

/**
 * The pipeline-to-cash board's read model: one row per won deal with where it stands (phase) and the few figures the
 * board filters, sorts and sums on. Rows are written ONLY by the database function `board_refresh_deals`, which
 * statement-level triggers on crm_deals, hubspot_stages, invoice_drafts and accounting_invoices call in the writer's
 * own transaction (migration "board-read-model"): every sync, webhook, approval, posting and payment is on the board
 * the moment it commits, and the board reads one narrow indexed table instead of classifying 100,000 deals per
 * request. The rule itself is lib/board/classify-deal.ts; the integration test checks the SQL agrees with it.
 *
 * phase: "won" (not invoiced yet, or the invoice was cancelled) | "posted" (invoiced; "invoiced" or "awaiting" is
 * decided at read time from due_date and today) | "paid".
 */
const ts = () => timestamp({ withTimezone: true });
const yen = () => bigint({ mode: "number" });

export const boardDeals = pgTable(
  "board_deals",
  {
    connectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    dealId: text().notNull(),
    phase: text().notNull(),
    /** IntegrationState of lib/board/types.ts (no_draft, draft, blocked, …, posted, partially_paid, paid, cancelled). */
    state: text().notNull(),
    dealName: text(),
    ownerId: text(),
    pipelineId: text(),
    companyId: text(),
    dealAmountYen: yen(),
    closeDate: date(),
    wonAt: ts(),
    draftId: uuid(),
    draftStatus: text(),
    accountingConnectionId: uuid(),
    provider: text(),
    invoiceNumber: text(),
    billingDate: date(),
    dueDate: date(),
    /** The phase's figure: deal amount (won), invoice total (posted), paid amount (paid). */
    amount: yen().notNull().default(0),
    /** Posted: total minus what was already paid (the awaiting column sums this). */
    outstanding: yen().notNull().default(0),
    lastPaidOn: date(),
    /** lower(deal name, company name, invoice number, deal id): a plain LIKE on it avoids per-row ilike folding. */
    searchText: text().notNull().default(""),
    refreshedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.dealId] }),
    index("board_deals_phase_won_at_idx").on(t.phase, t.wonAt),
    // Also covers the totals query (index-only scan over every open card, no heap visits): keep the figures in it.
    index("board_deals_phase_due_cover_idx").on(t.phase, t.dueDate, t.lastPaidOn, t.amount, t.outstanding),
    index("board_deals_paid_idx").on(t.lastPaidOn).where(sql`${t.phase} = 'paid'`),
    index("board_deals_owner_idx").on(t.ownerId, t.phase),
    // The overdue list (db/queries/overdue.ts): unpaid posted invoices only, a small share of the board. Keyed for its
    // default order (oldest due date first, primary key as tie-break) with the figures it sums, so its totals, pages and
    // counts are index-only scans; the second serves a sales user's own list and the owner filter the same way.
    index("board_deals_overdue_idx")
      .on(t.dueDate, t.connectionId, t.dealId, t.outstanding, t.ownerId)
      .where(sql`${t.phase} = 'posted' and ${t.outstanding} > 0`),
    index("board_deals_overdue_owner_idx")
      .on(t.ownerId, t.dueDate, t.connectionId, t.dealId, t.outstanding)
      .where(sql`${t.phase} = 'posted' and ${t.outstanding} > 0`),
  ],
);

export type BoardDealRow = typeof boardDeals.$inferSelect;
