/**
 * Money Forward emulator behaviour: OAuth (consent, PKCE, single-use rotating refresh tokens, revoke), fault modes,
 * 429 throttling of writes, per_page cap, "acting as a person" (payments, cancel) and seed determinism / overlap.
 */
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createConformanceClient, type ConformanceClient } from "../conformance/conformance-client";
import { specsPresent } from "../conformance/openapi-validator";
import { generateCompanies } from "../core/companies";
import { startMoneyForwardEmulator, type MoneyForwardEmulatorHandle } from "./index";

type Json = Record<string, unknown>;

// Every response is also validated against the official document (when present); statuses the document does not
// declare (429 on freee会計, 401/403/429 on Money Forward, injected 502/503) are provoked on purpose and skipped.
const specsOk = specsPresent(["moneyforward"]);
const clients = new Map<string, ConformanceClient>();
function clientFor(base: string): ConformanceClient {
  let c = clients.get(base);
  if (!c) {
    c = createConformanceClient(base, { enabled: specsOk, ignoreUndocumentedStatus: true });
    clients.set(base, c);
  }
  return c;
}

async function call(base: string, method: string, path: string, opts: { token?: string; json?: unknown; form?: Record<string, string>; basic?: string; signal?: AbortSignal } = {}) {
  const r = await clientFor(base).request(method, path, {
    ...(opts.token ? { token: opts.token } : {}),
    ...(opts.json !== undefined ? { json: opts.json } : {}),
    ...(opts.form ? { form: opts.form } : {}),
    ...(opts.basic ? { headers: { authorization: `Basic ${Buffer.from(opts.basic).toString("base64")}` } } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { status: r.status, headers: r.headers, text: r.text, json: (typeof r.body === "object" && r.body !== null ? r.body : undefined) as Json };
}

const creds = { client_id: "kakehashi-sandbox-client", client_secret: "kakehashi-sandbox-secret" };

describe("Money Forward emulator behaviour", () => {
  let h: MoneyForwardEmulatorHandle;
  let base: string;
  const token = async () => ((await call(base, "POST", "/_sandbox/tokens")).json as { access_token: string }).access_token;

  beforeAll(async () => {
    h = await startMoneyForwardEmulator({ port: 0, seed: { seed: 3, companies: 50, deals: 150 } });
    base = h.url;
  });
  afterAll(async () => {
    await h.stop();
    for (const c of clients.values()) c.assertNoViolations();
    if (specsOk) expect([...clients.values()].reduce((n, c) => n + c.checked.length, 0)).toBeGreaterThan(20);
  });
  afterEach(async () => {
    await call(base, "DELETE", "/_sandbox/faults");
    await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true } });
  });

  it("OAuth: consent, PKCE code exchange, rotating single-use refresh tokens, revoke", async () => {
    const redirect = "http://localhost:9/callback";
    const verifier = "kakehashi-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const qs = new URLSearchParams({ response_type: "code", client_id: creds.client_id, redirect_uri: redirect, scope: "mfc/invoice/data.read mfc/invoice/data.write", state: "s1", code_challenge: challenge, code_challenge_method: "S256" });
    const consent = await call(base, "GET", `/authorize?${qs}`);
    expect(consent.status).toBe(200);
    expect(consent.text).toContain("許可する");
    qs.set("auto", "1");
    const redirected = await call(base, "GET", `/authorize?${qs}`);
    expect(redirected.status).toBe(302);
    const loc = new URL(redirected.headers.get("location") as string);
    expect(loc.searchParams.get("state")).toBe("s1");
    const code = loc.searchParams.get("code") as string;
    const badPkce = await call(base, "POST", "/token", { basic: `${creds.client_id}:${creds.client_secret}`, form: { grant_type: "authorization_code", code, redirect_uri: redirect, code_verifier: "wrong" } });
    expect(badPkce.status).toBe(400);
    expect(badPkce.json.error).toBe("invalid_grant");

    // The failed attempt consumed the code: start again.
    const again = new URL((await call(base, "GET", `/authorize?${qs}`)).headers.get("location") as string).searchParams.get("code") as string;
    const tok = await call(base, "POST", "/token", { basic: `${creds.client_id}:${creds.client_secret}`, form: { grant_type: "authorization_code", code: again, redirect_uri: redirect, code_verifier: verifier } });
    expect(tok.status).toBe(200);
    expect(tok.json).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "mfc/invoice/data.read mfc/invoice/data.write" });
    expect((await call(base, "GET", "/api/v3/office", { token: tok.json.access_token as string })).status).toBe(200);

    const r1 = tok.json.refresh_token as string;
    const next = await call(base, "POST", "/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: r1 } });
    expect(next.status).toBe(200);
    expect(next.json.refresh_token).not.toBe(r1);
    const reuse = await call(base, "POST", "/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: r1 } });
    expect(reuse.status).toBe(400);
    expect(reuse.json.error).toBe("invalid_grant");
    expect((await call(base, "POST", "/token", { form: { ...creds, grant_type: "client_credentials" } })).json.error).toBe("unsupported_grant_type");

    await call(base, "POST", "/revoke", { form: { ...creds, token: next.json.access_token as string } });
    expect((await call(base, "GET", "/api/v3/office", { token: next.json.access_token as string })).status).toBe(401);
    expect((await call(base, "POST", "/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: next.json.refresh_token as string } })).json.error).toBe("invalid_grant");

    // A read-only grant cannot write.
    const ro = new URLSearchParams({ response_type: "code", client_id: creds.client_id, redirect_uri: redirect, scope: "mfc/invoice/data.read", auto: "1" });
    const roCode = new URL((await call(base, "GET", `/authorize?${ro}`)).headers.get("location") as string).searchParams.get("code") as string;
    const roTok = (await call(base, "POST", "/token", { form: { ...creds, grant_type: "authorization_code", code: roCode, redirect_uri: redirect } })).json.access_token as string;
    expect((await call(base, "GET", "/api/v3/partners", { token: roTok })).status).toBe(200);
    expect((await call(base, "POST", "/api/v3/items", { token: roTok, json: { name: "x", excise: "ten_percent" } })).status).toBe(403);
  });

  it("tokens/expire → 401; tokens/revoke also kills refresh tokens", async () => {
    const t = (await call(base, "POST", "/_sandbox/tokens")).json as { access_token: string; refresh_token: string };
    await call(base, "POST", "/_sandbox/tokens/expire");
    const r = await call(base, "GET", "/api/v3/partners", { token: t.access_token });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ errors: [{ code: "token_expired" }] });
    await call(base, "POST", "/_sandbox/tokens/revoke");
    expect((await call(base, "POST", "/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: t.refresh_token } })).json.error).toBe("invalid_grant");
  });

  it("faults: injected errors, latency, timeout and commit-then-timeout", async () => {
    const t = await token();
    await call(base, "POST", "/_sandbox/faults", { json: { errorRates: { "503": 1 }, pathPattern: "^/api/v3/billings" } });
    const e = await call(base, "GET", "/api/v3/billings", { token: t });
    expect(e.status).toBe(503);
    expect((await call(base, "GET", "/api/v3/partners", { token: t })).status).toBe(200);
    await call(base, "POST", "/_sandbox/faults", { json: { errorRates: { "429": 1 } } });
    expect((await call(base, "GET", "/api/v3/partners", { token: t })).status).toBe(429);

    await call(base, "POST", "/_sandbox/faults", { json: { latencyMs: 250 } });
    const t0 = performance.now();
    await call(base, "GET", "/api/v3/office", { token: t });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(230);

    await call(base, "DELETE", "/_sandbox/faults");
    const partner = ((await call(base, "GET", "/api/v3/partners?per_page=1", { token: t })).json.data as Json[])[0] as Json;
    const deptId = ((partner.departments as Json[])[0] as Json).id;

    await call(base, "POST", "/_sandbox/faults", { json: { timeoutRate: 1 } });
    await expect(call(base, "GET", "/api/v3/office", { token: t, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const log = (await call(base, "GET", "/_sandbox/requests?limit=1")).json as unknown as Json[];
    expect(log[0]).toMatchObject({ path: "/api/v3/office", status: 0, fault: "timeout" });
    await call(base, "POST", "/_sandbox/faults", { json: { commitThenTimeoutRate: 1, pathPattern: "invoice_template_billings" } });
    await expect(
      call(base, "POST", "/api/v3/invoice_template_billings", { token: t, json: { department_id: deptId, billing_date: "2026-11-01", due_date: "2026-11-30", billing_number: "CTT-MF-1", items: [{ name: "保守", price: 1000, quantity: 1, excise: "ten_percent" }] }, signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    await call(base, "DELETE", "/_sandbox/faults");
    const found = await call(base, "GET", "/api/v3/billings?document_number=CTT-MF-1", { token: t });
    expect((found.json.data as Json[]).length).toBe(1);
  });

  it("429 beyond 3 writes per second; reads unaffected; switching limits off lifts it", async () => {
    const t = await token();
    await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(base, "POST", "/api/v3/items", { token: t, json: { name: `連打${i}`, excise: "ten_percent" } })).status);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(4);
    const limited = await call(base, "POST", "/api/v3/items", { token: t, json: { name: "連打x", excise: "ten_percent" } });
    if (limited.status === 429) expect(limited.json).toMatchObject({ errors: [{ code: "too_many_requests" }] });
    expect(statuses).toContain(429);
    expect((await call(base, "GET", "/api/v3/items", { token: t })).status).toBe(200);
    await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: false } });
    for (let i = 0; i < 6; i++) expect((await call(base, "POST", "/api/v3/items", { token: t, json: { name: `無制限${i}`, excise: "ten_percent" } })).status).toBe(201);
  });

  it("paging: per_page max 100, pagination totals add up", async () => {
    const t = await token();
    expect((await call(base, "GET", "/api/v3/billings?per_page=101", { token: t })).status).toBe(400);
    expect((await call(base, "GET", "/api/v3/partners?page=0", { token: t })).status).toBe(400);
    const first = await call(base, "GET", "/api/v3/partners?per_page=7", { token: t });
    const pg = first.json.pagination as { total_count: number; total_pages: number };
    const ids: string[] = [];
    for (let p = 1; p <= pg.total_pages; p++) ids.push(...((await call(base, "GET", `/api/v3/partners?per_page=7&page=${p}`, { token: t })).json.data as Json[]).map((x) => x.id as string));
    expect(ids.length).toBe(pg.total_count);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("acting as a person: payments set payment_status, cancel deletes the billing", async () => {
    const t = await token();
    const unpaid = ((await call(base, "GET", "/api/v3/billings?per_page=100", { token: t })).json.data as Json[]).filter((b) => b.payment_status !== "入金済み");
    const [a, b, c] = unpaid as [Json, Json, Json];
    const full = await call(base, "POST", "/_sandbox/payments", { json: { billingId: a.id, kind: "full" } });
    expect(full.json.received).toBe(Number(a.total_price));
    expect(((await call(base, "GET", `/api/v3/billings/${a.id}`, { token: t })).json).payment_status).toBe("入金済み");
    await call(base, "POST", "/_sandbox/payments", { json: { billingId: b.id, kind: "partial" } });
    expect(((await call(base, "GET", `/api/v3/billings/${b.id}`, { token: t })).json).payment_status).toBe("未入金");
    const fee = await call(base, "POST", "/_sandbox/payments", { json: { billingId: c.id, kind: "bank_fee_short" } });
    expect(Number(c.total_price) - (fee.json.received as number)).toBeGreaterThanOrEqual(440);
    await call(base, "POST", `/_sandbox/billings/${c.id}/cancel`);
    expect((await call(base, "GET", `/api/v3/billings/${c.id}`, { token: t })).status).toBe(404);
  });

  it("seed: same seed → same data, partners overlap the shared companies, every partner can be billed", async () => {
    const other = await startMoneyForwardEmulator({ port: 0, seed: { seed: 3, companies: 50, deals: 150 } });
    try {
      await call(base, "POST", "/_sandbox/seed", { json: { seed: 3, companies: 50, deals: 150 } });
      const t1 = await token();
      const t2 = ((await call(other.url, "POST", "/_sandbox/tokens")).json as { access_token: string }).access_token;
      const snap = async (url: string, tk: string) => [
        (await call(url, "GET", "/api/v3/partners?per_page=100", { token: tk })).json,
        (await call(url, "GET", "/api/v3/billings?per_page=100", { token: tk })).json,
      ];
      const s1 = await snap(base, t1);
      expect(await snap(other.url, t2)).toEqual(s1);
      await call(other.url, "POST", "/_sandbox/seed", { json: { seed: 4, companies: 50, deals: 150 } });
      expect(await snap(other.url, t2)).not.toEqual(s1);
    } finally {
      await other.stop();
    }
    await call(base, "POST", "/_sandbox/seed", { json: { seed: 42, companies: 200, deals: 500 } });
    const t = await token();
    const partners: Json[] = [];
    for (let p = 1; ; p++) {
      const r = await call(base, "GET", `/api/v3/partners?per_page=100&page=${p}`, { token: t });
      partners.push(...(r.json.data as Json[]));
      if (p >= (r.json.pagination as { total_pages: number }).total_pages) break;
    }
    const canonical = generateCompanies(42, 200);
    const kanas = new Set(canonical.map((c) => c.kana));
    const overlapping = partners.filter((p) => kanas.has(p.name_kana as string));
    expect(overlapping.length / 200).toBeGreaterThan(0.5);
    expect(overlapping.length / 200).toBeLessThan(0.7);
    const exact = new Set(canonical.map((c) => c.name));
    expect(overlapping.filter((p) => !exact.has(p.name as string)).length).toBeGreaterThan(overlapping.length * 0.4);
    expect(partners.every((p) => (p.departments as Json[]).length >= 1)).toBe(true);
    expect(partners.some((p) => String(((p.departments as Json[])[0] as Json).peppol_id).startsWith("0221:T"))).toBe(true);
    const state = (await call(base, "GET", "/_sandbox/state")).json;
    expect(state.billings).toBe(100);
  });
});
