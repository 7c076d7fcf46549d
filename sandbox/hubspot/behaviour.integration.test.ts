/**
 * Fault modes, auth lifecycle, rate limits and seeding of the HubSpot emulator — each fault of the contract has a
 * test showing the emulator produces it as specified. The official SDK is the client wherever it can be.
 */
import { Client } from "@hubspot/api-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startHubSpotEmulator, type HubSpotEmulator } from "./emulator";

let hs: HubSpotEmulator;
let client: Client;
const PAT = { authorization: "Bearer pat-sandbox-0000", "content-type": "application/json" };

const control = (path: string, method: string, body?: unknown) =>
  fetch(hs.url + path, { method, headers: { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
const api = (path: string, init: RequestInit = {}) => fetch(hs.url + path, { ...init, headers: { ...PAT, ...(init.headers ?? {}) } });

async function apiError(p: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: number; body: unknown; headers: Record<string, string> };
    return { code: err.code, body: (typeof err.body === "string" ? JSON.parse(err.body) : err.body) as Record<string, unknown>, headers: err.headers };
  }
  throw new Error("expected ApiException");
}

beforeAll(async () => {
  hs = await startHubSpotEmulator({ port: 0, seed: { seed: 42, companies: 50, deals: 200 }, rateLimits: false, webhookUrl: null });
  client = new Client({ accessToken: "pat-sandbox-0000", basePath: hs.url });
});
afterAll(() => hs.stop());
afterEach(async () => {
  await control("/_sandbox/faults", "DELETE");
  await control("/_sandbox/rate-limits", "POST", { enabled: false, tenSecondMax: 190, oauthTenSecondMax: 110, dailyMax: 625000, searchPerSecond: 5 });
});

describe("fault injection", () => {
  it.each([429, 500, 502, 503])("errorRates %i = 1 answers that status with a HubSpot body the SDK parses", async (status) => {
    expect((await control("/_sandbox/faults", "POST", { errorRates: { [status]: 1 } })).status).toBe(200);
    const err = await apiError(client.crm.deals.basicApi.getPage(1));
    expect(err.code).toBe(status);
    expect(err.body.status).toBe("error");
    if (status === 429) expect(err.body).toMatchObject({ errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" });
    const log = (await (await control("/_sandbox/requests?limit=5", "GET")).json()) as { status: number; fault?: string; path: string }[];
    expect(log.find((e) => e.path === "/crm/v3/objects/deals")).toMatchObject({ status, fault: `error:${status}` });
  });

  it("partial error rates hit roughly that share of matching requests only", async () => {
    await control("/_sandbox/faults", "POST", { errorRates: { "503": 0.3, "500": 0.2 }, pathPattern: "^/crm/v3/objects/companies", methods: ["GET"] });
    const statuses = await Promise.all(Array.from({ length: 300 }, () => api("/crm/v3/objects/companies?limit=1").then((r) => r.status)));
    const failed = statuses.filter((s) => s !== 200).length / statuses.length;
    expect(failed).toBeGreaterThan(0.35);
    expect(failed).toBeLessThan(0.65);
    expect(new Set(statuses)).toEqual(new Set([200, 500, 503]));
    expect((await api("/crm/v3/objects/deals?limit=1")).status).toBe(200);
  });

  it("latencyMs delays answers", async () => {
    await control("/_sandbox/faults", "POST", { latencyMs: 300 });
    const t = performance.now();
    await client.crm.deals.basicApi.getPage(1);
    expect(performance.now() - t).toBeGreaterThanOrEqual(295);
  });

  it("timeoutRate hangs without answering and performs no write", async () => {
    await control("/_sandbox/faults", "POST", { timeoutRate: 1, methods: ["POST"] });
    const before = ((await (await control("/_sandbox/state", "GET")).json()) as { companies: number }).companies;
    const outcome = await api("/crm/v3/objects/companies", { method: "POST", body: JSON.stringify({ properties: { name: "ハング株式会社" } }), signal: AbortSignal.timeout(800) }).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.name,
    );
    expect(outcome).toBe("TimeoutError");
    await control("/_sandbox/faults", "DELETE");
    expect(((await (await control("/_sandbox/state", "GET")).json()) as { companies: number }).companies).toBe(before);
  });

  it("commitThenTimeoutRate performs the write, then never answers", async () => {
    await control("/_sandbox/faults", "POST", { commitThenTimeoutRate: 1, pathPattern: "/crm/v3/objects/companies$", methods: ["POST"] });
    const outcome = await api("/crm/v3/objects/companies", { method: "POST", body: JSON.stringify({ properties: { name: "コミット後タイムアウト株式会社" } }), signal: AbortSignal.timeout(800) }).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.name,
    );
    expect(outcome).toBe("TimeoutError");
    await control("/_sandbox/faults", "DELETE");
    const found = await client.crm.companies.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: "name", operator: "EQ" as never, value: "コミット後タイムアウト株式会社" }] }], limit: 5 });
    expect(found.total).toBe(1);
    const log = (await (await control("/_sandbox/requests?limit=50", "GET")).json()) as { method: string; path: string; status: number; fault?: string }[];
    expect(log.find((e) => e.fault === "commit-then-timeout")).toMatchObject({ method: "POST", status: 0 });
  });

  it("rejects an invalid fault config with 400 and shows the active one", async () => {
    expect((await control("/_sandbox/faults", "POST", { errorRates: { "200": 1 } })).status).toBe(400);
    await control("/_sandbox/faults", "POST", { latencyMs: 10, methods: ["GET"] });
    expect(await (await control("/_sandbox/faults", "GET")).json()).toEqual({ latencyMs: 10, methods: ["GET"] });
  });
});

