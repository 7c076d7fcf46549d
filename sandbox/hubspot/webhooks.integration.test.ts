/**
 * Webhooks v3: delivery, batching, latency, retries and signatures. Signatures are checked with an INDEPENDENT
 * implementation of HubSpot's v3 algorithm written here from the documentation (api-hubspot.md §8), not with the
 * emulator's own signing code.
 */
import { Client } from "@hubspot/api-client";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHubSpotEmulator, type HubSpotEmulator } from "./emulator";

const SECRET = "kakehashi-sandbox-secret";
const FIVE_MIN = 5 * 60 * 1000;

/** HubSpot v3 check, from the docs: decode the listed escapes in the URI, HMAC-SHA256 base64, 5-minute window, constant time. */
function verifyV3(opts: { secret: string; method: string; url: string; body: string; signature: string; timestamp: string; now: number }): boolean {
  const ts = Number(opts.timestamp);
  if (!Number.isFinite(ts) || opts.now - ts > FIVE_MIN) return false;
  const decoded = opts.url.replace(/%3A|%2F|%3F|%40|%21|%24|%27|%28|%29|%2A|%2C|%3B/gi, (m) => decodeURIComponent(m));
  const expected = crypto.createHmac("sha256", opts.secret).update(`${opts.method}${decoded}${opts.body}${opts.timestamp}`).digest();
  const given = Buffer.from(opts.signature, "base64");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

type Received = { at: number; method: string; url: string; headers: http.IncomingHttpHeaders; body: string; events: Record<string, unknown>[] };

let hs: HubSpotEmulator;
let client: Client;
let receiver: http.Server;
let receiverUrl: string;
let received: Received[] = [];
let failNext = 0;

const control = (path: string, method: string, body?: unknown) =>
  fetch(hs.url + path, { method, headers: { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

async function waitFor<T>(fn: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("timed out waiting for webhook");
    await new Promise((r) => setTimeout(r, 10));
  }
}
const allEvents = () => received.flatMap((r) => r.events);

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ at: Date.now(), method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, events: JSON.parse(body) });
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/hubspot?source=sandbox`;
  hs = await startHubSpotEmulator({ port: 0, seed: { seed: 7, companies: 20, deals: 50 }, rateLimits: false, webhookRetryScale: 0.0001 });
  client = new Client({ accessToken: "pat-sandbox-0000", basePath: hs.url });
});
afterAll(async () => {
  await hs.stop();
  await new Promise((r) => receiver.close(r));
});
beforeEach(async () => {
  await control("/_sandbox/faults", "DELETE");
  expect((await control("/_sandbox/webhooks", "PUT", { targetUrl: receiverUrl })).status).toBe(200);
  received = [];
  failNext = 0;
});

describe("webhook delivery", () => {
  it("delivers a signed deal.creation event within a few hundred ms, with the documented fields", async () => {
    const t0 = Date.now();
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: "Webhook案件", dealstage: "appointmentscheduled" }, associations: [] });
    const ev = await waitFor(() => allEvents().find((e) => e.subscriptionType === "deal.creation" && e.objectId === Number(deal.id)));
    const req = received.find((r) => r.events.includes(ev))!;
    expect(req.at - t0).toBeLessThan(1500); // batching window 50 ms; slack for a loaded CI machine
    expect(ev).toMatchObject({
      eventId: expect.any(Number), subscriptionId: expect.any(Number), portalId: 1000001, appId: 2000001, occurredAt: expect.any(Number),
      attemptNumber: 0, objectId: Number(deal.id), changeSource: expect.any(String), changeFlag: "CREATED",
    });
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toContain("application/json");
    const url = `${receiverUrl.split("/api")[0]}${req.url}`;
    const ok = verifyV3({ secret: SECRET, method: "POST", url, body: req.body, signature: String(req.headers["x-hubspot-signature-v3"]), timestamp: String(req.headers["x-hubspot-request-timestamp"]), now: Date.now() });
    expect(ok).toBe(true);
  });

  it("signature check rejects a stale timestamp, a tampered body and a wrong secret", async () => {
    await client.crm.companies.basicApi.create({ properties: { name: "署名テスト株式会社" }, associations: [] });
    const req = await waitFor(() => received[0]);
    const base = {
      secret: SECRET, method: "POST", url: `${receiverUrl.split("/api")[0]}${req.url}`, body: req.body,
      signature: String(req.headers["x-hubspot-signature-v3"]), timestamp: String(req.headers["x-hubspot-request-timestamp"]),
    };
    const ts = Number(base.timestamp);
    expect(verifyV3({ ...base, now: ts + 1000 })).toBe(true);
    expect(verifyV3({ ...base, now: ts + FIVE_MIN + 1 })).toBe(false);
    expect(verifyV3({ ...base, body: base.body.replace(/"objectId":\d+/, '"objectId":1'), now: ts })).toBe(false);
    expect(verifyV3({ ...base, secret: "another-secret", now: ts })).toBe(false);
    expect(verifyV3({ ...base, method: "GET", now: ts })).toBe(false);
    // The v1 header HubSpot also sends: hex SHA-256 of secret + body.
    expect(req.headers["x-hubspot-signature"]).toBe(crypto.createHash("sha256").update(SECRET + req.body).digest("hex"));
  });

  it("emits propertyChange for a stage moved in the UI (control API) with stage timestamps visible through the API", async () => {
    const deal = (await client.crm.deals.basicApi.getPage(1, undefined, ["dealstage"])).results[0]!;
    const target = deal.properties.dealstage === "closedwon" ? "closedlost" : "closedwon";
    const t0 = Date.now();
    const res = await control(`/_sandbox/deals/${deal.id}/stage`, "POST", { stageId: target });
    expect(res.status).toBe(200);
    const ev = await waitFor(() => allEvents().find((e) => e.subscriptionType === "deal.propertyChange" && e.propertyName === "dealstage" && e.objectId === Number(deal.id)));
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(ev).toMatchObject({ propertyValue: target, changeSource: "CRM_UI" });
    const read = await client.crm.deals.basicApi.getById(deal.id, ["dealstage", `hs_v2_date_entered_${target}`, "hs_lastmodifieddate"]);
    expect(read.properties.dealstage).toBe(target);
    expect(read.properties[`hs_v2_date_entered_${target}`]).toBe(read.properties.hs_lastmodifieddate);
    // Editing a company in the UI also notifies.
    const company = (await client.crm.companies.basicApi.getPage(1)).results[0]!;
    expect((await control(`/_sandbox/companies/${company.id}`, "PATCH", { properties: { name: "改名後株式会社" } })).status).toBe(200);
    await waitFor(() => allEvents().find((e) => e.subscriptionType === "company.propertyChange" && e.propertyName === "name" && e.propertyValue === "改名後株式会社"));
  });

  it("batches up to 100 events per request", async () => {
    await client.crm.companies.batchApi.create({ inputs: Array.from({ length: 100 }, (_, i) => ({ properties: { name: `一括${i}` }, associations: [] })) });
    await client.crm.companies.batchApi.create({ inputs: Array.from({ length: 50 }, (_, i) => ({ properties: { name: `一括B${i}` }, associations: [] })) });
    await waitFor(() => (allEvents().filter((e) => e.subscriptionType === "company.creation").length >= 150 ? true : undefined));
    expect(received.every((r) => r.events.length <= 100)).toBe(true);
    expect(received.length).toBeLessThan(150);
    expect(received.some((r) => r.events.length > 1)).toBe(true);
  });

  it("emits deletion, merge and associationChange events", async () => {
    const [a, b] = (await client.crm.companies.batchApi.create({ inputs: [{ properties: { name: "M1" }, associations: [] }, { properties: { name: "M2" }, associations: [] }] })).results;
    await client.crm.companies.basicApi.merge({ primaryObjectId: a!.id, objectIdToMerge: b!.id });
    const merge = await waitFor(() => allEvents().find((e) => e.subscriptionType === "company.merge"));
    expect(merge).toMatchObject({ primaryObjectId: Number(a!.id), mergedObjectIds: [Number(b!.id)], newObjectId: Number(a!.id) });
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: "関連変更" }, associations: [] });
    await client.crm.associations.v4.basicApi.createDefault("deals", deal.id, "companies", a!.id);
    const assoc = await waitFor(() => allEvents().find((e) => e.subscriptionType === "deal.associationChange" && e.fromObjectId === Number(deal.id)));
    expect(assoc).toMatchObject({ associationType: "DEAL_TO_COMPANY", toObjectId: Number(a!.id), associationRemoved: false, isPrimaryAssociation: false });
    await client.crm.deals.basicApi.archive(deal.id);
    await waitFor(() => allEvents().find((e) => e.subscriptionType === "deal.deletion" && e.objectId === Number(deal.id) && e.changeFlag === "DELETED"));
  });
});

describe("webhook retries", () => {
  it("retries a failed delivery (5xx) with increasing attemptNumber and the same events", async () => {
    failNext = 2;
    const c = await client.crm.companies.basicApi.create({ properties: { name: "リトライ株式会社" }, associations: [] });
    const isMine = (e: Record<string, unknown>) => e.subscriptionType === "company.creation" && e.objectId === Number(c.id);
    await waitFor(() => (received.filter((r) => r.events.some(isMine)).length >= 3 ? true : undefined), 5000);
    const attempts = received.filter((r) => r.events.some(isMine));
    expect(attempts.map((r) => r.events.find(isMine)!.attemptNumber)).toEqual([0, 1, 2]);
    expect(new Set(attempts.map((r) => r.events.find(isMine)!.eventId)).size).toBe(1);
    const state = (await (await control("/_sandbox/webhooks", "GET")).json()) as { deliveries: { ok: boolean; status: number | null }[] };
    expect(state.deliveries.filter((d) => !d.ok && d.status === 503).length).toBeGreaterThanOrEqual(2);
  });

  it("webhookFailureRate fault: deliveries count as failed (nothing sent), then succeed on a later retry", async () => {
    expect((await control("/_sandbox/faults", "POST", { webhookFailureRate: 1 })).status).toBe(200);
    const c = await client.crm.companies.basicApi.create({ properties: { name: "配信失敗株式会社" }, associations: [] });
    await new Promise((r) => setTimeout(r, 150)); // several scaled retries happen (and fail) meanwhile
    expect(received.some((r) => r.events.some((e) => e.objectId === Number(c.id)))).toBe(false);
    const state = (await (await control("/_sandbox/webhooks", "GET")).json()) as { deliveries: { simulatedFailure?: boolean }[] };
    expect(state.deliveries.some((d) => d.simulatedFailure)).toBe(true);
    await control("/_sandbox/faults", "DELETE");
    const ev = await waitFor(() => allEvents().find((e) => e.objectId === Number(c.id) && e.subscriptionType === "company.creation"), 5000);
    expect(ev.attemptNumber).toBeGreaterThanOrEqual(1);
  });
});

describe("webhooks management API through the SDK", () => {
  it("configures settings and subscriptions (new subscriptions start paused)", async () => {
    // The SDK's webhooks API authenticates the app by its developer API key (hapikey), never by a portal token.
    await expect(client.webhooks.settingsApi.getAll(2000001)).rejects.toMatchObject({ code: 401 });
    const app = new Client({ developerApiKey: "kakehashi-sandbox-developer-key", basePath: hs.url });
    const settings = await app.webhooks.settingsApi.configure(2000001, { targetUrl: receiverUrl, throttling: { maxConcurrentRequests: 10 } });
    expect(settings.targetUrl).toBe(receiverUrl);
    const sub = await app.webhooks.subscriptionsApi.create(2000001, { eventType: "deal.propertyChange" as never, propertyName: "amount" });
    expect(sub.active).toBe(false);
    const list = await app.webhooks.subscriptionsApi.getAll(2000001);
    expect(list.results.map((s) => s.id)).toContain(sub.id);
  });
});
