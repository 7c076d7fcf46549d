import "server-only";
import type { Database } from "@/db/client";
import { markArchived } from "@/db/queries/crm";
import { claimWebhookEvents, markWebhookEventsProcessed } from "@/db/queries/sync";
import type { Connection } from "@/db/schema";
import type { HubSpotClient } from "@/lib/integrations/hubspot/client";
import { webhookEventSchema, type HsWebhookEvent } from "@/lib/integrations/hubspot/schemas";
import type { Logger } from "@/lib/logger";
import { buildSyncContext, HUBSPOT_OBJECTS, refreshObjectsById, TABLE_OF } from "./hubspot-objects";
import { planWebhookEvents } from "./plan-webhook-events";
import { enqueueFollowUps } from "./follow-ups";
import { enqueueWonEvents, type SendFn } from "./won-events";

/**
 * Process the stored webhook events of one connection: claim a batch (SKIP LOCKED, so concurrent jobs never take
 * the same rows), re-read the touched records from HubSpot, upsert them and mark the events processed — all in one
 * transaction, so a crash leaves the events unprocessed for the next run. Loops until nothing is left.
 */
export async function processHubSpotWebhooks(opts: { db: Database; client: HubSpotClient; connection: Connection; log: Logger; send?: SendFn; maxRounds?: number }) {
  const { db, client, connection, log } = opts;
  const ctx = await buildSyncContext(db, client, connection);
  const totals = { events: 0, upserted: 0, archived: 0, wonEvents: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 50); round++) {
    const result = await db.transaction(async (tx) => {
      const rows = await claimWebhookEvents(tx, connection.id, 500);
      if (rows.length === 0) return null;
      const events: HsWebhookEvent[] = [];
      for (const r of rows) {
        const parsed = webhookEventSchema.safeParse(r.payload);
        if (parsed.success) events.push(parsed.data);
      }
      const plan = planWebhookEvents(events);
      let archived = 0;
      for (const m of plan.merged) archived += await markArchived(tx, TABLE_OF[m.object], connection.id, m.mergedIds, new Date(), m.intoId);
      let upserted = 0;
      const wonEventIds: string[] = [];
      for (const object of HUBSPOT_OBJECTS) {
        const r = await refreshObjectsById(tx, ctx, object, plan.refresh[object], "webhook");
        upserted += r.upserted;
        archived += r.archived;
        wonEventIds.push(...r.wonEventIds);
      }
      await markWebhookEventsProcessed(tx, rows.map((r) => r.id));
      const changed = { companies: plan.refresh.companies, deals: plan.refresh.deals, lineItems: plan.refresh.line_items };
      return { events: rows.length, upserted, archived, wonEventIds, changed };
    });
    if (!result) break;
    totals.events += result.events;
    totals.upserted += result.upserted;
    totals.archived += result.archived;
    // After the commit: the invoicing job must find the won event row.
    totals.wonEvents += await enqueueWonEvents(result.wonEventIds, log, opts.send);
    await enqueueFollowUps(db, connection.id, result.changed, log, opts.send);
  }
  return totals;
}
