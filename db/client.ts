import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { resolveDatabaseUrl } from "./connection-url";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A database or an open transaction: every query function takes one of these first. */
export type DbOrTx = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

export function createDb(url: string, options: { max?: number } = {}): { db: Database; close: () => Promise<void> } {
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema, casing: "snake_case" });
  return { db, close: () => client.end({ timeout: 5 }) };
}

// One pool per process, kept on globalThis so Next's dev reloads do not leak connections.
const globalForDb = globalThis as unknown as { kakehashiDb?: Promise<Database> };

export function getDb(): Promise<Database> {
  globalForDb.kakehashiDb ??= resolveDatabaseUrl().then((url) => createDb(url).db);
  return globalForDb.kakehashiDb;
}
