import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { rateLimitObservations, syncCursors, syncFailures, webhookEvents, type NewWebhookEvent, type SyncCursor } from "../schema";

/** Sync bookkeeping shared by every provider: cursors, received webhooks, failing records, rate-limit headroom. */

export async function getCursor(db: DbOrTx, connectionId: string, object: string): Promise<SyncCursor | null> {
  const [row] = await db.select().from(syncCursors).where(and(eq(syncCursors.connectionId, connectionId), eq(syncCursors.object, object)));
  return row ?? null;
}

export async function listCursors(db: DbOrTx, connectionId: string): Promise<SyncCursor[]> {
  return db.select().from(syncCursors).where(eq(syncCursors.connectionId, connectionId)).orderBy(asc(syncCursors.object));
}

export type CursorPatch = Partial<Omit<typeof syncCursors.$inferInsert, "connectionId" | "object">> & { addRecords?: number };

/** Create or patch the cursor row. `addRecords` increments recordCount atomically. */
export async function saveCursor(db: DbOrTx, connectionId: string, object: string, patch: CursorPatch): Promise<void> {
  const { addRecords, ...rest } = patch;
  const values = { connectionId, object, ...rest, recordCount: rest.recordCount ?? addRecords ?? 0, updatedAt: new Date() };
  const set: Record<string, unknown> = { ...rest, updatedAt: new Date() };
  if (addRecords !== undefined && rest.recordCount === undefined) set.recordCount = sql`${syncCursors.recordCount} + ${addRecords}`;
  await db.insert(syncCursors).values(values).onConflictDoUpdate({ target: [syncCursors.connectionId, syncCursors.object], set });
}

/** Insert received webhook events; duplicates (same dedupKey) are dropped. Returns how many were new. */
export async function insertWebhookEvents(db: DbOrTx, rows: NewWebhookEvent[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(webhookEvents).values(rows).onConflictDoNothing({ target: webhookEvents.dedupKey }).returning({ id: webhookEvents.id });
  return inserted.length;
}

/**
 * Claim unprocessed webhook events of a connection (oldest first) with SKIP LOCKED, so two processing jobs never
 * take the same events. Call inside a transaction; mark them processed in the same transaction.
 */
export async function claimWebhookEvents(db: DbOrTx, connectionId: string, limit = 500) {
  return db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.connectionId, connectionId), isNull(webhookEvents.processedAt)))
    .orderBy(asc(webhookEvents.occurredAt))
    .limit(limit)
    .for("update", { skipLocked: true });
}

export async function markWebhookEventsProcessed(db: DbOrTx, ids: string[], error?: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(webhookEvents)
    .set(error ? { attempts: sql`${webhookEvents.attempts} + 1`, error } : { processedAt: new Date(), attempts: sql`${webhookEvents.attempts} + 1`, error: null })
    .where(inArray(webhookEvents.id, ids));
}

export async function recordSyncFailure(db: DbOrTx, f: { connectionId: string; object: string; externalId: string; reason: string }): Promise<void> {
  await db
    .insert(syncFailures)
    .values(f)
    .onConflictDoUpdate({
      target: [syncFailures.connectionId, syncFailures.object, syncFailures.externalId],
      set: { reason: f.reason, attempts: sql`${syncFailures.attempts} + 1`, lastFailedAt: new Date(), resolvedAt: null },
    });
}

export async function resolveSyncFailures(db: DbOrTx, connectionId: string, object: string, externalIds: string[]): Promise<void> {
  if (externalIds.length === 0) return;
  await db
    .update(syncFailures)
    .set({ resolvedAt: new Date() })
    .where(and(eq(syncFailures.connectionId, connectionId), eq(syncFailures.object, object), inArray(syncFailures.externalId, externalIds), isNull(syncFailures.resolvedAt)));
}

export async function listOpenSyncFailures(db: DbOrTx, connectionId: string) {
  return db.select().from(syncFailures).where(and(eq(syncFailures.connectionId, connectionId), isNull(syncFailures.resolvedAt))).orderBy(asc(syncFailures.firstFailedAt));
}

export async function saveRateLimitObservation(db: DbOrTx, o: typeof rateLimitObservations.$inferInsert): Promise<void> {
  const { connectionId: _c, bucket: _b, ...rest } = o;
  await db
    .insert(rateLimitObservations)
    .values(o)
    .onConflictDoUpdate({ target: [rateLimitObservations.connectionId, rateLimitObservations.bucket], set: { ...rest, observedAt: new Date() } });
}
