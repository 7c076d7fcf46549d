import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startLocalPostgres, type LocalPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";

export type ThrowawayDatabase = {
  url: string;
  name: string;
  /** The temp dir of the embedded cluster, or null when DATABASE_URL's server is used. */
  tempRoot: string | null;
  drop: () => Promise<void>;
};

/**
 * A fresh, migrated database for one test run (integration or e2e): on the server in DATABASE_URL when set, else
 * on a throwaway embedded cluster in a temp dir. Runs never see each other's data; `drop()` removes everything.
 */
export async function createThrowawayDatabase(kind: "it" | "e2e" | "bench"): Promise<ThrowawayDatabase> {
  let local: LocalPostgres | null = null;
  let tempRoot: string | null = null;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    tempRoot = mkdtempSync(path.join(os.tmpdir(), `kakehashi-${kind}-`));
    local = await startLocalPostgres({ root: tempRoot, persistent: false, database: "postgres", log: () => {} });
    adminUrl = local.url;
  }
  const name = `kakehashi_${kind}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    name,
    tempRoot,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
      if (local) await local.stop();
      if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
    },
  };
}
