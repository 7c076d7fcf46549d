import { date, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { connections } from "./connections";
import { invoiceDrafts } from "./invoicing";

/**
 * Follow-ups on overdue invoices (督促履歴): who contacted the customer, when, how, what was said, and the payment
 * date the customer promised (入金予定日). Keyed by the won deal (the board row: connection + HubSpot deal id) and
 * written only by lib/overdue/record-follow-up.ts, audited in the same transaction. Rows are never edited: a
 * correction is a new contact, so the history stays what people saw.
 */
const ts = () => timestamp({ withTimezone: true });

export const followUpChannelEnum = pgEnum("follow_up_channel", ["email", "phone", "visit", "letter"]);

export const overdueFollowUps = pgTable(
  "overdue_follow_ups",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The HubSpot connection of the deal. */
    connectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    dealId: text().notNull(),
    /** The invoice the contact was about (the deal's posted draft then), and its number as shown at the time. */
    draftId: uuid().references(() => invoiceDrafts.id, { onDelete: "set null" }),
    invoiceNumber: text(),
    /** JST calendar date of the contact. */
    contactedOn: date().notNull(),
    channel: followUpChannelEnum().notNull(),
    memo: text().notNull(),
    promisedOn: date(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The recorder's name at the time (kept when the user is later renamed or removed). */
    createdByName: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  // The list reads the latest contact and the latest promise per deal for one page of rows: one index range each.
  (t) => [index("overdue_follow_ups_deal_idx").on(t.connectionId, t.dealId, t.contactedOn, t.createdAt)],
);

export type OverdueFollowUpRow = typeof overdueFollowUps.$inferSelect;
export type NewOverdueFollowUpRow = typeof overdueFollowUps.$inferInsert;
export type FollowUpChannelValue = (typeof followUpChannelEnum.enumValues)[number];