describe("OAuth and tokens", () => {
  const redirectUri = "http://127.0.0.1:3000/api/integrations/hubspot/callback";

  it("authorize → code → token (SDK) → token info; refresh tokens are reusable", async () => {
    const page = await fetch(`${hs.url}/oauth/authorize?client_id=kakehashi-sandbox-client&redirect_uri=${encodeURIComponent(redirectUri)}&scope=crm.objects.deals.read%20oauth&state=xyz`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<form");
    const auth = await fetch(`${hs.url}/oauth/authorize?client_id=kakehashi-sandbox-client&redirect_uri=${encodeURIComponent(redirectUri)}&scope=oauth&state=xyz&auto=1`, { redirect: "manual" });
    expect(auth.status).toBe(302);
    const loc = new URL(auth.headers.get("location")!);
    expect(loc.origin + loc.pathname).toBe(redirectUri);
    expect(loc.searchParams.get("state")).toBe("xyz");
    const code = loc.searchParams.get("code")!;
    const tokens = await client.oauth.tokensApi.create("authorization_code", code, redirectUri, "kakehashi-sandbox-client", "kakehashi-sandbox-secret");
    expect(tokens).toMatchObject({ tokenType: "bearer", expiresIn: 1800 });
    const reuse = await apiError(client.oauth.tokensApi.create("authorization_code", code, redirectUri, "kakehashi-sandbox-client", "kakehashi-sandbox-secret"));
    expect(reuse.code).toBe(400);
    expect(reuse.body.status).toBe("BAD_AUTH_CODE");
    const info = await client.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info).toMatchObject({ hubId: 1000001, tokenType: "access", appId: 2000001 });
    expect(info.expiresIn).toBeGreaterThan(1700);
    const oauthClient = new Client({ accessToken: tokens.accessToken, basePath: hs.url });
    expect((await oauthClient.crm.deals.basicApi.getPage(1)).results).toHaveLength(1);
    const r1 = await client.oauth.tokensApi.create("refresh_token", undefined, undefined, "kakehashi-sandbox-client", "kakehashi-sandbox-secret", tokens.refreshToken);
    const r2 = await client.oauth.tokensApi.create("refresh_token", undefined, undefined, "kakehashi-sandbox-client", "kakehashi-sandbox-secret", tokens.refreshToken);
    expect(r1.refreshToken).toBe(tokens.refreshToken);
    expect(r2.accessToken).not.toBe(r1.accessToken);
    const badSecret = await apiError(client.oauth.tokensApi.create("refresh_token", undefined, undefined, "kakehashi-sandbox-client", "wrong", tokens.refreshToken));
    expect(badSecret.body.status).toBe("BAD_CLIENT_SECRET");
  });

  it("token expiry → 401 EXPIRED_AUTHENTICATION; refresh recovers", async () => {
    const t = (await (await control("/_sandbox/tokens", "POST")).json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(t.expires_in).toBe(1800);
    const c = new Client({ accessToken: t.access_token, basePath: hs.url });
    await c.crm.companies.basicApi.getPage(1);
    await control("/_sandbox/tokens/expire", "POST");
    const err = await apiError(c.crm.companies.basicApi.getPage(1));
    expect(err.code).toBe(401);
    expect(err.body).toMatchObject({ status: "error", category: "EXPIRED_AUTHENTICATION" });
    const fresh = await client.oauth.tokensApi.create("refresh_token", undefined, undefined, "kakehashi-sandbox-client", "kakehashi-sandbox-secret", t.refresh_token);
    expect((await new Client({ accessToken: fresh.accessToken, basePath: hs.url }).crm.companies.basicApi.getPage(1)).results).toHaveLength(1);
  });

  it("revocation → 401 on the API and BAD_REFRESH_TOKEN on refresh", async () => {
    const t = (await (await control("/_sandbox/tokens", "POST")).json()) as { access_token: string; refresh_token: string };
    await control("/_sandbox/tokens/revoke", "POST");
    const err = await apiError(new Client({ accessToken: t.access_token, basePath: hs.url }).crm.deals.basicApi.getPage(1));
    expect(err.code).toBe(401);
    expect(err.body.category).toBe("INVALID_AUTHENTICATION");
    const refresh = await apiError(client.oauth.tokensApi.create("refresh_token", undefined, undefined, "kakehashi-sandbox-client", "kakehashi-sandbox-secret", t.refresh_token));
    expect(refresh.code).toBe(400);
    expect(refresh.body.status).toBe("BAD_REFRESH_TOKEN");
    // The private-app token is unaffected (it does not expire and is not an OAuth grant).
    expect((await client.crm.deals.basicApi.getPage(1)).results).toHaveLength(1);
  });

  it("no or unknown token → 401 INVALID_AUTHENTICATION", async () => {
    const r = await fetch(`${hs.url}/crm/v3/objects/deals`);
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ status: "error", category: "INVALID_AUTHENTICATION", correlationId: expect.any(String) });
  });
});

