import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { crmDeals, crmCompanies, dealWonEvents, syncCursors, syncFailures, webhookEvents, type Connection } from "@/db/schema";
import { openTestDb, truncateAll } from "@/test/db";
import { startHubSpotEmulator } from "@/test/sandbox";
import { signWebhookV3 } from "@/lib/integrations/hubspot/webhook-signature";
import { hubspotClientFor } from "@/lib/connections/hubspot-client";
import { saveHubSpotConnection } from "@/lib/connections/manage-connections";
import { resetConnectionLimiters } from "@/lib/integrations/rate-limit";
import { createLogger } from "@/lib/logger";
import { runHubSpotFullSync } from "./full-sync";
import { runHubSpotIncrementalSync } from "./incremental-sync";
import { processHubSpotWebhooks } from "./process-hubspot-webhooks";
import { receiveHubSpotWebhook } from "./receive-hubspot-webhook";

const SECRET = "kakehashi-sandbox-secret";
const PAT = "pat-sandbox-0000";
const log = createLogger({ test: "hubspot-sync" });
const { db, close } = openTestDb();
let hs: Awaited<ReturnType<typeof startHubSpotEmulator>>;
let connection: Connection;
let hook: http.Server;
let hookUrl: string;
const queued: string[] = [];

async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(hs.url + path, { method, headers: { authorization: `Bearer ${PAT}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
const control = api;
const client = () => hubspotClientFor(db, connection, { baseUrl: hs.url });

async function allIds(type: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await api<{ results: { id: string }[]; paging?: { next?: { after: string } } }>("GET", `/crm/v3/objects/${type}?limit=100${after ? `&after=${after}` : ""}`);
    ids.push(...page.results.map((r) => r.id));
    after = page.paging?.next?.after;
  } while (after);
  return ids;
}

beforeAll(async () => {
  hs = await startHubSpotEmulator({ port: 0, seed: { seed: 42, companies: 40, deals: 250 }, webhookBatchWindowMs: 10 });
  hook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void receiveHubSpotWebhook(
        db,
        { method: req.method ?? "POST", uris: [hookUrl], rawBody: Buffer.concat(chunks).toString("utf8"), signature: req.headers["x-hubspot-signature-v3"] as string, timestamp: req.headers["x-hubspot-request-timestamp"] as string, secret: SECRET },
        { log, enqueue: async (id) => void queued.push(id) },
      ).then((r) => {
        res.writeHead(r.status, { "content-type": "application/json" });
        res.end(JSON.stringify(r.body));
      });
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/api/webhooks/hubspot`;
});

afterAll(async () => {
  await hs?.stop();
  await new Promise((r) => hook?.close(r));
  await close();
});

beforeEach(async () => {
  await truncateAll(db);
  resetConnectionLimiters();
  await control("DELETE", "/_sandbox/faults");
  await control("PUT", "/_sandbox/webhooks", { targetUrl: null });
  connection = await saveHubSpotConnection(db, { authType: "private_app", portalId: "1000001", accessToken: PAT, actor: "system" });
  queued.length = 0;
});

describe("full sync", () => {
  it("resumes after a crash mid-way with no gaps and no duplicates", async () => {
    const first = await runHubSpotFullSync({ db, client: client(), connection, log, objects: ["deals", "line_items"], maxPages: 2 });
    expect(first.objects.every((o) => !o.completed && o.pages === 2)).toBe(true);
    const [mid] = await db.select().from(syncCursors).where(and(eq(syncCursors.connectionId, connection.id), eq(syncCursors.object, "deals")));
    expect(mid?.phase).toBe("full");
    expect(mid?.cursor).toBeTruthy();
    expect(mid?.recordCount).toBe(200);

    const second = await runHubSpotFullSync({ db, client: client(), connection, log, objects: ["deals", "line_items"] });
    expect(second.objects.find((o) => o.object === "deals")?.resumedFrom).toBe(mid?.cursor);
    const expected = (await allIds("deals")).sort();
    const got = (await db.select({ id: crmDeals.id }).from(crmDeals).where(eq(crmDeals.connectionId, connection.id))).map((r) => r.id).sort();
    expect(got).toEqual(expected);
    const [after] = await db.select().from(syncCursors).where(and(eq(syncCursors.connectionId, connection.id), eq(syncCursors.object, "deals")));
    expect(after).toMatchObject({ phase: "incremental", cursor: null, recordCount: expected.length });
    // Line items carry their deal; deals carry their primary company.
    const orphans = await db.execute<{ n: number }>(sql`select count(*)::int as n from crm_line_items where connection_id = ${connection.id} and deal_id is null`);
    expect(orphans[0]?.n).toBe(0);
  });

  it("survives a 429 storm by pausing the connection and honouring Retry-After", async () => {
    await control("POST", "/_sandbox/faults", { errorRates: { "429": 1 } });
    setTimeout(() => void control("DELETE", "/_sandbox/faults"), 300);
    const started = Date.now();
    const result = await runHubSpotFullSync({ db, client: client(), connection, log, objects: ["companies", "products"] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // Retry-After (≥ 1 s) was honoured, not hammered
    expect(result.objects.every((o) => o.completed)).toBe(true);
    const [{ n } = { n: 0 }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from crm_companies where connection_id = ${connection.id}`);
    expect(n).toBe(40);
  }, 90_000);
});

describe("failures", () => {
  it("records a failing object in sync_failures and resolves it on the next successful run", async () => {
    await runHubSpotFullSync({ db, client: client(), connection, log, objects: ["deals"] });
    await control("POST", "/_sandbox/faults", { errorRates: { "400": 1 }, pathPattern: "/crm/v3/objects/deals/search" });
    await expect(runHubSpotIncrementalSync({ db, client: client(), connection, log, objects: ["deals"] })).rejects.toThrow();
    const open = await db.select().from(syncFailures).where(eq(syncFailures.connectionId, connection.id));
    expect(open).toMatchObject([{ object: "deals", externalId: "*", resolvedAt: null }]);
    await control("DELETE", "/_sandbox/faults");
    await runHubSpotIncrementalSync({ db, client: client(), connection, log, objects: ["deals"] });
    const [after] = await db.select().from(syncFailures).where(eq(syncFailures.connectionId, connection.id));
    expect(after?.resolvedAt).toBeInstanceOf(Date);
  });
});

describe("closed won", () => {
  it("detects an entry exactly once (custom pipeline, numeric stage ids), flags a re-entry, ignores won→won moves", async () => {
    await runHubSpotFullSync({ db, client: client(), connection, log });
    const { deal } = await control<{ deal: { id: string } }>("POST", "/_sandbox/deals", { properties: { dealname: "保守契約 2026", pipeline: "75318642", dealstage: "11348540", amount: 120000 } });
    await runHubSpotIncrementalSync({ db, client: client(), connection, log });
    expect(await db.select().from(dealWonEvents).where(eq(dealWonEvents.dealId, deal.id))).toHaveLength(0);

    await control("POST", `/_sandbox/deals/${deal.id}/stage`, { stageId: "11348542" }); // 受注 (won by metadata)
    await runHubSpotIncrementalSync({ db, client: client(), connection, log });
    await runHubSpotIncrementalSync({ db, client: client(), connection, log }); // a second look is not a second entry
    let events = await db.select().from(dealWonEvents).where(eq(dealWonEvents.dealId, deal.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ stageId: "11348542", isReentry: false, source: "poll" });

    await control("POST", `/_sandbox/deals/${deal.id}/stage`, { stageId: "11348544" }); // 請求済: won → won
    await runHubSpotIncrementalSync({ db, client: client(), connection, log });
    expect(await db.select().from(dealWonEvents).where(eq(dealWonEvents.dealId, deal.id))).toHaveLength(1);

    await control("POST", `/_sandbox/deals/${deal.id}/stage`, { stageId: "11348541" }); // back to open
    await runHubSpotIncrementalSync({ db, client: client(), connection, log });
    await control("POST", `/_sandbox/deals/${deal.id}/stage`, { stageId: "11348542" }); // re-enters won
    await runHubSpotIncrementalSync({ db, client: client(), connection, log });
    events = await db.select().from(dealWonEvents).where(eq(dealWonEvents.dealId, deal.id)).orderBy(dealWonEvents.enteredAt);
    expect(events).toHaveLength(2);
    expect(events[1]?.isReentry).toBe(true);
    const [row] = await db.select().from(crmDeals).where(and(eq(crmDeals.connectionId, connection.id), eq(crmDeals.id, deal.id)));
    expect(row).toMatchObject({ stageId: "11348542", pipelineId: "75318642", amountYen: 120000 });
  });
});

describe("webhooks", () => {
  const sign = (body: string, ts: string) => signWebhookV3(SECRET, "POST", hookUrl, body, ts);
  const receive = (body: string, headers: { signature: string | null; timestamp: string | null }) =>
    receiveHubSpotWebhook(db, { method: "POST", uris: [hookUrl], rawBody: body, secret: SECRET, ...headers }, { log, enqueue: async (id) => void queued.push(id) });

  it("rejects forged and stale signatures with 401, logs each rejection with its reason, and stores nothing", async () => {
    const body = JSON.stringify([{ eventId: 1, portalId: 1000001, occurredAt: Date.now(), subscriptionType: "deal.creation", objectId: 1 }]);
    const ts = String(Date.now());
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const capturing = { ...log, warn: (message: string, fields?: Record<string, unknown>) => void warnings.push({ message, fields }) };
    const receiveLogged = (raw: string, headers: { signature: string | null; timestamp: string | null }) =>
      receiveHubSpotWebhook(db, { method: "POST", uris: [hookUrl], rawBody: raw, secret: SECRET, ...headers }, { log: capturing, enqueue: async (id) => void queued.push(id) });
    expect((await receiveLogged(body, { signature: sign(body, ts).replace(/^./, "A"), timestamp: ts })).status).toBe(401);
    expect((await receiveLogged(body, { signature: signWebhookV3("forged-secret", "POST", hookUrl, body, ts), timestamp: ts })).status).toBe(401);
    const stale = String(Date.now() - 6 * 60_000);
    expect((await receiveLogged(body, { signature: sign(body, stale), timestamp: stale })).status).toBe(401);
    expect((await receiveLogged(body, { signature: null, timestamp: null })).status).toBe(401);
    expect(warnings.map((w) => [w.message, w.fields?.reason])).toEqual([
      ["hubspot webhook rejected", "mismatch"],
      ["hubspot webhook rejected", "mismatch"],
      ["hubspot webhook rejected", "stale"],
      ["hubspot webhook rejected", "missing"],
    ]);
    expect(await db.select().from(webhookEvents)).toHaveLength(0);
    // The real route handler too (no signature → 401 before touching anything).
    const { POST } = await import("@/app/api/webhooks/hubspot/route");
    const res = await POST(new Request("http://127.0.0.1/api/webhooks/hubspot", { method: "POST", body, headers: { "x-hubspot-signature-v3": "bogus", "x-hubspot-request-timestamp": ts } }));
    expect(res.status).toBe(401);
  });

  it("deduplicates, tolerates out-of-order and late events, and archives a deal deleted in HubSpot", async () => {
    await runHubSpotFullSync({ db, client: client(), connection, log, objects: ["companies", "deals"] });
    await control("PUT", "/_sandbox/webhooks", { targetUrl: hookUrl, batchWindowMs: 10 });
    const [target] = await db.select().from(crmDeals).where(eq(crmDeals.connectionId, connection.id)).limit(1);
    const dealId = target!.id;
    // Real deliveries from the emulator: two property changes, then a deletion.
    await api("PATCH", `/crm/v3/objects/deals/${dealId}`, { properties: { dealname: "第1版" } });
    await api("PATCH", `/crm/v3/objects/deals/${dealId}`, { properties: { dealname: "第2版" } });
    await control("POST", "/_sandbox/webhooks/flush");
    const stored = await db.select().from(webhookEvents);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(queued).toContain(connection.id);

    // Replay the same events (duplicates) in reverse order (out of order): nothing new is stored.
    const payload = JSON.stringify(stored.map((e) => e.payload).reverse());
    const ts = String(Date.now());
    const again = await receive(payload, { signature: sign(payload, ts), timestamp: ts });
    expect(again).toMatchObject({ status: 200, body: { stored: 0 } });

    await processHubSpotWebhooks({ db, client: client(), connection, log });
    expect((await db.select().from(crmDeals).where(and(eq(crmDeals.connectionId, connection.id), eq(crmDeals.id, dealId))))[0]?.name).toBe("第2版");

    // A LATE event carrying the old value arrives after the newer state: re-reading keeps the newest.
    const late = JSON.stringify([{ eventId: 999_001, portalId: 1000001, occurredAt: Date.now() - 60_000, subscriptionType: "deal.propertyChange", propertyName: "dealname", propertyValue: "第1版", objectId: Number(dealId) }]);
    const ts2 = String(Date.now());
    expect((await receive(late, { signature: sign(late, ts2), timestamp: ts2 })).status).toBe(200);
    await processHubSpotWebhooks({ db, client: client(), connection, log });
    expect((await db.select().from(crmDeals).where(and(eq(crmDeals.connectionId, connection.id), eq(crmDeals.id, dealId))))[0]?.name).toBe("第2版");

    // Deleted in HubSpot → deletion webhook → archived here.
    await api("DELETE", `/crm/v3/objects/deals/${dealId}`);
    await control("POST", "/_sandbox/webhooks/flush");
    await processHubSpotWebhooks({ db, client: client(), connection, log });
    const [deleted] = await db.select().from(crmDeals).where(and(eq(crmDeals.connectionId, connection.id), eq(crmDeals.id, dealId)));
    expect(deleted?.archivedAt).toBeInstanceOf(Date);
    const unprocessed = await db.execute<{ n: number }>(sql`select count(*)::int as n from webhook_events where processed_at is null`);
    expect(unprocessed[0]?.n).toBe(0);
  });

  it("handles a company merge: the merged-away company is archived and points at the survivor", async () => {
    await runHubSpotFullSync({ db, client: client(), connection, log, objects: ["companies"] });
    await control("PUT", "/_sandbox/webhooks", { targetUrl: hookUrl, batchWindowMs: 10 });
    const [a, b] = await db.select().from(crmCompanies).where(eq(crmCompanies.connectionId, connection.id)).limit(2);
    await api("POST", "/crm/v3/objects/companies/merge", { primaryObjectId: a!.id, objectIdToMerge: b!.id });
    await control("POST", "/_sandbox/webhooks/flush");
    await processHubSpotWebhooks({ db, client: client(), connection, log });
    const [merged] = await db.select().from(crmCompanies).where(and(eq(crmCompanies.connectionId, connection.id), eq(crmCompanies.id, b!.id)));
    expect(merged).toMatchObject({ mergedIntoId: a!.id });
    expect(merged?.archivedAt).toBeInstanceOf(Date);
  });
});
