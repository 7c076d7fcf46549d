import { and, eq, getTableColumns, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../client";
import {
  crmCompanies, crmDeals, crmLineItems, crmProducts, dealWonEvents, hubspotOwners, hubspotPipelines, hubspotStages,
  type NewCrmCompany, type NewCrmDeal, type NewCrmLineItem, type NewCrmProduct, type NewHubspotOwner, type NewHubspotStage,
  type StageKind,
} from "../schema";

/**
 * CRM mirror queries. All writes are set-based batch upserts (one statement per page, never row by row), idempotent
 * on (connectionId, id), and guarded by hsLastModifiedAt so a late or replayed payload never overwrites newer data.
 */

/** `SET col = excluded.col` for every column except the key. Column names are snake_case in SQL. */
function excludedSet(table: PgTable, skip: string[]): Record<string, SQL> {
  const out: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table) as Record<string, PgColumn>)) {
    if (skip.includes(key)) continue;
    // casing: "snake_case" is applied when queries are built, so column.name is still camelCase here.
    const name = column.keyAsName ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : column.name;
    out[key] = sql.raw(`excluded."${name}"`);
  }
  return out;
}

/** Keep the newest version of each id (a webhook batch or a resumed page can carry the same record twice). */
function newestById<T extends { id: string; hsLastModifiedAt?: Date | null }>(rows: T[]): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) {
    const prev = byId.get(row.id);
    if (!prev || (row.hsLastModifiedAt?.getTime() ?? 0) >= (prev.hsLastModifiedAt?.getTime() ?? 0)) byId.set(row.id, row);
  }
  return [...byId.values()];
}

type Versioned = PgTable & { hsLastModifiedAt: PgColumn; connectionId: PgColumn; id: PgColumn };

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Postgres type of each column, for jsonb_to_recordset's column definition list. */
function columnTypes(table: PgTable): [key: string, column: string, type: string][] {
  return Object.entries(getTableColumns(table) as Record<string, PgColumn>).map(([key, column]) => [key, column.keyAsName ? snake(key) : column.name, column.getSQLType()]);
}

/**
 * Batch upsert as ONE statement with ONE parameter: the rows as a JSON array expanded by jsonb_to_recordset.
 * Drizzle's multi-row VALUES builder spends ~50–100 ms of CPU per 100 rows building 1,300 placeholders; this costs
 * a JSON.stringify, which is what makes the ≥ 5,000 records/s full sync possible.
 */
async function upsertVersioned<T extends { id: string; hsLastModifiedAt?: Date | null }>(db: DbOrTx, table: Versioned, tableName: string, rows: T[]): Promise<number> {
  const unique = newestById(rows);
  if (unique.length === 0) return 0;
  const cols = columnTypes(table);
  const present = cols.filter(([key]) => key !== "syncedAt" || unique.some((r) => key in r));
  const json = JSON.stringify(unique.map((r) => Object.fromEntries(present.map(([key, column]) => [column, (r as Record<string, unknown>)[key] ?? null]))));
  const names = present.map(([, c]) => `"${c}"`).join(", ");
  const defs = present.map(([, c, t]) => `"${c}" ${t}`).join(", ");
  const updates = present.filter(([key]) => key !== "connectionId" && key !== "id").map(([, c]) => `"${c}" = excluded."${c}"`).join(", ");
  const result = await db.execute(sql`
    insert into ${sql.raw(`"${tableName}"`)} (${sql.raw(names)})
    select ${sql.raw(names)} from jsonb_to_recordset(${json}::jsonb) as x(${sql.raw(defs)})
    on conflict ("connection_id", "id") do update set ${sql.raw(updates)}
    where ${sql.raw(`"${tableName}"."hs_last_modified_at" is null or excluded."hs_last_modified_at" is null or excluded."hs_last_modified_at" >= "${tableName}"."hs_last_modified_at"`)}`);
  // Out-of-order protection above: only apply when the incoming version is not older than the stored one.
  return (result as unknown as { count?: number }).count ?? unique.length;
}

export const upsertCompanies = (db: DbOrTx, rows: NewCrmCompany[]) => upsertVersioned(db, crmCompanies as unknown as Versioned, "crm_companies", rows);
export const upsertLineItems = (db: DbOrTx, rows: NewCrmLineItem[]) => upsertVersioned(db, crmLineItems as unknown as Versioned, "crm_line_items", rows);
export const upsertProducts = (db: DbOrTx, rows: NewCrmProduct[]) => upsertVersioned(db, crmProducts as unknown as Versioned, "crm_products", rows);
export const upsertDealRows = (db: DbOrTx, rows: NewCrmDeal[]) => upsertVersioned(db, crmDeals as unknown as Versioned, "crm_deals", rows);

