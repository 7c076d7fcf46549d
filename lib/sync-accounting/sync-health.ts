import "server-only";
import { and, asc, eq, isNull, ne } from "drizzle-orm";
import type { Database } from "@/db/client";
import { countAccountingRecords } from "@/db/queries/accounting";
import { listCursors, listOpenSyncFailures } from "@/db/queries/sync";
import { connections, rateLimitObservations, syncFailures } from "@/db/schema";
import { sendJob } from "@/lib/jobs/boss";
import { connectionLimiterStats } from "@/lib/integrations/rate-limit";
import { OBJECT_KEYS, THROTTLE_BUCKET, type AccountingObject } from "./sync-accounting";

/**
 * The sync health page's data, per connection and object: last success, lag, record counts, rate-limit headroom,
 * token expiry, throttling, failing records. Generic over providers: HubSpot rows come from the same sync tables.
 * Plain JSON (ISO strings) so the route handler can serve it to TanStack Query as is.
 */
export type SyncHealthObject = {
  object: string;
  phase: string;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lagSeconds: number | null;
  lastError: string | null;
  recordCount: number;
};

export type SyncHealthFailure = { id: string; object: string; externalId: string; reason: string; attempts: number; firstFailedAt: string; lastFailedAt: string };

export type SyncHealthRateLimit = { bucket: string; limit: number | null; remaining: number | null; observedAt: string; throttledCount: number; pausedUntil: string | null; source: "provider" | "limiter" };

export type SyncHealthConnection = {
  id: string;
  provider: "hubspot" | "freee" | "moneyforward";
  account: string;
  status: "active" | "reauthorize" | "disconnected";
  tokenExpiresAt: string | null;
  refreshTokenExpiresAt: string | null;
  lastRefreshedAt: string | null;
  lastError: string | null;
  throttledUntil: string | null;
  objects: SyncHealthObject[];
  mirror: { partners: number; invoices: number; payments: number } | null;
  rateLimits: SyncHealthRateLimit[];
  failures: SyncHealthFailure[];
};

export type SyncHealth = { generatedAt: string; connections: SyncHealthConnection[] };

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function getSyncHealth(db: Database, now = new Date()): Promise<SyncHealth> {
  const rows = await db.select().from(connections).where(ne(connections.status, "disconnected")).orderBy(asc(connections.provider), asc(connections.createdAt));
  const out: SyncHealthConnection[] = [];
  for (const c of rows) {
    const [cursors, failures, observations] = await Promise.all([
      listCursors(db, c.id),
      listOpenSyncFailures(db, c.id),
      db.select().from(rateLimitObservations).where(eq(rateLimitObservations.connectionId, c.id)),
    ]);
    const throttle = observations.find((o) => o.bucket === THROTTLE_BUCKET);
    const pausedUntil = (throttle?.details as { pausedUntil?: string } | null)?.pausedUntil ?? null;
    const rateLimits: SyncHealthRateLimit[] = observations
      .filter((o) => o.bucket !== THROTTLE_BUCKET)
      .map((o) => ({
        bucket: o.bucket,
        limit: o.limit,
        remaining: o.remaining,
        observedAt: o.observedAt.toISOString(),
        throttledCount: o.throttledCount,
        pausedUntil: (o.details as { pausedUntil?: string } | null)?.pausedUntil ?? null,
        source: "provider" as const,
      }));
    // This process's own limiter windows (the web process rarely calls providers; the worker's are in the DB rows).
    for (const [bucket, stats] of Object.entries(connectionLimiterStats(c.id))) {
      for (const w of stats.windows) {
        rateLimits.push({ bucket: `${bucket}.${w.name}`, limit: w.limit, remaining: w.remaining, observedAt: now.toISOString(), throttledCount: stats.throttled, pausedUntil: stats.pausedUntil ? new Date(stats.pausedUntil).toISOString() : null, source: "limiter" });
      }
    }
    out.push({
      id: c.id,
      provider: c.provider,
      account: c.externalAccountName ?? c.externalAccountId ?? c.id,
      status: c.status,
      tokenExpiresAt: iso(c.accessTokenExpiresAt),
      refreshTokenExpiresAt: iso(c.refreshTokenExpiresAt),
      lastRefreshedAt: iso(c.lastRefreshedAt),
      lastError: c.lastError,
      throttledUntil: pausedUntil && new Date(pausedUntil) > now ? pausedUntil : null,
      objects: cursors.map((k) => ({
        object: k.object,
        phase: k.phase,
        lastSuccessAt: iso(k.lastSuccessAt),
        lastAttemptAt: iso(k.lastAttemptAt),
        lagSeconds: k.lastSuccessAt ? Math.max(0, Math.round((now.getTime() - k.lastSuccessAt.getTime()) / 1000)) : null,
        lastError: k.lastError,
        recordCount: k.recordCount,
      })),
      mirror: c.provider === "hubspot" ? null : await countAccountingRecords(db, c.id),
      rateLimits,
      failures: failures.map((f) => ({
        id: f.id,
        object: f.object,
        externalId: f.externalId,
        reason: f.reason,
        attempts: f.attempts,
        firstFailedAt: f.firstFailedAt.toISOString(),
        lastFailedAt: f.lastFailedAt.toISOString(),
      })),
    });
  }
  return { generatedAt: now.toISOString(), connections: out };
}

const ACCOUNTING_OBJECT_BY_KEY = Object.fromEntries(Object.entries(OBJECT_KEYS).map(([k, v]) => [v, k])) as Record<string, AccountingObject>;
const HUBSPOT_OBJECTS = new Set(["companies", "deals", "line_items", "products"]);

/** Queues the sync that re-reads what a failure is about; the failure is resolved when that sync succeeds. */
export async function retrySyncFailure(db: Database, failureId: string): Promise<{ queued: boolean; jobId: string | null }> {
  const [failure] = await db.select().from(syncFailures).where(and(eq(syncFailures.id, failureId), isNull(syncFailures.resolvedAt)));
  if (!failure) return { queued: false, jobId: null };
  const [c] = await db.select().from(connections).where(eq(connections.id, failure.connectionId));
  if (!c) return { queued: false, jobId: null };
  return queueSync(c.id, c.provider, failure.object);
}

/** "Sync now" for one connection (every object). */
export async function syncConnectionNow(db: Database, connectionId: string): Promise<{ queued: boolean; jobId: string | null }> {
  const [c] = await db.select().from(connections).where(eq(connections.id, connectionId));
  if (!c) return { queued: false, jobId: null };
  return queueSync(c.id, c.provider, null);
}

async function queueSync(connectionId: string, provider: "hubspot" | "freee" | "moneyforward", objectKey: string | null): Promise<{ queued: boolean; jobId: string | null }> {
  if (provider === "hubspot") {
    const object = objectKey?.replace(/^hubspot\./, "") ?? null;
    const objects = object && HUBSPOT_OBJECTS.has(object) ? [object] : undefined;
    const jobId = await sendJob("hubspot.sync", { connectionId, mode: "incremental", ...(objects ? { objects } : {}) });
    return { queued: jobId !== null, jobId };
  }
  const object = objectKey ? ACCOUNTING_OBJECT_BY_KEY[objectKey] : undefined;
  // Stately queue, keyed per connection: when a run is already queued for it, that run does this work too.
  const jobId = await sendJob("accounting.sync", { connectionId, mode: "incremental", ...(object ? { objects: [object] } : {}) }, { singletonKey: `accounting.sync:${connectionId}` });
  return { queued: true, jobId };
}
