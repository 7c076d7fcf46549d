import "server-only";
import type { Database } from "@/db/client";
import { getCursor, recordSyncFailure, resolveSyncFailures, saveCursor } from "@/db/queries/sync";
import type { Connection } from "@/db/schema";
import type { HubSpotClient } from "@/lib/integrations/hubspot/client";
import type { HsObject } from "@/lib/integrations/hubspot/schemas";
import type { Logger } from "@/lib/logger";
import { OBJECT_FAILURE_ID, runHubSpotFullSync } from "./full-sync";
import { attachAssociations, buildSyncContext, HUBSPOT_OBJECTS, syncHubSpotMetadata, upsertObjects, type HubSpotSyncObject, type SyncContext } from "./hubspot-objects";
import { changedIdsOf, enqueueFollowUps } from "./follow-ups";
import { enqueueWonEvents, type SendFn } from "./won-events";

/** Search results lag writes by "a few moments" (§3): re-read this much before the last high-water mark. */
export const LOOKBACK_MS = 5 * 60_000;
/** Start a new search before HubSpot's 10,000-results-per-query cap (§3 rule 2). */
const SEARCH_WINDOW_CAP = 9_800;

export type IncrementalOptions = {
  db: Database;
  client: HubSpotClient;
  connection: Connection;
  log: Logger;
  objects?: readonly HubSpotSyncObject[];
  now?: () => Date;
  send?: SendFn;
  onProgress?: (p: { object: HubSpotSyncObject; records: number; pages: number; done: boolean }) => void;
};

export type IncrementalSummary = { object: HubSpotSyncObject; records: number; pages: number; mode: "incremental" | "full" ; wonEvents: number };

/**
 * Catch-up poll by last-modified: search `hs_lastmodifieddate GTE updatedAfter − lookback AND LTE runStart`,
 * ascending, 200 per page; before 10,000 results restart from the last seen timestamp (GTE + idempotent upsert
 * makes the overlap harmless). The high-water mark is saved only after the Postgres commit. An object whose full
 * sync never finished is completed (resumed) first.
 */
export async function runHubSpotIncrementalSync(opts: IncrementalOptions): Promise<IncrementalSummary[]> {
  const { db, client, connection, log } = opts;
  const objects = opts.objects ?? HUBSPOT_OBJECTS;
  const needFull: HubSpotSyncObject[] = [];
  for (const object of objects) {
    const cursor = await getCursor(db, connection.id, object);
    if (!cursor || cursor.phase === "full" || !cursor.updatedAfter) needFull.push(object);
  }
  const out: IncrementalSummary[] = [];
  if (needFull.length) {
    const full = await runHubSpotFullSync({ db, client, connection, log, objects: needFull, send: opts.send, onProgress: opts.onProgress });
    for (const s of full.objects) out.push({ object: s.object, records: s.records, pages: s.pages, mode: "full", wonEvents: s.wonEvents });
  } else {
    // Stage metadata can change (a new won stage): refresh it before detecting won entries.
    await syncHubSpotMetadata(db, client, connection.id);
  }
  const ctx = await buildSyncContext(db, client, connection);
  for (const object of objects) {
    if (needFull.includes(object)) continue;
    out.push(await pollObject(ctx, object, opts));
  }
  return out;
}

async function pollObject(ctx: SyncContext, object: HubSpotSyncObject, opts: IncrementalOptions): Promise<IncrementalSummary> {
  const { db, connection, log } = opts;
  const cursor = await getCursor(db, connection.id, object);
  const runStart = (opts.now ?? (() => new Date()))();
  let from = new Date((cursor?.updatedAfter ?? runStart).getTime() - LOOKBACK_MS);
  const summary: IncrementalSummary = { object, records: 0, pages: 0, mode: "incremental", wonEvents: 0 };
  try {
    for (;;) {
      let after: string | undefined;
      let seenInWindow = 0;
      let lastSeen: number | null = null;
      let restart = false;
      do {
        const page = await ctx.client.search(object, {
          filterGroups: [{ filters: [
            { propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(from.getTime()) },
            { propertyName: "hs_lastmodifieddate", operator: "LTE", value: String(runStart.getTime()) },
          ] }],
          sorts: [{ propertyName: "hs_lastmodifieddate", direction: "ASCENDING" }],
          properties: ctx.properties[object],
          limit: 200,
          after,
        });
        const results: HsObject[] = await attachAssociations(ctx.client, object, page.results);
        const r = await db.transaction((tx) => upsertObjects(tx, ctx, object, results, "poll"));
        summary.records += r.count;
        summary.pages++;
        summary.wonEvents += await enqueueWonEvents(r.wonEventIds, log, opts.send);
        await enqueueFollowUps(db, connection.id, changedIdsOf(object, results.map((o) => o.id)), log, opts.send);
        seenInWindow += page.results.length;
        const last = page.results.at(-1)?.properties.hs_lastmodifieddate;
        if (last) lastSeen = Date.parse(last);
        after = page.paging?.next?.after;
        opts.onProgress?.({ object, records: summary.records, pages: summary.pages, done: !after });
        if (after && seenInWindow >= SEARCH_WINDOW_CAP) {
          restart = true;
          break;
        }
      } while (after);
      if (!restart || lastSeen === null) break;
      // Guard against a single timestamp holding more than 10,000 records: move on by 1 ms rather than loop.
      from = new Date(lastSeen > from.getTime() ? lastSeen : from.getTime() + 1);
    }
    await saveCursor(db, connection.id, object, { phase: "incremental", updatedAfter: runStart, lastSuccessAt: new Date(), lastAttemptAt: new Date(), lastError: null });
    await resolveSyncFailures(db, connection.id, object, [OBJECT_FAILURE_ID]);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 1000) : String(error);
    await saveCursor(db, connection.id, object, { lastError: reason, lastAttemptAt: new Date() });
    await recordSyncFailure(db, { connectionId: connection.id, object, externalId: OBJECT_FAILURE_ID, reason });
    throw error;
  }
  return summary;
}