export async function upsertOwners(db: DbOrTx, rows: NewHubspotOwner[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(hubspotOwners).values(rows).onConflictDoUpdate({ target: [hubspotOwners.connectionId, hubspotOwners.id], set: excludedSet(hubspotOwners, ["connectionId", "id"]) });
}

export async function replacePipelines(
  db: DbOrTx,
  connectionId: string,
  data: { pipelines: (typeof hubspotPipelines.$inferInsert)[]; stages: NewHubspotStage[] },
): Promise<void> {
  if (data.pipelines.length > 0) {
    await db.insert(hubspotPipelines).values(data.pipelines).onConflictDoUpdate({ target: [hubspotPipelines.connectionId, hubspotPipelines.id], set: excludedSet(hubspotPipelines, ["connectionId", "id"]) });
  }
  if (data.stages.length > 0) {
    await db
      .insert(hubspotStages)
      .values(data.stages)
      .onConflictDoUpdate({ target: [hubspotStages.connectionId, hubspotStages.pipelineId, hubspotStages.id], set: excludedSet(hubspotStages, ["connectionId", "pipelineId", "id"]) });
  }
  // Stages deleted in HubSpot stay as archived rows: old deals may still point at them.
  const live = new Set(data.stages.map((s) => `${s.pipelineId}|${s.id}`));
  const existing = await db.select({ pipelineId: hubspotStages.pipelineId, id: hubspotStages.id }).from(hubspotStages).where(eq(hubspotStages.connectionId, connectionId));
  for (const s of existing) {
    if (!live.has(`${s.pipelineId}|${s.id}`)) {
      await db.update(hubspotStages).set({ archived: true }).where(and(eq(hubspotStages.connectionId, connectionId), eq(hubspotStages.pipelineId, s.pipelineId), eq(hubspotStages.id, s.id)));
    }
  }
}

/** Stage kinds keyed "pipelineId|stageId" (and "|stageId" as a fallback when a deal lacks its pipeline). */
export async function getStageKinds(db: DbOrTx, connectionId: string): Promise<Map<string, StageKind>> {
  const rows = await db.select({ pipelineId: hubspotStages.pipelineId, id: hubspotStages.id, kind: hubspotStages.kind }).from(hubspotStages).where(eq(hubspotStages.connectionId, connectionId));
  const map = new Map<string, StageKind>();
  for (const r of rows) {
    map.set(`${r.pipelineId}|${r.id}`, r.kind);
    if (!map.has(`|${r.id}`)) map.set(`|${r.id}`, r.kind);
  }
  return map;
}

export async function getStageIds(db: DbOrTx, connectionId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ id: hubspotStages.id }).from(hubspotStages).where(eq(hubspotStages.connectionId, connectionId));
  return rows.map((r) => r.id);
}

export type WonDetectionOptions = {
  stageKinds: Map<string, StageKind>;
  source: "webhook" | "poll" | "full_sync";
  /**
   * A deal seen for the FIRST time already in a won stage (initial full sync) only produces an event when it entered
   * won at or after this instant: history before the connection must not flood invoicing with old deals.
   */
  backfillSince: Date;
};

const kindOf = (kinds: Map<string, StageKind>, pipelineId: string | null | undefined, stageId: string | null | undefined): StageKind | undefined =>
  stageId ? (kinds.get(`${pipelineId ?? ""}|${stageId}`) ?? kinds.get(`|${stageId}`)) : undefined;

/**
 * Upsert deals AND detect entries into won stages, in the caller's transaction. An entry is: the deal is now in a
 * won stage (by metadata) and before it was not (or we never saw it and it entered won after `backfillSince`), or
 * it is in the same won stage with a different entry timestamp (left and came back between two looks). Moving
 * between two won stages (受注 → 請求済) is not a new entry. Returns the ids of NEW deal_won_events rows.
 */
