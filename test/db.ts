import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { createDb, type Database } from "../db/client";

/** The run's database (see integration-global-setup.ts). Close it in afterAll. */
export function openTestDb(): { db: Database; url: string; close: () => Promise<void> } {
  const url = inject("databaseUrl");
  process.env.DATABASE_URL = url;
  const { db, close } = createDb(url, { max: 4 });
  return { db, url, close };
}

/**
 * Empties every table of ours except the append-only audit log (the database refuses that, by design);
 * tests that read the audit log filter by their own entity ids.
 */
export async function truncateAll(db: Database): Promise<void> {
  const rows = await db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public' and tablename not in ('audit_log', '__drizzle_migrations')`,
  );
  const tables = rows.map((r) => `"${r.tablename}"`);
  if (tables.length > 0) await db.execute(sql.raw(`truncate ${tables.join(", ")} restart identity cascade`));
  // Jobs queued by an earlier file must not run against this file's data (pg-boss keeps its own schema).
  const boss = await db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'pgboss' and tablename in ('job', 'archive', 'schedule')`);
  if (boss.length > 0) await db.execute(sql.raw(`truncate ${boss.map((r) => `pgboss."${r.tablename}"`).join(", ")}`));
}

/** The Postgres error message behind a failed query (drizzle wraps it as the `cause`). */
export async function pgErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected the query to fail, but it succeeded");
}
