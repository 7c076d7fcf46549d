import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalPostgres } from "./embedded";

/**
 * The no-DATABASE_URL path: a real embedded server whose data survives a restart, on a port that does not
 * clash with a server on 5432, reused (not restarted) when already running.
 */
const root = mkdtempSync(path.join(os.tmpdir(), "kakehashi-embedded-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("embedded Postgres", () => {
  it("keeps data between runs and reuses a running server", { timeout: 120_000 }, async () => {
    const first = await startLocalPostgres({ root, log: () => {} });
    expect(first.startedHere).toBe(true);
    const state = JSON.parse(readFileSync(path.join(root, "postgres.json"), "utf8")) as { port: number };
    expect(state.port).not.toBe(5432);
    expect(first.url).toContain(`:${state.port}/`);

    const sql1 = postgres(first.url, { max: 1, onnotice: () => {} });
    await sql1`create table if not exists kept (v text)`;
    await sql1`insert into kept values ('survives restart')`;
    await sql1.end();

    const reused = await startLocalPostgres({ root, log: () => {} });
    expect(reused.startedHere).toBe(false);
    expect(reused.url).toBe(first.url);

    await first.stop();

    const second = await startLocalPostgres({ root, log: () => {} });
    expect(second.startedHere).toBe(true);
    const sql2 = postgres(second.url, { max: 1, onnotice: () => {} });
    const rows = await sql2`select v from kept`;
    await sql2.end();
    await second.stop();
    expect(rows.map((r) => r.v)).toEqual(["survives restart"]);
  });
});
