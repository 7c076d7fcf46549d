import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";

/**
 * Sync state shared by every provider (HubSpot here; freee/MF use the same tables with their own object names).
 */
const connectionId = () => uuid().notNull().references(() => connections.id, { onDelete: "cascade" });
const ts = () => timestamp({ withTimezone: true });

/**
 * One row per (connection, object). `phase` = "full" while a full sync runs (cursor = the list API's next `after`,
 * saved after every committed page so a crash resumes there), "incremental" afterwards (updatedAfter = the
 * last-modified high-water mark of the catch-up poll).
 */
export const syncCursors = pgTable(
  "sync_cursors",
  {
    connectionId: connectionId(),
    object: text().notNull(),
    phase: text().notNull().default("full"),
    cursor: text(),
    updatedAfter: ts(),
    fullSyncStartedAt: ts(),
    lastSuccessAt: ts(),
    lastAttemptAt: ts(),
    lastError: text(),
    recordCount: bigint({ mode: "number" }).notNull().default(0),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.object] })],
);

/**
 * Received provider webhooks, deduplicated by `dedupKey` (HubSpot: portal + eventId + occurredAt, since eventId
 * alone is "not guaranteed to be unique"). Inserted by the route, processed by a job.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: text().notNull().default("hubspot"),
    connectionId: uuid().references(() => connections.id, { onDelete: "cascade" }),
    dedupKey: text().notNull(),
    eventId: text().notNull(),
    subscriptionType: text().notNull(),
    objectId: text(),
    occurredAt: ts(),
    payload: jsonb().notNull(),
    receivedAt: ts().notNull().defaultNow(),
    processedAt: ts(),
    attempts: integer().notNull().default(0),
    error: text(),
  },
  (t) => [unique().on(t.dedupKey), index().on(t.connectionId, t.processedAt)],
);

/** Records that failed to sync (validation, mapping), shown on the health page with a retry button. */
export const syncFailures = pgTable(
  "sync_failures",
  {
    id: uuid().primaryKey().defaultRandom(),
    connectionId: connectionId(),
    object: text().notNull(),
    externalId: text().notNull(),
    reason: text().notNull(),
    attempts: integer().notNull().default(1),
    firstFailedAt: ts().notNull().defaultNow(),
    lastFailedAt: ts().notNull().defaultNow(),
    resolvedAt: ts(),
  },
  (t) => [unique().on(t.connectionId, t.object, t.externalId), index().on(t.connectionId, t.resolvedAt)],
);

/** Latest rate-limit headroom seen per connection and bucket (provider headers + our limiter), for the health page. */
export const rateLimitObservations = pgTable(
  "rate_limit_observations",
  {
    connectionId: connectionId(),
    bucket: text().notNull(),
    limit: integer(),
    remaining: integer(),
    intervalMs: integer(),
    dailyLimit: integer(),
    dailyRemaining: integer(),
    throttledCount: integer().notNull().default(0),
    lastThrottledAt: ts(),
    details: jsonb(),
    observedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.bucket] })],
);

export type SyncCursor = typeof syncCursors.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type NewWebhookEvent = typeof webhookEvents.$inferInsert;
export type SyncFailure = typeof syncFailures.$inferSelect;
export type RateLimitObservation = typeof rateLimitObservations.$inferSelect;
