import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * Applies pending drizzle-kit migrations. The app, the worker and the demo launcher may start together, so the
 * run is serialised with a Postgres advisory lock (drizzle's migrator alone is not safe to run concurrently).
 */
export async function runMigrations(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(727274001)`;
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client`select pg_advisory_unlock(727274001)`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
