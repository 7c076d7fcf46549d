import type { TestProject } from "vitest/node";
import { createThrowawayDatabase } from "./throwaway-database";

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
  const database = await createThrowawayDatabase("it");
  project.provide("databaseUrl", database.url);
  process.env.DATABASE_URL = database.url;
  return database.drop;
}
