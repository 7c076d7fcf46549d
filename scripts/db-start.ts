// `npm run db:start` — runs the embedded Postgres in the foreground (migrated) and prints its URL.
import { resolveDatabaseUrl, stopLocalDatabase } from "@/db/connection-url";
import { runMigrations } from "@/db/migrate";

async function main(): Promise<void> {
  const url = await resolveDatabaseUrl();
  await runMigrations(url);
  process.stdout.write(`${url}\n`);
  process.stderr.write("Postgres is running; Ctrl+C stops it.\n");
  const stop = async () => {
    await stopLocalDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  setInterval(() => {}, 1 << 30);
}

void main();
