import "server-only";
import type { Database } from "@/db/client";
import { markArchived } from "@/db/queries/crm";
import { getCursor, recordSyncFailure, resolveSyncFailures, saveCursor } from "@/db/queries/sync";
import type { Connection } from "@/db/schema";
import type { HubSpotClient } from "@/lib/integrations/hubspot/client";
import type { ListPage } from "@/lib/integrations/hubspot/schemas";
import type { Logger } from "@/lib/logger";
import { buildSyncContext, HUBSPOT_OBJECTS, LIST_ASSOCIATIONS, syncHubSpotMetadata, TABLE_OF, upsertObjects, type HubSpotSyncObject, type SyncContext } from "./hubspot-objects";
import { enqueueWonEvents, type SendFn } from "./won-events";

/**
 * sync_failures row for "this object's sync failed" (page-level: the provider or the database refused a page).
 * Per-record failures use the record id. Resolved automatically by the next successful run of the object.
 */
export const OBJECT_FAILURE_ID = "*";

export type SyncProgress = { object: HubSpotSyncObject; records: number; pages: number; done: boolean };

export type FullSyncOptions = {
  db: Database;
  client: HubSpotClient;
  connection: Connection;
  log: Logger;
  objects?: readonly HubSpotSyncObject[];
  /** Start over even if a previous full sync left a cursor (default: resume where it stopped). */
  restart?: boolean;
  /** Stop after this many pages per object (tests simulate a crash with it). */
  maxPages?: number;
  /** Page size for list calls (HubSpot max 100). */
  pageSize?: number;
  onProgress?: (p: SyncProgress) => void;
  send?: SendFn;
};

export type ObjectSummary = { object: HubSpotSyncObject; records: number; pages: number; archived: number; completed: boolean; resumedFrom: string | null; wonEvents: number };

/**
 * Full sync through the LIST endpoints (not search: it caps at 10,000 results). Each page is upserted and the
 * cursor (`paging.next.after`) saved in the SAME transaction, so a crash after any page resumes exactly there:
 * no gap (the cursor never runs ahead of the data) and no duplicate (upserts are idempotent anyway).
 * The next page is fetched while the current one is written, so HTTP and Postgres overlap.
 * When an object completes, its cursor switches to phase "incremental" with updatedAfter = the time the full
 * sync started: anything modified during the run is caught by the next catch-up poll.
 */
export async function runHubSpotFullSync(opts: FullSyncOptions): Promise<{ objects: ObjectSummary[]; metadata: { owners: number; stages: number } }> {
  const { db, client, connection } = opts;
  const metadata = await syncHubSpotMetadata(db, client, connection.id);
  const ctx = await buildSyncContext(db, client, connection);
  const objects = opts.objects ?? HUBSPOT_OBJECTS;
  // Objects are independent: run them concurrently (the limiter keeps the total within HubSpot's budget).
  const summaries = await Promise.all(objects.map((object) => syncObject(ctx, object, opts)));
  return { objects: summaries, metadata };
}

