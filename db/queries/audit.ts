import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { auditLog, type AuditEntry, type NewAuditEntry } from "../schema";

export async function insertAuditEntry(db: DbOrTx, entry: NewAuditEntry): Promise<AuditEntry> {
  const [row] = await db.insert(auditLog).values(entry).returning();
  if (!row) throw new Error("insert audit_log returned no row");
  return row;
}

export async function listAuditEntries(
  db: DbOrTx,
  filter: { entityType?: string; entityId?: string; limit?: number } = {},
): Promise<AuditEntry[]> {
  const conditions = [
    filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
    filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit ?? 100);
}
