import { sql } from "drizzle-orm";
import { index, jsonb, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { connections } from "./connections";

/**
 * Partner linking (名寄せ): which accounting partner a CRM company is, how we know, and the state of the ongoing
 * CRM → accounting partner sync. A row is first a suggestion of a match run (status suggested, decision
 * auto|review|none), then a person (or the auto rule on arrival) confirms or rejects it. Exactly one confirmed link
 * per CRM company and accounting connection, and one per partner: two CRM companies billing into one partner (or
 * one company into two) is the mistake this module exists to prevent.
 */
const ts = () => timestamp({ withTimezone: true });
const connectionRef = () => uuid().notNull().references(() => connections.id, { onDelete: "cascade" });

/**
 * identifier: same 法人番号 / registration number; auto: same normalised name and legal form; review: a name
 * suggestion a person confirmed; manual: a person picked the partner; created: we created the partner.
 */
export const partnerLinkMethodEnum = pgEnum("partner_link_method", ["identifier", "auto", "review", "manual", "created"]);
export const partnerLinkStatusEnum = pgEnum("partner_link_status", ["suggested", "confirmed", "rejected"]);
export const partnerMatchDecisionEnum = pgEnum("partner_match_decision", ["auto", "review", "none"]);

export type PartnerCandidateJson = { partnerId: string; confidence: number; autoEligible: boolean; reasons: string[] };
/** What we last sent for the CRM-mastered fields: an accounting-side value differing from it is an edit there. */
export type PartnerSnapshotJson = { name: string; address: string | null; phone: string | null; contactName: string | null; registrationNumber: string | null };

export const partnerMatchRuns = pgTable(
  "partner_match_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    crmConnectionId: connectionRef(),
    accountingConnectionId: connectionRef(),
    status: text().$type<"queued" | "running" | "done" | "failed">().notNull().default("queued"),
    /** {companies, partners, auto, review, none, alreadyLinked, durationMs} */
    counts: jsonb().$type<Record<string, number>>(),
    error: text(),
    startedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: ts().notNull().defaultNow(),
    finishedAt: ts(),
  },
  (t) => [index().on(t.crmConnectionId, t.accountingConnectionId, t.createdAt)],
);

export const partnerLinks = pgTable(
  "partner_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    crmConnectionId: connectionRef(),
    companyId: text().notNull(),
    accountingConnectionId: connectionRef(),
    /** null only for a confirmed `created` link whose partner is not created yet, or a `none` suggestion. */
    partnerId: text(),
    method: partnerLinkMethodEnum(),
    /** The matcher's decision for a suggestion (auto / review / none). */
    decision: partnerMatchDecisionEnum(),
    confidence: numeric({ precision: 4, scale: 3, mode: "number" }),
    status: partnerLinkStatusEnum().notNull().default("suggested"),
    reasons: jsonb().$type<string[]>().notNull().default([]),
    /** Best candidates of the match run, for "pick another partner". */
    candidates: jsonb().$type<PartnerCandidateJson[]>().notNull().default([]),
    matchRunId: uuid().references(() => partnerMatchRuns.id, { onDelete: "set null" }),
    decidedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: ts(),
    /** The provider code the partner is upserted by (freee 取引先コード / MF 顧客コード). */
    partnerCode: text(),
    departmentId: text(),
    syncedSnapshot: jsonb().$type<PartnerSnapshotJson>(),
    lastSyncedAt: ts(),
    /** Why the last sync did not go through (invalid registration number, missing code…), shown on the review screen. */
    syncError: text(),
    /** Partner id as written to the HubSpot company property. */
    writtenBackPartnerId: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("partner_links_one_confirmed_per_company")
      .on(t.crmConnectionId, t.companyId, t.accountingConnectionId)
      .where(sql`${t.status} = 'confirmed'`),
    uniqueIndex("partner_links_one_suggestion_per_company")
      .on(t.crmConnectionId, t.companyId, t.accountingConnectionId)
      .where(sql`${t.status} = 'suggested'`),
    uniqueIndex("partner_links_one_confirmed_per_partner")
      .on(t.accountingConnectionId, t.partnerId)
      .where(sql`${t.status} = 'confirmed' and ${t.partnerId} is not null`),
    index().on(t.accountingConnectionId, t.status, t.decision),
    // Every link row of a company (any status): the review screen's per-company lateral look-up.
    index().on(t.crmConnectionId, t.companyId, t.accountingConnectionId),
  ],
);

export type PartnerLink = typeof partnerLinks.$inferSelect;
export type NewPartnerLink = typeof partnerLinks.$inferInsert;
export type PartnerMatchRun = typeof partnerMatchRuns.$inferSelect;
