// `npm run db:seed` — migrations plus the demo users (idempotent).
import { createDb } from "@/db/client";
import { resolveDatabaseUrl, stopLocalDatabase } from "@/db/connection-url";
import { runMigrations } from "@/db/migrate";
import { seedDemoUsers } from "@/lib/demo/seed-demo-users";

async function main(): Promise<void> {
  const url = await resolveDatabaseUrl();
  await runMigrations(url);
  const { db, close } = createDb(url, { max: 1 });
  await seedDemoUsers(db);
  await close();
  process.stderr.write("demo users seeded\n");
  await stopLocalDatabase();
}

void main();