describe("rate limits", () => {
  it("private app: X-HubSpot-RateLimit-* headers, then the TEN_SECONDLY_ROLLING 429 body", async () => {
    await control("/_sandbox/rate-limits", "POST", { enabled: true, tenSecondMax: 5 });
    const rs = [];
    for (let i = 0; i < 6; i++) rs.push(await api("/crm/v3/objects/deals?limit=1"));
    expect(rs.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(rs[0]!.headers.get("x-hubspot-ratelimit-max")).toBe("5");
    expect(rs[0]!.headers.get("x-hubspot-ratelimit-interval-milliseconds")).toBe("10000");
    expect(rs.slice(0, 5).map((r) => r.headers.get("x-hubspot-ratelimit-remaining"))).toEqual(["4", "3", "2", "1", "0"]);
    expect(rs[0]!.headers.get("x-hubspot-ratelimit-daily")).toBe("625000");
    expect(Number(rs[0]!.headers.get("x-hubspot-ratelimit-daily-remaining"))).toBeLessThan(625000);
    const limited = rs[5]!;
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({
      status: "error", message: "You have reached your ten_secondly_rolling limit.", errorType: "RATE_LIMIT",
      policyName: "TEN_SECONDLY_ROLLING", correlationId: expect.any(String), groupName: expect.any(String), requestId: expect.any(String),
    });
    const sdkErr = await apiError(client.crm.deals.basicApi.getPage(1));
    expect(sdkErr.code).toBe(429);
    expect(sdkErr.body.policyName).toBe("TEN_SECONDLY_ROLLING");
  });

  it("OAuth tokens get the 110/10 s budget and no daily headers", async () => {
    await control("/_sandbox/rate-limits", "POST", { enabled: true });
    const t = (await (await control("/_sandbox/tokens", "POST")).json()) as { access_token: string };
    const r = await fetch(`${hs.url}/crm/v3/objects/deals?limit=1`, { headers: { authorization: `Bearer ${t.access_token}` } });
    expect(r.headers.get("x-hubspot-ratelimit-max")).toBe("110");
    expect(r.headers.get("x-hubspot-ratelimit-daily")).toBeNull();
  });

  it("search has its own per-second limit (SECONDLY) and sends no rate-limit headers", async () => {
    await control("/_sandbox/rate-limits", "POST", { enabled: true });
    const body = JSON.stringify({ filterGroups: [], limit: 1 });
    const rs = await Promise.all(Array.from({ length: 7 }, () => api("/crm/v3/objects/deals/search", { method: "POST", body })));
    const statuses = rs.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBe(5);
    const limited = rs.find((r) => r.status === 429)!;
    expect(await limited.json()).toMatchObject({ message: "You have reached your secondly limit.", policyName: "SECONDLY", errorType: "RATE_LIMIT" });
    expect(rs.find((r) => r.status === 200)!.headers.get("x-hubspot-ratelimit-remaining")).toBeNull();
  });

  it("daily cap → DAILY policy", async () => {
    await control("/_sandbox/rate-limits", "POST", { enabled: true, dailyMax: 2 });
    await api("/crm/v3/objects/deals?limit=1");
    await api("/crm/v3/objects/deals?limit=1");
    const r = await api("/crm/v3/objects/deals?limit=1");
    expect(r.status).toBe(429);
    expect(await r.json()).toMatchObject({ policyName: "DAILY", message: "You have reached your daily limit." });
  });
});

describe("seed and inspection", () => {
  const snapshot = async () => {
    const deals = await client.crm.deals.getAll(100, undefined, ["dealname", "amount", "dealstage", "pipeline", "closedate", "hubspot_owner_id", "deal_currency_code", "hs_lastmodifieddate"]);
    const companies = await client.crm.companies.getAll(100, undefined, ["name", "domain", "corporate_number"]);
    const items = await client.crm.lineItems.basicApi.getPage(100, undefined, ["name", "price", "quantity", "hs_tax_rate"]);
    return JSON.stringify([deals.map((d) => [d.id, d.properties]), companies.map((c) => [c.id, c.properties]), items.results.map((i) => [i.id, i.properties])]);
  };

  it("same seed → same data; a different seed → different data", async () => {
    const seed = (s: number) => control("/_sandbox/seed", "POST", { seed: s, companies: 40, deals: 150, anchor: "2026-11-01T00:00:00+09:00" });
    expect((await seed(42)).status).toBe(200);
    const a = await snapshot();
    await seed(42);
    expect(await snapshot()).toBe(a);
    await seed(43);
    expect(await snapshot()).not.toBe(a);
  });

  it("seeds all stages of both pipelines, 10 % and 8 % line items, JPY and USD deals, 5–8 owners", async () => {
    const r = await control("/_sandbox/seed", "POST", { seed: 42 });
    const body = (await r.json()) as { state: Record<string, number>; durationMs: number };
    expect(body.state).toMatchObject({ companies: 200, deals: 1000 });
    expect(body.durationMs).toBeLessThan(2000);
    const deals = await client.crm.deals.getAll(100, undefined, ["dealstage", "pipeline", "deal_currency_code", "closedate", "createdate"]);
    const stages = new Set(deals.map((d) => d.properties.dealstage));
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll("deals");
    for (const p of pipelines.results) for (const s of p.stages) expect(stages.has(s.id)).toBe(true);
    const currencies = new Set(deals.map((d) => d.properties.deal_currency_code));
    expect(currencies).toEqual(new Set(["JPY", "USD"]));
    const created = deals.map((d) => Date.parse(d.properties.createdate as string));
    expect(Math.max(...created) - Math.min(...created)).toBeGreaterThan(300 * 86_400_000);
    const rates = await client.crm.lineItems.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: "hs_tax_rate", operator: "EQ" as never, value: "8" }] }], limit: 1 });
    expect(rates.total).toBeGreaterThan(0);
    const owners = await client.crm.owners.ownersApi.getPage();
    expect(owners.results.length).toBeGreaterThanOrEqual(5);
    const state = (await (await control("/_sandbox/state", "GET")).json()) as Record<string, number>;
    expect(state).toMatchObject({ companies: 200, deals: 1000, products: expect.any(Number), line_items: expect.any(Number) });
    expect(state.products).toBeGreaterThanOrEqual(10);
  });

  it("reset wipes all records", async () => {
    await control("/_sandbox/reset", "POST");
    expect(await (await control("/_sandbox/state", "GET")).json()).toMatchObject({ companies: 0, deals: 0, line_items: 0 });
    const log = (await (await control("/_sandbox/requests?limit=3", "GET")).json()) as Record<string, unknown>[];
    expect(log[0]).toEqual({ at: expect.any(String), method: expect.any(String), path: expect.any(String), query: expect.any(String), status: expect.any(Number), durationMs: expect.any(Number) });
  });
});
