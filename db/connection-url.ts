import { startLocalPostgres, type LocalPostgres } from "./embedded";

/**
 * Where Postgres comes from: DATABASE_URL when set, else the embedded local server (started or reused).
 * Shared by the app, the worker, the CLI and the demo launcher.
 */
let local: Promise<LocalPostgres> | null = null;

export async function resolveDatabaseUrl(): Promise<string> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return fromEnv;
  local ??= startLocalPostgres();
  const started = await local;
  // Children of this process (worker, app) reuse the same server.
  process.env.DATABASE_URL = started.url;
  return started.url;
}

/** Stops the embedded server if this process started it. */
export async function stopLocalDatabase(): Promise<void> {
  if (!local) return;
  const started = await local;
  local = null;
  if (started.startedHere) await started.stop();
}
