import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectSandboxHubSpot } from "@/lib/connections/connect-sandbox";
import { AuthError } from "@/lib/integrations/errors";
import { openTestDb, truncateAll } from "@/test/db";
import { startHubSpotEmulator, type HubSpotEmulator } from "@/test/sandbox";
import { requiredWebhookSubscriptions, syncWebhookSubscriptions } from "./webhook-subscriptions";

/**
 * The HubSpot app's webhooks, managed through the webhooks v3 management API of the emulator (which, like HubSpot,
 * authenticates the app by its developer API key and delivers only events of active, matching subscriptions).
 */
const APP_ID = "2000001";
const KEY = "kakehashi-sandbox-developer-key";
const { db, close } = openTestDb();
let hs: HubSpotEmulator;
let receiver: http.Server;
let receiverBase: string;
const received: { path: string; events: { subscriptionType: string; propertyName?: string; objectId: number }[] }[] = [];

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${hs.url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
};
const subscriptions = async () => ((await (await fetch(`${hs.url}/webhooks/v3/${APP_ID}/subscriptions?hapikey=${KEY}`)).json()) as { results: { id: string; eventType: string; propertyName?: string; active: boolean }[] }).results;
/** An admin edits the company's 法人番号 (a custom property the seed creates) in HubSpot; the events it caused. */
const setCorporateNumber = async (companyId: string, value: string) => {
  received.length = 0;
  await control("PATCH", `/_sandbox/companies/${companyId}`, { properties: { corporate_number: value } });
  await control("POST", "/_sandbox/webhooks/flush");
  return received.flatMap((r) => r.events).filter((e) => e.propertyName === "corporate_number" && String(e.objectId) === companyId);
};

beforeAll(async () => {
  await truncateAll(db);
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", events: JSON.parse(body) as (typeof received)[number]["events"] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  hs = await startHubSpotEmulator({ port: 0, seed: { seed: 42, companies: 5, deals: 5 }, webhookUrl: null, webhookBatchWindowMs: 5 });
  // The job reads its hosts from env(), as in production (read once, so set before anything reads it).
  process.env.HUBSPOT_API_BASE_URL = hs.url;
  process.env.APP_BASE_URL = `${receiverBase}/`;
});
afterAll(async () => {
  await hs?.stop();
  await new Promise((r) => receiver?.close(r));
  await close();
});

