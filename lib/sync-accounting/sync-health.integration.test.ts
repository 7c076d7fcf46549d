import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getAccountingProvider } from "@/lib/integrations/accounting";
import { resetConnectionLimiters } from "@/lib/integrations/rate-limit";
import { startFreeeEmulator } from "@/test/sandbox";
import { openTestDb, truncateAll } from "@/test/db";
import { saveAccountingConnection } from "./connect-accounting";
import { getSyncHealth } from "./sync-health";
import { syncAccounting } from "./sync-accounting";

/** The health page's data: a fault injected in the sandbox shows as a failing object, and clears on the next good run. */
const { db, close } = openTestDb();
let freee: Awaited<ReturnType<typeof startFreeeEmulator>>;

async function control(path: string, body?: unknown, method = "POST"): Promise<unknown> {
  const res = await fetch(`${freee.url}${path}`, { method, headers: { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}`);
  return res.json();
}

beforeAll(async () => {
  freee = await startFreeeEmulator({ port: 0 });
});
afterAll(async () => {
  await freee.stop();
  await close();
});
beforeEach(async () => {
  await truncateAll(db);
  resetConnectionLimiters();
});

describe("sync health", () => {
  it("shows last success, counts, headroom, token expiry, and a failing object until a good run clears it", async () => {
    const t = (await control("/_sandbox/tokens")) as { access_token: string; refresh_token: string; expires_in: number };
    const connection = await saveAccountingConnection(db, {
      provider: "freee",
      externalAccountId: "100001",
      externalAccountName: "株式会社かけはしデモ",
      tokens: { accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in, refreshExpiresIn: 90 * 86_400 },
      actor: "system",
    });
    const provider = () => getAccountingProvider(connection, { db, apiBaseUrl: freee.url, authBaseUrl: freee.url, sleep: async () => {} });
    await syncAccounting({ db, connection, provider: provider(), mode: "full" });

    let health = await getSyncHealth(db);
    const c = health.connections.find((x) => x.id === connection.id);
    expect(c?.objects.map((o) => o.object).sort()).toEqual(["accounting.invoices", "accounting.partners", "accounting.settlements"]);
    expect(c?.objects.every((o) => o.lastSuccessAt && o.lagSeconds !== null && o.lagSeconds < 60)).toBe(true);
    expect(c?.mirror?.invoices).toBeGreaterThan(0);
    expect(c?.tokenExpiresAt && Date.parse(c.tokenExpiresAt) > Date.now() + 5 * 3600_000).toBe(true);
    expect(c?.rateLimits.some((r) => r.source === "provider" && r.limit === 30)).toBe(true);
    expect(c?.failures).toEqual([]);

    await control("/_sandbox/faults", { errorRates: { "500": 1 }, pathPattern: "^/iv/invoices" });
    const failed = await syncAccounting({ db, connection, provider: provider(), mode: "incremental" });
    expect(failed.objects.find((o) => o.object === "invoices")?.error).toContain("500");
    health = await getSyncHealth(db);
    const withFailure = health.connections.find((x) => x.id === connection.id);
    expect(withFailure?.failures).toEqual([expect.objectContaining({ object: "accounting.invoices", externalId: "(sync)", reason: expect.stringContaining("500") })]);
    expect(withFailure?.objects.find((o) => o.object === "accounting.invoices")?.lastError).toContain("500");

    await control("/_sandbox/faults", undefined, "DELETE");
    await syncAccounting({ db, connection, provider: provider(), mode: "incremental", objects: ["invoices"] });
    health = await getSyncHealth(db);
    const cleared = health.connections.find((x) => x.id === connection.id);
    expect(cleared?.failures).toEqual([]);
    expect(cleared?.objects.find((o) => o.object === "accounting.invoices")?.lastError).toBeNull();
  });

  it("the sync job skips paused connections (re-authorise, throttled) instead of failing and re-alerting", async () => {
    const { eq } = await import("drizzle-orm");
    const { connections } = await import("@/db/schema");
    const { saveRateLimitObservation } = await import("@/db/queries/sync");
    const { createLogger } = await import("@/lib/logger");
    const { default: handler } = await import("@/lib/jobs/definitions/accounting-sync.handler");
    const t = (await control("/_sandbox/tokens")) as { access_token: string; refresh_token: string; expires_in: number };
    const connection = await saveAccountingConnection(db, {
      provider: "freee",
      externalAccountId: "100001",
      externalAccountName: null,
      tokens: { accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in },
      actor: "system",
    });
    const sent: unknown[] = [];
    const sentTo: { name: string; payload: unknown; key?: string }[] = [];
    const ctx = { db, log: createLogger({ test: true }), jobId: "j1", retryCount: 0, retryLimit: 3, send: async (name: string, p: unknown, o?: { singletonKey?: string }) => {
        sent.push(p);
        sentTo.push({ name, payload: p, key: o?.singletonKey });
        return null;
      },
    };
    await saveRateLimitObservation(db, { connectionId: connection.id, bucket: "accounting.throttle", details: { pausedUntil: new Date(Date.now() + 600_000).toISOString() } });
    expect(await handler({ connectionId: connection.id, mode: "incremental" }, ctx)).toEqual({ skipped: "throttled" });
    await db.update(connections).set({ status: "reauthorize" }).where(eq(connections.id, connection.id));
    expect(await handler({ connectionId: connection.id, mode: "incremental" }, ctx)).toEqual({ skipped: "reauthorize" });
    // The scheduled form fans out to active connections only.
    expect(await handler({ mode: "incremental" }, ctx)).toEqual({ fannedOut: 0 });
    expect(sent).toEqual([]);
    // The nightly full pass fans out into the regular queue, under the regular singleton key (never two at once).
    await db.update(connections).set({ status: "active" }).where(eq(connections.id, connection.id));
    expect(await handler({ mode: "full" }, ctx)).toEqual({ fannedOut: 1 });
    expect(sentTo).toEqual([{ name: "accounting.sync", payload: { mode: "full", connectionId: connection.id }, key: `accounting.sync:${connection.id}` }]);
  });

  it("the demo step connects the sandbox freee company and syncs it, and never throws", async () => {
    process.env.FREEE_API_BASE_URL = freee.url;
    process.env.FREEE_ACCOUNTS_BASE_URL = freee.url;
    // env() is cached per module instance: fresh modules make the step see this test's emulator.
    vi.resetModules();
    const { env } = await import("@/lib/env");
    expect(env().FREEE_API_BASE_URL).toBe(freee.url);
    const { default: step } = await import("@/lib/demo/steps/20-accounting-freee");
    const lines: string[] = [];
    await step(db, (m) => lines.push(m));
    expect(lines.join("\n")).toMatch(/freee synced in \d+ ms \(partners \d+, invoices \d+, settlements \d+\)/);
    const health = await getSyncHealth(db);
    expect(health.connections.find((c) => c.provider === "freee")?.account).toBe("株式会社かけはしデモ");
    await freee.stop();
    const again: string[] = [];
    await step(db, (m) => again.push(m));
    expect(again.join("\n")).toContain("freee");
    freee = await startFreeeEmulator({ port: 0 });
  });
});