export async function upsertDeals(db: DbOrTx, connectionId: string, rows: NewCrmDeal[], opts: WonDetectionOptions): Promise<{ upserted: number; wonEventIds: string[] }> {
  const unique = newestById(rows);
  if (unique.length === 0) return { upserted: 0, wonEventIds: [] };
  const ids = unique.map((r) => r.id);
  const previous = await db
    .select({ id: crmDeals.id, pipelineId: crmDeals.pipelineId, stageId: crmDeals.stageId, stageEnteredAt: crmDeals.stageEnteredAt, hsLastModifiedAt: crmDeals.hsLastModifiedAt, archivedAt: crmDeals.archivedAt })
    .from(crmDeals)
    .where(and(eq(crmDeals.connectionId, connectionId), inArray(crmDeals.id, ids)));
  const prevById = new Map(previous.map((p) => [p.id, p]));
  const candidates: { dealId: string; stageId: string; enteredAt: Date }[] = [];
  for (const row of unique) {
    if (row.archivedAt || !row.stageId || !row.stageEnteredAt) continue;
    if (kindOf(opts.stageKinds, row.pipelineId, row.stageId) !== "won") continue;
    const prev = prevById.get(row.id);
    if (prev?.hsLastModifiedAt && row.hsLastModifiedAt && row.hsLastModifiedAt < prev.hsLastModifiedAt) continue; // stale payload
    if (!prev) {
      if (row.stageEnteredAt >= opts.backfillSince) candidates.push({ dealId: row.id, stageId: row.stageId, enteredAt: row.stageEnteredAt });
      continue;
    }
    const prevKind = kindOf(opts.stageKinds, prev.pipelineId, prev.stageId);
    const entered = prevKind !== "won" || (prev.stageId === row.stageId && prev.stageEnteredAt?.getTime() !== row.stageEnteredAt.getTime());
    if (entered) candidates.push({ dealId: row.id, stageId: row.stageId, enteredAt: row.stageEnteredAt });
  }
  const upserted = await upsertDealRows(db, unique);
  if (candidates.length === 0) return { upserted, wonEventIds: [] };
  const earlier = await db
    .select({ dealId: dealWonEvents.dealId, enteredAt: dealWonEvents.enteredAt })
    .from(dealWonEvents)
    .where(and(eq(dealWonEvents.connectionId, connectionId), inArray(dealWonEvents.dealId, candidates.map((c) => c.dealId))));
  const inserted = await db
    .insert(dealWonEvents)
    .values(
      candidates.map((c) => ({
        connectionId,
        dealId: c.dealId,
        stageId: c.stageId,
        enteredAt: c.enteredAt,
        isReentry: earlier.some((e) => e.dealId === c.dealId && e.enteredAt.getTime() < c.enteredAt.getTime()),
        source: opts.source,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: dealWonEvents.id });
  return { upserted, wonEventIds: inserted.map((r) => r.id) };
}

type ArchivableTable = typeof crmCompanies | typeof crmDeals | typeof crmLineItems | typeof crmProducts;

/** Mark records deleted in HubSpot (webhook deletion, batch-read 404, archived list). Idempotent. */
export async function markArchived(db: DbOrTx, table: ArchivableTable, connectionId: string, ids: string[], at: Date, mergedIntoId?: string): Promise<number> {
  if (ids.length === 0) return 0;
  const set: Record<string, unknown> = { archivedAt: at, syncedAt: new Date() };
  if (mergedIntoId && (table === crmCompanies || table === crmDeals)) set.mergedIntoId = mergedIntoId;
  const result = await db
    .update(table)
    .set(set)
    .where(and(eq(table.connectionId, connectionId), inArray(table.id, ids), isNull(table.archivedAt)));
  return (result as unknown as { count?: number }).count ?? 0;
}

export async function countCrm(db: DbOrTx, connectionId: string): Promise<Record<string, number>> {
  const [row] = await db.execute<{ companies: number; deals: number; line_items: number; products: number; won_events: number }>(sql`
    select
      (select count(*)::int from crm_companies where connection_id = ${connectionId} and archived_at is null) as companies,
      (select count(*)::int from crm_deals where connection_id = ${connectionId} and archived_at is null) as deals,
      (select count(*)::int from crm_line_items where connection_id = ${connectionId} and archived_at is null) as line_items,
      (select count(*)::int from crm_products where connection_id = ${connectionId} and archived_at is null) as products,
      (select count(*)::int from deal_won_events where connection_id = ${connectionId}) as won_events`);
  return { ...(row ?? {}) } as Record<string, number>;
}

export async function getDeal(db: DbOrTx, connectionId: string, id: string) {
  const [row] = await db.select().from(crmDeals).where(and(eq(crmDeals.connectionId, connectionId), eq(crmDeals.id, id)));
  return row ?? null;
}

export async function listWonEvents(db: DbOrTx, connectionId: string, dealId?: string) {
  return db
    .select()
    .from(dealWonEvents)
    .where(dealId ? and(eq(dealWonEvents.connectionId, connectionId), eq(dealWonEvents.dealId, dealId)) : eq(dealWonEvents.connectionId, connectionId))
    .orderBy(dealWonEvents.enteredAt);
}
