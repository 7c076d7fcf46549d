import "server-only";
import { resolveDatabaseUrl } from "@/db/connection-url";
import { getDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { bootstrapAdmin } from "@/lib/auth/bootstrap-admin";
import { env } from "@/lib/env";

/** Start-up of the web process: validated env, migrated database, a first admin. Idempotent. */
export async function prepareApp(): Promise<void> {
  const config = env();
  await runMigrations(await resolveDatabaseUrl());
  await bootstrapAdmin(await getDb(), { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
}
