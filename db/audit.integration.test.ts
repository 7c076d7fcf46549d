import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, pgErrorOf } from "@/test/db";
import { insertAuditEntry, listAuditEntries } from "./queries/audit";
import { auditLog } from "./schema";

const { db, close } = openTestDb();
afterAll(close);

describe("audit log is append-only in the database itself", () => {
  it("accepts inserts and reads them back", async () => {
    const entry = await insertAuditEntry(db, { actorLabel: "test", action: "test.insert", entityType: "test", entityId: "append-1", after: { a: 1 } });
    const rows = await listAuditEntries(db, { entityType: "test", entityId: "append-1" });
    expect(rows.map((r) => r.id)).toContain(entry.id);
  });

  it("refuses UPDATE", async () => {
    const entry = await insertAuditEntry(db, { actorLabel: "test", action: "test.update", entityType: "test", entityId: "append-2" });
    expect(await pgErrorOf(db.update(auditLog).set({ action: "tampered" }).where(eq(auditLog.id, entry.id)))).toMatch(/append-only/);
    const [row] = await db.select().from(auditLog).where(eq(auditLog.id, entry.id));
    expect(row?.action).toBe("test.update");
  });

  it("refuses DELETE", async () => {
    const entry = await insertAuditEntry(db, { actorLabel: "test", action: "test.delete", entityType: "test", entityId: "append-3" });
    expect(await pgErrorOf(db.delete(auditLog).where(eq(auditLog.id, entry.id)))).toMatch(/append-only/);
    expect(await db.select().from(auditLog).where(eq(auditLog.id, entry.id))).toHaveLength(1);
  });

  it("refuses TRUNCATE", async () => {
    expect(await pgErrorOf(db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
  });

  it("refuses it in raw SQL too, not only through the ORM", async () => {
    expect(await pgErrorOf(db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
  });
});
