import { describe, expect, it } from "vitest";
import { FreeeProvider } from "@/lib/integrations/freee/client";
import { AccountingError } from "./errors";

/** Retry policy of BaseProvider, driven through the freee client with a scripted fetch. */
type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | "timeout";

function scriptedFetch(script: Scripted[]) {
  const calls: { method: string; url: string; auth: string | null }[] = [];
  const impl: typeof fetch = async (input, init) => {
    calls.push({ method: init?.method ?? "GET", url: String(input), auth: new Headers(init?.headers).get("authorization") });
    const next = script.shift() ?? { status: 200, body: { partners: [] } };
    if (next === "timeout") {
      // Behave like an aborted request: wait for the abort signal.
      await new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    }
    const n = next as Exclude<Scripted, "timeout">;
    return new Response(n.body === undefined ? "" : JSON.stringify(n.body), { status: n.status, headers: { "content-type": "application/json", ...(n.headers ?? {}) } });
  };
  return { calls, impl };
}

function provider(script: Scripted[], extra: { tokens?: string[] } = {}) {
  const f = scriptedFetch(script);
  const tokens = [...(extra.tokens ?? ["t1", "t2", "t3"])];
  let current = tokens.shift() ?? "t";
  let refreshes = 0;
  const sleeps: number[] = [];
  const p = new FreeeProvider({
    baseUrl: "http://freee.test",
    companyId: 100001,
    fetch: f.impl,
    timeoutMs: 50,
    maxRetries: 3,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    tokens: {
      getAccessToken: async () => current,
      forceRefresh: async () => {
        refreshes++;
        current = tokens.shift() ?? current;
        return current;
      },
    },
  });
  return { p, calls: f.calls, sleeps, refreshes: () => refreshes };
}

const draft = {
  ourReference: "KH-1",
  partnerId: "1",
  billingDate: "2026-11-30",
  subject: "s",
  taxEntry: "exclusive" as const,
  rounding: "floor" as const,
  lines: [{ description: "d", quantity: 1, unitPrice: 100, taxRate: 10 as const }],
};

describe("BaseProvider retry policy", () => {
  it("reads retry 5xx and timeouts with backoff", async () => {
    const { p, calls, sleeps } = provider([{ status: 503, body: { status_code: 503, errors: [] } }, "timeout", { status: 200, body: { partners: [] } }]);
    const page = await p.listPartners();
    expect(page.items).toEqual([]);
    expect(calls).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("a write that timed out is NOT retried: maybeCommitted, so the caller looks it up first", async () => {
    const { p, calls } = provider(["timeout", { status: 201, body: {} }]);
    const error = await p.createInvoice(draft).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountingError);
    expect(error).toMatchObject({ code: "timeout", maybeCommitted: true });
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("a write refused with 429 (nothing written) is retried after the announced reset", async () => {
    const reset = new Date(Date.now() + 5_000).toISOString();
    const created = { invoice: { id: 9, company_id: 100001, invoice_number: "KH-1", billing_date: "2026-11-30", total_amount: 110, report_url: "u" } };
    const { p, calls, sleeps } = provider([{ status: 429, body: { status_code: 429, errors: [] }, headers: { "X-Ratelimit-Reset-Minute": reset } }, { status: 201, body: created }]);
    const out = await p.createInvoice(draft);
    expect(out).toMatchObject({ providerInvoiceId: "9", invoiceNumber: "KH-1", totalAmount: 110 });
    expect(calls).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(4_000);
  });

  it("a 400 is a validation error with the provider's messages, never retried", async () => {
    const { p, calls } = provider([{ status: 400, body: { status_code: 400, errors: [{ type: "bad_request", messages: ["partner_id が不正です。"] }] } }]);
    const error = (await p.createInvoice(draft).catch((e: unknown) => e)) as AccountingError;
    expect(error.code).toBe("validation");
    expect(error.providerMessages).toEqual(["partner_id が不正です。"]);
    expect(error.kind).toBe("validation");
    expect(calls).toHaveLength(1);
  });

  it("a 401 refreshes the token once and replays with the new one; a second 401 is thrown", async () => {
    const unauthorized = { status: 401, body: { code: "expired_access_token", message: "expired" } };
    const a = provider([unauthorized, { status: 200, body: { partners: [] } }]);
    await a.p.listPartners();
    expect(a.refreshes()).toBe(1);
    expect(a.calls.map((c) => c.auth)).toEqual(["Bearer t1", "Bearer t2"]);
    const b = provider([unauthorized, unauthorized]);
    await expect(b.p.listPartners()).rejects.toMatchObject({ code: "unauthorized" });
    expect(b.refreshes()).toBe(1);
  });

  it("freee's excessive-access 403 is thrown at once with a ~10 minute wait", async () => {
    const { p, calls } = provider([{ status: 403, body: { code: "excessive_access", message: "一定期間に過度のアクセスを検知したため、APIアクセスを制限しています。" } }]);
    await expect(p.listPartners()).rejects.toMatchObject({ code: "excessive_access", kind: "rate_limit" });
    expect(calls).toHaveLength(1);
    const error = (await provider([{ status: 403, body: { code: "excessive_access", message: "x" } }]).p.listPartners().catch((e: unknown) => e)) as AccountingError;
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(10 * 60_000);
  });

  it("an HTML gateway error is a retryable server error, not a JSON parse crash", async () => {
    const f = provider([{ status: 502 }, { status: 200, body: { partners: [] } }]);
    await f.p.listPartners();
    expect(f.calls).toHaveLength(2);
  });
});
