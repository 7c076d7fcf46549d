/**
 * freee emulator behaviour: OAuth with company selection and single-use rotating refresh tokens, every fault mode
 * of the control API, rate limits (freee請求書 per-minute with headers, daily cap, the 403 excessive-access window),
 * paging caps, "acting as a person" (payments, cancel) and seed determinism / overlap. No database needed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createConformanceClient, type ConformanceClient } from "../conformance/conformance-client";
import { specsPresent } from "../conformance/openapi-validator";
import { generateCompanies } from "../core/companies";
import { isValidCorporateNumber } from "../core/corporate-number";
import { startFreeeEmulator, type FreeeEmulatorHandle } from "./index";

const C = 100001;
type Json = Record<string, unknown>;

// Every response is also validated against the official document (when present); statuses the document does not
// declare (429 on freee会計, 401/403/429 on Money Forward, injected 502/503) are provoked on purpose and skipped.
const specsOk = specsPresent(["freee-accounting", "freee-iv"]);
const clients = new Map<string, ConformanceClient>();
function clientFor(base: string): ConformanceClient {
  let c = clients.get(base);
  if (!c) {
    c = createConformanceClient(base, { enabled: specsOk, ignoreUndocumentedStatus: true });
    clients.set(base, c);
  }
  return c;
}

async function call(base: string, method: string, path: string, opts: { token?: string; json?: unknown; form?: Record<string, string>; signal?: AbortSignal } = {}) {
  const r = await clientFor(base).request(method, path, {
    ...(opts.token ? { token: opts.token } : {}),
    ...(opts.json !== undefined ? { json: opts.json } : {}),
    ...(opts.form ? { form: opts.form } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { status: r.status, headers: r.headers, text: r.text, json: (typeof r.body === "object" && r.body !== null ? r.body : undefined) as Json };
}

const creds = { client_id: "kakehashi-sandbox-client", client_secret: "kakehashi-sandbox-secret" };

describe("freee emulator behaviour", () => {
  let h: FreeeEmulatorHandle;
  let base: string;
  const freshToken = async () => (await call(base, "POST", "/_sandbox/tokens")).json as { access_token: string; refresh_token: string };

  beforeAll(async () => {
    h = await startFreeeEmulator({ port: 0, seed: { seed: 11, companies: 50, deals: 120 } });
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

  describe("OAuth", () => {
    it("authorize with company selection, exchange the code, rotate single-use refresh tokens, revoke", async () => {
      const redirect = "http://127.0.0.1:9/callback";
      const page = await call(base, "GET", `/public_api/authorize?response_type=code&client_id=${creds.client_id}&redirect_uri=${encodeURIComponent(redirect)}&state=xyz&prompt=select_company`);
      expect(page.status).toBe(200);
      expect(page.text).toContain("株式会社かけはしデモ");
      expect(page.text).toContain("かけはし商事株式会社");

      const auth = await call(base, "GET", `/public_api/authorize?response_type=code&client_id=${creds.client_id}&redirect_uri=${encodeURIComponent(redirect)}&state=xyz&prompt=select_company&company_id=100002`);
      expect(auth.status).toBe(302);
      const loc = new URL(auth.headers.get("location") as string);
      expect(loc.searchParams.get("state")).toBe("xyz");
      const code = loc.searchParams.get("code") as string;

      const tok = await call(base, "POST", "/public_api/token", { form: { ...creds, grant_type: "authorization_code", code, redirect_uri: redirect } });
      expect(tok.status).toBe(200);
      expect(tok.json).toMatchObject({ token_type: "bearer", expires_in: 21600, scope: "read write", company_id: "100002" });
      // A code is single use.
      const again = await call(base, "POST", "/public_api/token", { form: { ...creds, grant_type: "authorization_code", code, redirect_uri: redirect } });
      expect(again.status).toBe(401);
      expect(again.json.error).toBe("invalid_grant");

      const access1 = tok.json.access_token as string;
      const refresh1 = tok.json.refresh_token as string;
      // The token reaches only the selected company.
      expect((await call(base, "GET", "/api/1/companies", { token: access1 })).json).toMatchObject({ companies: [{ id: 100002 }] });
      expect((await call(base, "GET", `/api/1/partners?company_id=${C}`, { token: access1 })).status).toBe(403);

      const r2 = await call(base, "POST", "/public_api/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: refresh1 } });
      expect(r2.status).toBe(200);
      expect(r2.json.refresh_token).not.toBe(refresh1);
      // Reusing the old refresh token fails with freee's invalid_grant body; the old access token is dead too.
      const reuse = await call(base, "POST", "/public_api/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: refresh1 } });
      expect(reuse.status).toBe(401);
      expect(reuse.json).toEqual({ error: "invalid_grant", error_description: expect.stringContaining("認可グラント") });
      expect((await call(base, "GET", "/api/1/companies", { token: access1 })).status).toBe(401);
      const access2 = r2.json.access_token as string;
      expect((await call(base, "GET", "/api/1/companies", { token: access2 })).status).toBe(200);

      expect((await call(base, "POST", "/public_api/token", { form: { ...creds, client_secret: "wrong", grant_type: "refresh_token", refresh_token: r2.json.refresh_token as string } })).json.error).toBe("invalid_client");
      expect((await call(base, "POST", "/public_api/revoke", { form: { ...creds, token: r2.json.refresh_token as string } })).status).toBe(200);
      expect((await call(base, "GET", "/api/1/companies", { token: access2 })).status).toBe(401);
      expect((await call(base, "POST", "/public_api/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: r2.json.refresh_token as string } })).json.error).toBe("invalid_grant");
    });

    it("tokens/expire gives expired_access_token; tokens/revoke also kills refresh tokens", async () => {
      const t = await freshToken();
      await call(base, "POST", "/_sandbox/tokens/expire");
      const r = await call(base, "GET", `/api/1/partners?company_id=${C}`, { token: t.access_token });
      expect(r.status).toBe(401);
      expect(r.json.code).toBe("expired_access_token");
      const refreshed = await call(base, "POST", "/public_api/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: t.refresh_token } });
      expect(refreshed.status).toBe(200);
      await call(base, "POST", "/_sandbox/tokens/revoke");
      expect((await call(base, "GET", `/api/1/partners?company_id=${C}`, { token: refreshed.json.access_token as string })).status).toBe(401);
      const dead = await call(base, "POST", "/public_api/token", { form: { ...creds, grant_type: "refresh_token", refresh_token: refreshed.json.refresh_token as string } });
      expect(dead.status).toBe(401);
      expect(dead.json.error).toBe("invalid_grant");
    });
  });

  describe("faults", () => {
    it("errorRates answer with the product's own error bodies (500 JSON, 502 HTML, 429 with headers)", async () => {
      const { access_token: token } = await freshToken();
      await call(base, "POST", "/_sandbox/faults", { json: { errorRates: { "500": 1 }, pathPattern: "^/api/1/partners" } });
      const e500 = await call(base, "GET", `/api/1/partners?company_id=${C}`, { token });
      expect(e500.status).toBe(500);
      expect(e500.json).toMatchObject({ status_code: 500, errors: [{ type: "status" }] });
      // Not matching the pattern → unaffected.
      expect((await call(base, "GET", `/api/1/items?company_id=${C}`, { token })).status).toBe(200);

      await call(base, "POST", "/_sandbox/faults", { json: { errorRates: { "502": 1 } } });
      const e502 = await call(base, "GET", `/api/1/partners?company_id=${C}`, { token });
      expect(e502.status).toBe(502);
      expect(e502.headers.get("content-type")).toContain("text/html");

      await call(base, "POST", "/_sandbox/faults", { json: { errorRates: { "429": 1 }, pathPattern: "^/iv/" } });
      const e429 = await call(base, "GET", `/iv/invoices?company_id=${C}`, { token });
      expect(e429.status).toBe(429);
      expect(e429.headers.get("x-ratelimit-remaining-minute")).toBe("0");
      expect(e429.json).toMatchObject({ status_code: 429 });

      await call(base, "POST", "/_sandbox/faults", { json: { errorRates: { "503": 1 }, methods: ["POST"] } });
      expect((await call(base, "GET", `/api/1/partners?company_id=${C}`, { token })).status).toBe(200);
      const e503 = await call(base, "POST", "/api/1/partners", { token, json: { company_id: C, name: "障害テスト株式会社", code: "FLT-1" } });
      expect(e503.status).toBe(503);
      expect(e503.json).toMatchObject({ status_code: 503 });
      const log = (await call(base, "GET", "/_sandbox/requests?limit=1")).json as unknown as Json[];
      expect(log[0]).toMatchObject({ method: "POST", path: "/api/1/partners", status: 503, fault: "error:503" });
    });

    it("latencyMs delays the answer", async () => {
      const { access_token: token } = await freshToken();
      await call(base, "POST", "/_sandbox/faults", { json: { latencyMs: 300 } });
      const t0 = performance.now();
      expect((await call(base, "GET", `/api/1/items?company_id=${C}`, { token })).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
    });

    it("timeoutRate hangs without answering, and the write does not happen", async () => {
      const { access_token: token } = await freshToken();
      await call(base, "POST", "/_sandbox/faults", { json: { timeoutRate: 1, pathPattern: "^/api/1/partners$", methods: ["POST"] } });
      await expect(call(base, "POST", "/api/1/partners", { token, json: { company_id: C, name: "タイムアウト株式会社", code: "TMO-1" }, signal: AbortSignal.timeout(400) })).rejects.toThrow();
      await call(base, "DELETE", "/_sandbox/faults");
      const found = await call(base, "GET", `/api/1/partners?company_id=${C}&keyword=${encodeURIComponent("タイムアウト株式会社")}`, { token });
      expect((found.json.partners as Json[]).length).toBe(0);
    });

    it("commitThenTimeoutRate performs the write, then never answers", async () => {
      const { access_token: token } = await freshToken();
      await call(base, "POST", "/_sandbox/faults", { json: { commitThenTimeoutRate: 1, pathPattern: "^/iv/invoices$" } });
      const partners = await call(base, "GET", `/api/1/partners?company_id=${C}&limit=1`, { token });
      const partnerId = (partners.json.partners as Json[])[0]?.id;
      const body = {
        company_id: C, partner_id: partnerId, partner_title: "御中", invoice_number: "CTT-0001", billing_date: "2026-11-01",
        tax_entry_method: "out", tax_fraction: "omit", withholding_tax_entry_method: "out",
        lines: [{ description: "保守", quantity: 1, unit_price: "10000", tax_rate: 10 }],
      };
      await expect(call(base, "POST", "/iv/invoices", { token, json: body, signal: AbortSignal.timeout(400) })).rejects.toThrow();
      await call(base, "DELETE", "/_sandbox/faults");
      // The retry-safe lookup by our own reference finds the invoice that was committed.
      const found = await call(base, "GET", `/iv/invoices?company_id=${C}&invoice_number=CTT-0001`, { token });
      expect((found.json.invoices as Json[]).length).toBe(1);
      const log = (await call(base, "GET", "/_sandbox/requests?limit=5")).json as unknown as Json[];
      expect(log.some((e) => e.path === "/iv/invoices" && e.status === 0 && e.fault === "commit-then-timeout")).toBe(true);
    });
  });

  describe("rate limits", () => {
    it("freee請求書: 30 requests per minute, then 429 with X-Ratelimit headers; switching limits off lifts it", async () => {
      const { access_token: token } = await freshToken();
      await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true } }); // fresh counters
      let last = await call(base, "GET", `/iv/invoices?company_id=${C}&limit=1`, { token });
      expect(last.headers.get("x-ratelimit-limit-minute")).toBe("30");
      expect(last.headers.get("x-ratelimit-limit")).toBe("1500");
      expect(last.headers.get("x-ratelimit-limit-day")).toBe("3000");
      expect(last.headers.get("x-ratelimit-reset")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      // Keep calling until the first 429 (at most two windows' worth, should a minute boundary fall in between): the
      // call before it must have reported 0 remaining.
      let limited: Awaited<ReturnType<typeof call>> | null = null;
      for (let i = 1; i < 61 && !limited; i++) {
        const r = await call(base, "GET", `/iv/invoices?company_id=${C}&limit=1`, { token });
        if (r.status === 429) limited = r;
        else last = r;
      }
      expect(limited?.status).toBe(429);
      expect(last.headers.get("x-ratelimit-remaining-minute")).toBe("0");
      expect(limited?.json).toMatchObject({ status_code: 429 });
      expect(limited?.headers.get("x-ratelimit-remaining-minute")).toBe("0");
      // Accounting endpoints have their own (daily) budget.
      expect((await call(base, "GET", `/api/1/items?company_id=${C}`, { token })).status).toBe(200);
      await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: false } });
      for (let i = 0; i < 35; i++) expect((await call(base, "GET", `/iv/invoices?company_id=${C}&limit=1`, { token })).status).toBe(200);
    });

    it("freee請求書: the hourly budget is enforced too (lowered here to 3 an hour)", async () => {
      const { access_token: token } = await freshToken();
      await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true, ivPerMinute: 100, ivPerHour: 3 } });
      try {
        for (let i = 0; i < 3; i++) expect((await call(base, "GET", `/iv/invoices?company_id=${C}&limit=1`, { token })).status).toBe(200);
        const limited = await call(base, "GET", `/iv/invoices?company_id=${C}&limit=1`, { token });
        expect(limited.status).toBe(429);
        expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
        expect(limited.headers.get("x-ratelimit-limit")).toBe("3");
      } finally {
        await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true, ivPerMinute: 30, ivPerHour: 1500 } });
      }
    });

    it("daily cap per company answers 429 with the tooManyRequestsError body", async () => {
      const { access_token: token } = await freshToken();
      const company = h.state.companies.get(C);
      if (!company) throw new Error("no company");
      const saved = company.daily_limit;
      company.daily_limit = 5;
      try {
        await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true } });
        for (let i = 0; i < 5; i++) expect((await call(base, "GET", `/api/1/items?company_id=${C}`, { token })).status).toBe(200);
        const capped = await call(base, "GET", `/api/1/items?company_id=${C}`, { token });
        expect(capped.status).toBe(429);
        expect(capped.json).toMatchObject({ status_code: 429, meta: { limit: 5, remaining: 0, period: 86400 } });
        expect(capped.headers.get("x-ratelimit-remaining")).toBe("0");
      } finally {
        company.daily_limit = saved;
        await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true } });
      }
    });

    it("excessive access → 403 for the window, on both products; tripped automatically past the threshold", async () => {
      const { access_token: token } = await freshToken();
      await call(base, "POST", "/_sandbox/excessive-access", { json: { companyId: C, minutes: 10 } });
      const acc = await call(base, "GET", `/api/1/items?company_id=${C}`, { token });
      expect(acc.status).toBe(403);
      expect(acc.json.message).toContain("過度のアクセス");
      const iv = await call(base, "GET", `/iv/invoices?company_id=${C}`, { token });
      expect(iv.status).toBe(403);
      expect(iv.json).toMatchObject({ error: "access_denied" });
      // Past the threshold (lowered here to 10 a minute) the block trips by itself.
      await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true, excessivePerMinute: 10 } });
      let status = 0;
      for (let i = 0; i < 11; i++) status = (await call(base, "GET", `/api/1/items?company_id=${C}`, { token })).status;
      expect(status).toBe(403);
      await call(base, "POST", "/_sandbox/rate-limits", { json: { enabled: true, excessivePerMinute: 600 } });
      expect((await call(base, "GET", `/api/1/items?company_id=${C}`, { token })).status).toBe(200);
    });
  });

  describe("paging caps", () => {
    it("rejects limits above the documented maximum and offset+limit above 10,000 on freee請求書", async () => {
      const { access_token: token } = await freshToken();
      expect((await call(base, "GET", `/api/1/partners?company_id=${C}&limit=3000`, { token })).status).toBe(200);
      expect((await call(base, "GET", `/api/1/partners?company_id=${C}&limit=3001`, { token })).status).toBe(400);
      expect((await call(base, "GET", `/api/1/deals?company_id=${C}&limit=101`, { token })).status).toBe(400);
      expect((await call(base, "GET", `/api/1/wallet_txns?company_id=${C}&limit=101`, { token })).status).toBe(400);
      expect((await call(base, "GET", `/iv/invoices?company_id=${C}&limit=101`, { token })).status).toBe(400);
      expect((await call(base, "GET", `/iv/invoices?company_id=${C}&limit=100&offset=9900`, { token })).status).toBe(200);
      const over = await call(base, "GET", `/iv/invoices?company_id=${C}&limit=100&offset=9901`, { token });
      expect(over.status).toBe(400);
      expect(over.json).toMatchObject({ status_code: 400, errors: [{ type: "bad_request" }] });
    });

    it("offset paging visits every partner once; deals report meta.total_count", async () => {
      const { access_token: token } = await freshToken();
      const seen: number[] = [];
      for (let offset = 0; ; offset += 7) {
        const page = (await call(base, "GET", `/api/1/partners?company_id=${C}&limit=7&offset=${offset}`, { token })).json.partners as Json[];
        seen.push(...page.map((p) => p.id as number));
        if (page.length < 7) break;
      }
      expect(new Set(seen).size).toBe(seen.length);
      const all = (await call(base, "GET", `/api/1/partners?company_id=${C}&limit=3000`, { token })).json.partners as Json[];
      expect(seen).toEqual(all.map((p) => p.id));
      const deals = await call(base, "GET", `/api/1/deals?company_id=${C}&limit=5`, { token });
      expect((deals.json.deals as Json[]).length).toBe(5);
      expect((deals.json.meta as Json).total_count).toBe([...h.state.deals.values()].filter((d) => d.company_id === C).length);
    });
  });

  describe("acting as a person", () => {
    it("records full, partial and bank-fee-short payments and cancels invoices", async () => {
      const { access_token: token } = await freshToken();
      // Three invoices issued through the API now (the seed's mix of registered/unregistered invoices moves with the
      // seeding date, so the test does not count on it). A new invoice has no deal until 取引反映.
      const partners = (await call(base, "GET", `/api/1/partners?company_id=${C}&limit=3`, { token })).json.partners as Json[];
      const unpaid: Json[] = [];
      for (const [i, partner] of partners.entries()) {
        const created = await call(base, "POST", "/iv/invoices", {
          token,
          json: {
            company_id: C, partner_id: partner.id, partner_title: "御中", invoice_number: `PERSON-${i + 1}`, billing_date: "2026-11-01", payment_date: "2026-11-30",
            tax_entry_method: "out", tax_fraction: "omit", withholding_tax_entry_method: "out",
            lines: [{ description: "保守サポート", quantity: 1, unit_price: String(50_000 * (i + 1)), tax_rate: 10 }],
          },
        });
        expect(created.status).toBe(201);
        unpaid.push(created.json.invoice as Json);
      }
      expect(unpaid.map((inv) => [inv.deal_status, inv.payment_status])).toEqual(Array(3).fill(["unregistered", "unsettled"]));
      const [a, b, c] = unpaid as [Json, Json, Json];

      const full = await call(base, "POST", "/_sandbox/payments", { json: { invoiceId: a.id, kind: "full", date: "2026-11-25" } });
      expect(full.status).toBe(200);
      const invA = (await call(base, "GET", `/iv/invoices/${a.id}?company_id=${C}`, { token })).json.invoice as Json;
      expect(invA).toMatchObject({ payment_status: "settled", deal_status: "registered" });
      const dealA = (await call(base, "GET", `/api/1/deals/${invA.deal_id}?company_id=${C}`, { token })).json.deal as Json;
      expect(dealA).toMatchObject({ status: "settled", due_amount: 0, deal_origin_name: "freee請求書", amount: a.total_amount, ref_number: a.invoice_number });
      expect((dealA.payments as Json[])[0]).toMatchObject({ date: "2026-11-25", from_walletable_type: "bank_account", amount: a.total_amount });

      await call(base, "POST", "/_sandbox/payments", { json: { invoiceId: b.id, kind: "partial" } });
      const dealB = (await call(base, "GET", `/api/1/deals?company_id=${C}&limit=100&status=unsettled`, { token })).json.deals as Json[];
      const partial = dealB.find((d) => d.ref_number === b.invoice_number) as Json;
      expect(partial.due_amount).toBeGreaterThan(0);
      expect(partial.due_amount).toBeLessThan(b.total_amount as number);
      expect(((await call(base, "GET", `/iv/invoices/${b.id}?company_id=${C}`, { token })).json.invoice as Json).payment_status).toBe("unsettled");

      const fee = await call(base, "POST", "/_sandbox/payments", { json: { invoiceId: c.id, kind: "bank_fee_short" } });
      expect(fee.json.deal).toMatchObject({ status: "unsettled" });
      expect([440, 660, 770, 880]).toContain((fee.json.deal as Json).due_amount);
      // The arriving money is a bank line too.
      const txns = (await call(base, "GET", `/api/1/wallet_txns?company_id=${C}&limit=100&sort_type=created_at_desc`, { token })).json.wallet_txns as Json[];
      expect(txns[0]).toMatchObject({ entry_side: "income", amount: fee.json.paid, status: 2 });
      expect(String(txns[0]?.description)).toMatch(/^振込 /);

      const cancel = await call(base, "POST", `/_sandbox/invoices/${a.id}/cancel`);
      expect(cancel.status).toBe(200);
      const canceled = (await call(base, "GET", `/iv/invoices/${a.id}?company_id=${C}`, { token })).json.invoice as Json;
      expect(canceled).toMatchObject({ cancel_status: "canceled", deal_id: null, deal_status: "unregistered" });
      // Canceling deletes the linked deal.
      expect((await call(base, "GET", `/api/1/deals/${invA.deal_id}?company_id=${C}`, { token })).status).toBe(404);
    });
  });

  describe("seed", () => {
    it("same seed → same data; another seed → different data; reset empties", async () => {
      const other = await startFreeeEmulator({ port: 0, seed: { seed: 11, companies: 50, deals: 120 } });
      try {
        const t1 = (await freshToken()).access_token;
        const t2 = ((await call(other.url, "POST", "/_sandbox/tokens")).json as { access_token: string }).access_token;
        const snapshot = async (url: string, token: string) => ({
          partners: (await call(url, "GET", `/api/1/partners?company_id=${C}&limit=3000`, { token })).json,
          invoices: (await call(url, "GET", `/iv/invoices?company_id=${C}&limit=100&offset=0`, { token })).json,
        });
        // Compare against a pristine re-seed of the shared emulator (earlier tests changed it).
        await call(base, "POST", "/_sandbox/seed", { json: { seed: 11, companies: 50, deals: 120 } });
        const s1 = await snapshot(base, t1);
        const s2 = await snapshot(other.url, t2);
        expect(s1).toEqual(s2);
        await call(other.url, "POST", "/_sandbox/seed", { json: { seed: 12, companies: 50, deals: 120 } });
        expect(await snapshot(other.url, t2)).not.toEqual(s1);
        const reset = await call(other.url, "POST", "/_sandbox/reset");
        expect(reset.json.state).toMatchObject({ partners: 0, invoices: 0, deals: 0, companies: 2 });
      } finally {
        await other.stop();
      }
    });

    it("partners partly overlap the shared company list, with name variants, registration numbers and hard negatives", async () => {
      await call(base, "POST", "/_sandbox/seed", { json: { seed: 42, companies: 200, deals: 400 } });
      const { access_token: token } = await freshToken();
      const partners = (await call(base, "GET", `/api/1/partners?company_id=${C}&limit=3000`, { token })).json.partners as Json[];
      const canonical = generateCompanies(42, 200);
      const byLong = new Map(canonical.map((c) => [c.name, c]));
      const overlapping = partners.filter((p) => byLong.has(p.long_name as string) && !canonical.some((c) => c.name !== p.long_name && (p.name as string).startsWith(c.name)));
      const share = overlapping.length / 200;
      expect(share).toBeGreaterThan(0.5);
      expect(share).toBeLessThan(0.7);
      const variants = overlapping.filter((p) => p.name !== p.long_name);
      expect(variants.length).toBeGreaterThan(overlapping.length * 0.4);
      expect(partners.length - overlapping.length).toBeGreaterThanOrEqual(30); // accounting-only + hard negatives
      const hardNegatives = partners.filter((p) => p.name_kana === null && canonical.some((c) => (p.name as string) !== c.name && (p.name as string).includes(c.name.replace(/株式会社|有限会社|合同会社|合資会社/g, ""))));
      expect(hardNegatives.length).toBeGreaterThanOrEqual(2);
      const withT = partners.filter((p) => typeof p.invoice_registration_number === "string");
      expect(withT.length).toBeGreaterThan(50);
      for (const p of withT) {
        expect(p.qualified_invoice_issuer).toBe(true);
        expect(isValidCorporateNumber((p.invoice_registration_number as string).slice(1))).toBe(true);
      }
      const state = (await call(base, "GET", "/_sandbox/state")).json;
      expect(state.invoices).toBe(100);
      const statuses = new Set(((await call(base, "GET", `/iv/invoices?company_id=${C}&limit=100`, { token })).json.invoices as Json[]).map((i) => `${i.payment_status}/${i.deal_status}`));
      expect(statuses.has("settled/registered")).toBe(true);
      expect(statuses.has("unsettled/registered")).toBe(true);
      expect(statuses.has("unsettled/unregistered")).toBe(true);
    });
  });
});
