import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";

/**
 * CRM mirror of HubSpot. Every table is keyed by (connectionId, id = HubSpot id): ids are only unique per portal.
 * Rows are written by the sync (lib/sync) with batch upserts; nothing else writes them.
 * `hsLastModifiedAt` guards against out-of-order writes: an upsert never replaces a newer row with an older one.
 */
const connectionId = () => uuid().notNull().references(() => connections.id, { onDelete: "cascade" });
const ts = () => timestamp({ withTimezone: true });

export const stageKindEnum = pgEnum("stage_kind", ["open", "won", "lost"]);

export const hubspotOwners = pgTable(
  "hubspot_owners",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    email: text(),
    firstName: text(),
    lastName: text(),
    archived: boolean().notNull().default(false),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] })],
);

export const hubspotPipelines = pgTable(
  "hubspot_pipelines",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    label: text().notNull(),
    displayOrder: integer().notNull().default(0),
    archived: boolean().notNull().default(false),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] })],
);

/** Stage ids are numeric strings in custom pipelines: won/lost come from `kind` (metadata), never from the id. */
export const hubspotStages = pgTable(
  "hubspot_stages",
  {
    connectionId: connectionId(),
    pipelineId: text().notNull(),
    id: text().notNull(),
    label: text().notNull(),
    displayOrder: integer().notNull().default(0),
    probability: numeric(),
    isClosed: boolean().notNull().default(false),
    kind: stageKindEnum().notNull(),
    archived: boolean().notNull().default(false),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.pipelineId, t.id] }), index().on(t.connectionId, t.kind)],
);

export const crmCompanies = pgTable(
  "crm_companies",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    name: text(),
    domain: text(),
    /** 13-digit 法人番号 when the portal has one that passes the check digit; null otherwise. */
    corporateNumber: text(),
    /** 適格請求書発行事業者登録番号 as entered (T + 13 digits expected; normalised elsewhere). */
    registrationNumber: text(),
    address: text(),
    phone: text(),
    ownerId: text(),
    properties: jsonb().$type<Record<string, string | null>>().notNull().default({}),
    hsLastModifiedAt: ts(),
    archivedAt: ts(),
    mergedIntoId: text(),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] }), index().on(t.connectionId, t.hsLastModifiedAt)],
);

export const crmDeals = pgTable(
  "crm_deals",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    name: text(),
    /** As HubSpot sends it (a decimal string), in `currency`. */
    amount: numeric(),
    /** Integer yen when the currency is JPY; null otherwise. */
    amountYen: bigint({ mode: "number" }),
    currency: text(),
    pipelineId: text(),
    stageId: text(),
    /** JST calendar date of HubSpot's closedate. */
    closeDate: date(),
    ownerId: text(),
    /** Primary company association (deal→company type 5), else the first unlabelled one. */
    companyId: text(),
    /** When the deal entered its current stage (hs_v2_date_entered_<stageId>). */
    stageEnteredAt: ts(),
    properties: jsonb().$type<Record<string, string | null>>().notNull().default({}),
    hsLastModifiedAt: ts(),
    archivedAt: ts(),
    mergedIntoId: text(),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.id] }),
    index().on(t.connectionId, t.stageId),
    index().on(t.connectionId, t.ownerId),
    index().on(t.connectionId, t.companyId),
    index().on(t.connectionId, t.closeDate),
  ],
);

export const crmLineItems = pgTable(
  "crm_line_items",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    dealId: text(),
    productId: text(),
    name: text(),
    quantity: numeric(),
    unitPrice: numeric(),
    /** 10 / 8 / 0 (%) or null when unknown. */
    taxRate: integer(),
    properties: jsonb().$type<Record<string, string | null>>().notNull().default({}),
    hsLastModifiedAt: ts(),
    archivedAt: ts(),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] }), index().on(t.connectionId, t.dealId)],
);

export const crmProducts = pgTable(
  "crm_products",
  {
    connectionId: connectionId(),
    id: text().notNull(),
    name: text(),
    sku: text(),
    price: numeric(),
    taxRate: integer(),
    properties: jsonb().$type<Record<string, string | null>>().notNull().default({}),
    hsLastModifiedAt: ts(),
    archivedAt: ts(),
    syncedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] })],
);

/**
 * "Closed won" domain event: one row per ENTRY of a deal into a won stage. The unique key makes detection
 * idempotent (a webhook, a poll and a resync of the same entry all hit the same row). Consumed by invoicing
 * (job `invoicing.draft-from-won-deal` {wonEventId}), which sets consumedAt.
 */
export const dealWonEvents = pgTable(
  "deal_won_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    connectionId: connectionId(),
    dealId: text().notNull(),
    stageId: text().notNull(),
    enteredAt: ts().notNull(),
    /** The deal had won before, left the won stages and came back. */
    isReentry: boolean().notNull().default(false),
    /** How it was detected: "webhook" | "poll" | "full_sync". */
    source: text().notNull().default("poll"),
    createdAt: ts().notNull().defaultNow(),
    consumedAt: ts(),
  },
  (t) => [
    unique().on(t.connectionId, t.dealId, t.enteredAt),
    index().on(t.connectionId, t.createdAt),
    index("deal_won_events_unconsumed_idx").on(t.connectionId).where(sql`${t.consumedAt} is null`),
  ],
);

export type CrmCompany = typeof crmCompanies.$inferSelect;
export type NewCrmCompany = typeof crmCompanies.$inferInsert;
export type CrmDeal = typeof crmDeals.$inferSelect;
export type NewCrmDeal = typeof crmDeals.$inferInsert;
export type CrmLineItem = typeof crmLineItems.$inferSelect;
export type NewCrmLineItem = typeof crmLineItems.$inferInsert;
export type CrmProduct = typeof crmProducts.$inferSelect;
export type NewCrmProduct = typeof crmProducts.$inferInsert;
export type HubspotOwner = typeof hubspotOwners.$inferSelect;
export type NewHubspotOwner = typeof hubspotOwners.$inferInsert;
export type HubspotPipeline = typeof hubspotPipelines.$inferSelect;
export type HubspotStage = typeof hubspotStages.$inferSelect;
export type NewHubspotStage = typeof hubspotStages.$inferInsert;
export type DealWonEvent = typeof dealWonEvents.$inferSelect;
export type StageKind = (typeof stageKindEnum.enumValues)[number];
