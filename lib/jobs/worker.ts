import { resolveDatabaseUrl, stopLocalDatabase } from "@/db/connection-url";
import { runMigrations } from "@/db/migrate";
import { logger } from "@/lib/logger";
import { startWorker } from "./run-worker";

// The worker process: `npm run worker`. Runs every queue; stops gracefully on SIGINT/SIGTERM.
async function main(): Promise<void> {
  const url = await resolveDatabaseUrl();
  await runMigrations(url);
  await import("@/lib/jobs/listeners");
  const worker = await startWorker({ url });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("worker stopping", { signal });
    await worker.stop();
    await stopLocalDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.error("worker failed to start", { error });
  process.exit(1);
});
