import "server-only";
import type { Database, DbOrTx } from "@/db/client";
import { getStageIds, getStageKinds, markArchived, replacePipelines, upsertCompanies, upsertDeals, upsertLineItems, upsertOwners, upsertProducts } from "@/db/queries/crm";
import { crmCompanies, crmDeals, crmLineItems, crmProducts, type Connection, type StageKind } from "@/db/schema";
import type { HubSpotClient, HubSpotObjectType } from "@/lib/integrations/hubspot/client";
import type { HsObject } from "@/lib/integrations/hubspot/schemas";
import { companyRow, dealRow, lineItemRow, ownerRow, pipelineRows, productRow, stageEntryProperties, SYNC_PROPERTIES } from "@/lib/integrations/hubspot/transform";

/** Objects the HubSpot sync mirrors, in dependency-free order (each upsert stands alone). */
export const HUBSPOT_OBJECTS = ["products", "companies", "deals", "line_items"] as const satisfies readonly HubSpotObjectType[];
export type HubSpotSyncObject = (typeof HUBSPOT_OBJECTS)[number];

export const TABLE_OF = { companies: crmCompanies, deals: crmDeals, line_items: crmLineItems, products: crmProducts } as const;

/** How far back a deal's first won entry may lie to still produce an event on its first sync (see upsertDeals). */
export const WON_BACKFILL_DAYS = 30;

/** Everything the per-page upsert needs that is constant during one run. */
export type SyncContext = {
  db: Database;
  client: HubSpotClient;
  connection: Connection;
  stageKinds: Map<string, StageKind>;
  properties: Record<HubSpotSyncObject, string[]>;
  backfillSince: Date;
};

/** Owners and pipelines/stages (small; fully refreshed every run). Stage metadata drives won detection. */
export async function syncHubSpotMetadata(db: Database, client: HubSpotClient, connectionId: string): Promise<{ owners: number; stages: number }> {
  const [owners, pipelines] = await Promise.all([client.allOwners(), client.dealPipelines()]);
  const now = new Date();
  const rows = pipelineRows(connectionId, pipelines, now);
  await db.transaction(async (tx) => {
    await upsertOwners(tx, owners.map((o) => ownerRow(connectionId, o, now)));
    await replacePipelines(tx, connectionId, rows);
  });
  return { owners: owners.length, stages: rows.stages.length };
}

export async function buildSyncContext(db: Database, client: HubSpotClient, connection: Connection): Promise<SyncContext> {
  const stageIds = await getStageIds(db, connection.id);
  return {
    db,
    client,
    connection,
    stageKinds: await getStageKinds(db, connection.id),
    properties: {
      companies: [...SYNC_PROPERTIES.companies],
      deals: [...SYNC_PROPERTIES.deals, ...stageEntryProperties(stageIds)],
      line_items: [...SYNC_PROPERTIES.line_items],
      products: [...SYNC_PROPERTIES.products],
    },
    backfillSince: new Date(connection.createdAt.getTime() - WON_BACKFILL_DAYS * 86_400_000),
  };
}

/** Associations to request inline on list calls (the batch and search APIs cannot return them). */
export const LIST_ASSOCIATIONS: Record<HubSpotSyncObject, string[]> = { companies: [], deals: ["companies"], line_items: ["deals"], products: [] };

/**
 * Transform and upsert one page of wire objects in the caller's transaction. Returns the count and any new
 * deal_won_events ids (deals only).
 */
export async function upsertObjects(
  tx: DbOrTx,
  ctx: SyncContext,
  type: HubSpotSyncObject,
  objects: HsObject[],
  source: "webhook" | "poll" | "full_sync",
): Promise<{ count: number; wonEventIds: string[] }> {
  const id = ctx.connection.id;
  const now = new Date();
  switch (type) {
    case "companies":
      return { count: await upsertCompanies(tx, objects.map((o) => companyRow(id, o, now))), wonEventIds: [] };
    case "products":
      return { count: await upsertProducts(tx, objects.map((o) => productRow(id, o, now))), wonEventIds: [] };
    case "line_items":
      return { count: await upsertLineItems(tx, objects.map((o) => lineItemRow(id, o, now))), wonEventIds: [] };
    case "deals": {
      const r = await upsertDeals(tx, id, objects.map((o) => dealRow(id, o, now)), { stageKinds: ctx.stageKinds, source, backfillSince: ctx.backfillSince });
      return { count: r.upserted, wonEventIds: r.wonEventIds };
    }
  }
}

/**
 * Objects from batch read or search carry no associations: fetch them via the v4 batch API and attach them in the
 * v3 list shape the transforms read (`associations.companies.results[{id,type}]`).
 */
export async function attachAssociations(client: HubSpotClient, type: HubSpotSyncObject, objects: HsObject[]): Promise<HsObject[]> {
  const to = type === "deals" ? "companies" : type === "line_items" ? "deals" : null;
  if (!to || objects.length === 0) return objects;
  const links = await client.batchReadAssociations(type, to, objects.map((o) => o.id));
  const primaryType = type === "deals" ? "deal_to_company" : "line_item_to_deal";
  return objects.map((o) => {
    const refs = links.get(o.id) ?? [];
    const sorted = [...refs].sort((a, b) => Number(b.primary) - Number(a.primary));
    return { ...o, associations: { [to]: { results: sorted.map((r) => ({ id: r.id, type: r.primary ? primaryType : `${primaryType}_unlabeled` })) } } };
  });
}

/**
 * Re-read records by id (webhook path): found → upserted with fresh associations; missing → archived. Reading the
 * CURRENT state instead of applying event payloads makes duplicate, out-of-order and late events harmless.
 * Writes go through `tx` (the caller's transaction, which also marks the webhook events processed).
 */
export async function refreshObjectsById(
  tx: DbOrTx,
  ctx: SyncContext,
  type: HubSpotSyncObject,
  ids: string[],
  source: "webhook" | "poll",
): Promise<{ upserted: number; archived: number; wonEventIds: string[] }> {
  if (ids.length === 0) return { upserted: 0, archived: 0, wonEventIds: [] };
  const { results, missing } = await ctx.client.batchRead(type, ids, ctx.properties[type]);
  const withAssoc = await attachAssociations(ctx.client, type, results);
  const r = await upsertObjects(tx, ctx, type, withAssoc, source);
  const archived = await markArchived(tx, TABLE_OF[type], ctx.connection.id, missing, new Date());
  return { upserted: r.count, archived, wonEventIds: r.wonEventIds };
}