async function syncObject(ctx: SyncContext, object: HubSpotSyncObject, opts: FullSyncOptions): Promise<ObjectSummary> {
  const { db, connection, log } = opts;
  const existing = await getCursor(db, connection.id, object);
  const resuming = !opts.restart && existing?.phase === "full" && !!existing.cursor;
  const startedAt = resuming && existing?.fullSyncStartedAt ? existing.fullSyncStartedAt : new Date();
  if (!resuming) {
    await saveCursor(db, connection.id, object, { phase: "full", cursor: null, fullSyncStartedAt: startedAt, lastAttemptAt: new Date(), lastError: null, recordCount: 0 });
  } else {
    log.info("resuming full sync", { object, after: existing?.cursor });
  }
  let after: string | null = resuming ? (existing?.cursor ?? null) : null;
  const summary: ObjectSummary = { object, records: 0, pages: 0, archived: 0, completed: false, resumedFrom: resuming ? after : null, wonEvents: 0 };
  const fetchPage = (cursor: string | null): Promise<ListPage> =>
    ctx.client.listPage(object, { after: cursor, limit: opts.pageSize ?? 100, properties: ctx.properties[object], associations: LIST_ASSOCIATIONS[object] });
  // The fetcher runs up to PREFETCH_PAGES ahead of the writer (the list cursor is known as soon as a page arrives),
  // so HTTP keeps the rate limiter busy while Postgres writes; the writer still commits pages strictly in order.
  const pages = prefetchPages(after, fetchPage, { max: opts.maxPages, ahead: PREFETCH_PAGES });
  const enqueues: Promise<void>[] = [];
  try {
    for (;;) {
      const item = await pages.next();
      if (item.done) break;
      const page = item.value;
      const next = page.paging?.next?.after ?? null;
      const stopping = opts.maxPages !== undefined && summary.pages + 1 >= opts.maxPages;
      const { count, wonEventIds } = await db.transaction(async (tx) => {
        const r = await upsertObjects(tx, ctx, object, page.results, "full_sync");
        await saveCursor(tx, connection.id, object, next ? { cursor: next, addRecords: page.results.length, lastAttemptAt: new Date() } : { phase: "incremental", cursor: null, updatedAfter: startedAt, lastSuccessAt: new Date(), lastError: null, addRecords: page.results.length });
        return r;
      });
      summary.records += count;
      summary.pages++;
      // Queued after the commit (the job must find the row) but without holding up the next page.
      if (wonEventIds.length) enqueues.push(enqueueWonEvents(wonEventIds, log, opts.send).then((n) => void (summary.wonEvents += n)));
      after = next;
      opts.onProgress?.({ object, records: summary.records, pages: summary.pages, done: !next });
      if (!next) summary.completed = true;
      if (stopping) break;
    }
    if (summary.completed) summary.archived = await syncArchived(ctx, object, opts);
    await resolveSyncFailures(db, connection.id, object, [OBJECT_FAILURE_ID]);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 1000) : String(error);
    await saveCursor(db, connection.id, object, { lastError: reason, lastAttemptAt: new Date() });
    await recordSyncFailure(db, { connectionId: connection.id, object, externalId: OBJECT_FAILURE_ID, reason });
    throw error;
  } finally {
    pages.stop();
    await Promise.all(enqueues);
  }
  return summary;
}

const PREFETCH_PAGES = 4;

/**
 * Pages of a cursor-paged list, fetched by a background loop that stays at most `ahead` pages ahead of the
 * consumer. A fetch error is delivered in order (after the pages fetched before it).
 */
function prefetchPages(start: string | null, fetchPage: (after: string | null) => Promise<ListPage>, opts: { max?: number; ahead: number }) {
  const buffer: ({ page: ListPage } | { error: unknown } | { end: true })[] = [];
  let wake: (() => void) | null = null;
  let space: (() => void) | null = null;
  let stopped = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  void (async () => {
    let cursor = start;
    let fetched = 0;
    for (;;) {
      if (stopped) return;
      if (opts.max !== undefined && fetched >= opts.max) break;
      while (buffer.length >= opts.ahead && !stopped) await new Promise<void>((r) => (space = r));
      if (stopped) return;
      try {
        const page = await fetchPage(cursor);
        fetched++;
        buffer.push({ page });
        notify();
        cursor = page.paging?.next?.after ?? null;
        if (!cursor) break;
      } catch (error) {
        buffer.push({ error });
        notify();
        return;
      }
    }
    buffer.push({ end: true });
    notify();
  })();
  return {
    async next(): Promise<{ done: true } | { done: false; value: ListPage }> {
      while (buffer.length === 0) await new Promise<void>((r) => (wake = r));
      const item = buffer.shift()!;
      space?.();
      space = null;
      if ("error" in item) throw item.error;
      if ("end" in item) return { done: true };
      return { done: false, value: item.page };
    },
    stop() {
      stopped = true;
      space?.();
    },
  };
}

/** Records deleted in HubSpot appear only with archived=true (§2): mark them archived in our mirror. */
async function syncArchived(ctx: SyncContext, object: HubSpotSyncObject, opts: FullSyncOptions): Promise<number> {
  let after: string | null = null;
  let archived = 0;
  do {
    const page: ListPage = await ctx.client.listPage(object, { after, limit: 100, properties: ["hs_lastmodifieddate"], archived: true });
    if (page.results.length) {
      const at = new Date();
      archived += await markArchived(opts.db, TABLE_OF[object], ctx.connection.id, page.results.map((r) => r.id), at);
    }
    after = page.paging?.next?.after ?? null;
  } while (after);
  return archived;
}
