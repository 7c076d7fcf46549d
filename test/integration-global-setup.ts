import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startLocalPostgres, type LocalPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";

declare module "vitest" {
  // Module augmentation needs an interface (a type alias cannot merge).
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One fresh database per integration run, on real Postgres: the embedded server by default (a throwaway cluster
 * in a temp dir), or the server in DATABASE_URL when set (a uniquely named database, dropped afterwards), so runs
 * never see each other's data. Migrations are applied once; files run serially and clean up after themselves.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let local: LocalPostgres | null = null;
  let tempRoot: string | null = null;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    tempRoot = mkdtempSync(path.join(os.tmpdir(), "kakehashi-it-"));
    local = await startLocalPostgres({ root: tempRoot, persistent: false, database: "postgres", log: () => {} });
    adminUrl = local.url;
  }
  const name = `kakehashi_it_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await runMigrations(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  process.env.DATABASE_URL = databaseUrl;

  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
    if (local) await local.stop();
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  };
}
