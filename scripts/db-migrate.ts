// `npm run db:migrate` — applies pending migrations to DATABASE_URL or the embedded Postgres.
import { resolveDatabaseUrl, stopLocalDatabase } from "@/db/connection-url";
import { runMigrations } from "@/db/migrate";

async function main(): Promise<void> {
  await runMigrations(await resolveDatabaseUrl());
  process.stderr.write("migrations applied\n");
  await stopLocalDatabase();
}

void main();