describe("HubSpot app webhook subscriptions", () => {
  it("refuses the management API with a wrong developer API key, and without credentials", async () => {
    await expect(syncWebhookSubscriptions({ apiBaseUrl: hs.url, appId: APP_ID, developerApiKey: "wrong", targetUrl: `${receiverBase}/hook` })).rejects.toBeInstanceOf(AuthError);
    expect((await fetch(`${hs.url}/webhooks/v3/${APP_ID}/subscriptions`)).status).toBe(401);
  });

  it("subscribes what the sync reads: a 法人番号 edit that the emulator's defaults never delivered now arrives", async () => {
    // Before: an app set up with a hand-picked list (the emulator's defaults) misses corporate_number.
    await control("PUT", "/_sandbox/webhooks", { targetUrl: `${receiverBase}/old` });
    const company = await firstCompanyId();
    expect(await setCorporateNumber(company, "1234567890123")).toEqual([]);

    const first = await syncWebhookSubscriptions({ apiBaseUrl: hs.url, appId: APP_ID, developerApiKey: KEY, targetUrl: `${receiverBase}/api/webhooks/hubspot` });
    expect(first).toMatchObject({ targetChanged: true, previousTargetUrl: `${receiverBase}/old`, targetUrl: `${receiverBase}/api/webhooks/hubspot` });
    expect(first.created).toContainEqual({ eventType: "company.propertyChange", propertyName: "corporate_number" });
    expect(first.refused).toEqual([]);
    const all = await subscriptions();
    for (const spec of requiredWebhookSubscriptions()) expect(all.find((s) => s.eventType === spec.eventType && (s.propertyName ?? undefined) === spec.propertyName)).toMatchObject({ active: true });

    const events = await setCorporateNumber(company, "9876543210987");
    expect(events).toHaveLength(1);
    expect(received[0]?.path).toBe("/api/webhooks/hubspot");

    // Idempotent: nothing left to do.
    const again = await syncWebhookSubscriptions({ apiBaseUrl: hs.url, appId: APP_ID, developerApiKey: KEY, targetUrl: `${receiverBase}/api/webhooks/hubspot` });
    expect(again).toMatchObject({ targetChanged: false, created: [], activated: [], alreadyActive: requiredWebhookSubscriptions().length });
  });

  it("switches a paused subscription back on, and a dry run only reports", async () => {
    const dealstage = (await subscriptions()).find((s) => s.eventType === "deal.propertyChange" && s.propertyName === "dealstage")!;
    await fetch(`${hs.url}/webhooks/v3/${APP_ID}/subscriptions/${dealstage.id}?hapikey=${KEY}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ active: false }) });
    const dry = await syncWebhookSubscriptions({ apiBaseUrl: hs.url, appId: APP_ID, developerApiKey: KEY, targetUrl: `${receiverBase}/api/webhooks/hubspot`, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, activated: [{ eventType: "deal.propertyChange", propertyName: "dealstage" }] });
    expect((await subscriptions()).find((s) => s.id === dealstage.id)?.active).toBe(false);
    const real = await syncWebhookSubscriptions({ apiBaseUrl: hs.url, appId: APP_ID, developerApiKey: KEY, targetUrl: `${receiverBase}/api/webhooks/hubspot` });
    expect(real.activated).toEqual([{ eventType: "deal.propertyChange", propertyName: "dealstage" }]);
    expect((await subscriptions()).find((s) => s.id === dealstage.id)?.active).toBe(true);
  });

  it("a subscription HubSpot refuses (a custom property this portal lacks) is reported; the others are still made", async () => {
    const current = await subscriptions();
    for (const s of current.filter((x) => x.propertyName === "corporate_number" || x.eventType === "deal.deletion")) {
      await fetch(`${hs.url}/webhooks/v3/${APP_ID}/subscriptions/${s.id}?hapikey=${KEY}`, { method: "DELETE" });
    }
    // As HubSpot would answer for a property that does not exist in the portal.
    const refusing: typeof fetch = async (input, init) => {
      if (init?.method === "POST" && String(input).includes("/subscriptions?") && String(init.body).includes("corporate_number")) {
        return Response.json({ status: "error", category: "VALIDATION_ERROR", message: "Property corporate_number does not exist" }, { status: 400 });
      }
      return fetch(input, init);
    };
    const r = await syncWebhookSubscriptions({ apiBaseUrl: hs.url, appId: APP_ID, developerApiKey: KEY, targetUrl: `${receiverBase}/api/webhooks/hubspot`, fetch: refusing });
    expect(r.refused).toEqual([{ eventType: "company.propertyChange", propertyName: "corporate_number", reason: "Property corporate_number does not exist" }]);
    expect(r.created).toEqual([{ eventType: "deal.deletion" }]);
  });

  it("connecting the sandbox points the sandbox app's webhooks at this app through the same API", async () => {
    await fetch(`${hs.url}/webhooks/v3/${APP_ID}/settings?hapikey=${KEY}`, { method: "DELETE" });
    await connectSandboxHubSpot(db, { baseUrl: hs.url, appBaseUrl: `${receiverBase}/`, actor: "system" });
    const settings = (await (await fetch(`${hs.url}/webhooks/v3/${APP_ID}/settings?hapikey=${KEY}`)).json()) as { targetUrl: string };
    expect(settings.targetUrl).toBe(`${receiverBase}/api/webhooks/hubspot`);
    expect(await setCorporateNumber(await firstCompanyId(), "1111111111111")).toHaveLength(1);
  });
});

describe("the hubspot.ensure-webhooks job (queued by the OAuth callback)", () => {
  it("reconciles the app's webhooks from env and reports what it did; a second run does nothing", async () => {
    await fetch(`${hs.url}/webhooks/v3/${APP_ID}/settings?hapikey=${KEY}`, { method: "DELETE" });
    const corporate = (await subscriptions()).find((s) => s.propertyName === "corporate_number");
    if (corporate) await fetch(`${hs.url}/webhooks/v3/${APP_ID}/subscriptions/${corporate.id}?hapikey=${KEY}`, { method: "DELETE" });
    const { default: handler } = await import("@/lib/jobs/definitions/hubspot-ensure-webhooks.handler");
    const { createLogger } = await import("@/lib/logger");
    const ctx = { db, log: createLogger({ test: true }), jobId: "j1", retryCount: 0, retryLimit: 4, send: async () => null };
    expect(await handler({}, ctx)).toEqual({ targetUrl: `${receiverBase}/api/webhooks/hubspot`, targetChanged: true, created: 1, activated: 0, refused: 0 });
    expect(await handler({}, ctx)).toEqual({ targetUrl: `${receiverBase}/api/webhooks/hubspot`, targetChanged: false, created: 0, activated: 0, refused: 0 });
  });
});

async function firstCompanyId(): Promise<string> {
  const res = await fetch(`${hs.url}/crm/v3/objects/companies?limit=1`, { headers: { authorization: "Bearer pat-sandbox-0000" } });
  return ((await res.json()) as { results: { id: string }[] }).results[0]!.id;
}
