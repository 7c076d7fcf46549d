import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConnectionById } from "@/db/queries/accounting";
import { accountingInvoices, accountingPartners, accountingPayments, alertEvents, connections, syncFailures, type Connection } from "@/db/schema";
import { getAccountingProvider, type AccountingProviderDeps } from "@/lib/integrations/accounting";
import { AccountingError } from "@/lib/integrations/accounting/errors";
import type { RequestGate } from "@/lib/integrations/accounting/types";
import { resetConnectionLimiters } from "@/lib/integrations/rate-limit";
import { startFreeeEmulator, startMoneyForwardEmulator } from "@/test/sandbox";
import { openTestDb, truncateAll } from "@/test/db";
import { saveAccountingConnection } from "./connect-accounting";
import { isThrottled } from "./run-accounting-sync";
import { syncAccounting } from "./sync-accounting";

type FreeeHandle = Awaited<ReturnType<typeof startFreeeEmulator>>;
type MfHandle = Awaited<ReturnType<typeof startMoneyForwardEmulator>>;

const { db, close } = openTestDb();
let freee: FreeeHandle;
let mf: MfHandle;

/** Counts requests to the token endpoint: the proof that concurrent callers share ONE refresh. */
let tokenCalls = 0;
const countingFetch: typeof fetch = async (input, init) => {
  if (String(input).includes("/public_api/token") || String(input).endsWith("/token")) tokenCalls++;
  return fetch(input, init);
};

/** A gate that records the waits the client asked for instead of waiting them out (429 storm, excessive access). */
function recordingGate(): RequestGate & { penalties: number[] } {
  const penalties: number[] = [];
  return { penalties, acquire: async () => () => {}, penalise: (_key, ms) => void penalties.push(ms) };
}

async function control(url: string, path: string, body?: unknown, method = "POST"): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

async function connectFreee(): Promise<Connection> {
  const t = (await control(freee.url, "/_sandbox/tokens")) as { access_token: string; refresh_token: string; expires_in: number };
  return saveAccountingConnection(db, {
    provider: "freee",
    externalAccountId: "100001",
    externalAccountName: "株式会社かけはしデモ",
    tokens: { accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in },
    actor: "system",
  });
}

function freeeProvider(connection: Connection, extra: Partial<AccountingProviderDeps> = {}) {
  return getAccountingProvider(connection, { db, apiBaseUrl: freee.url, authBaseUrl: freee.url, fetch: countingFetch, sleep: async () => {}, ...extra });
}

beforeAll(async () => {
  freee = await startFreeeEmulator({ port: 0 });
  mf = await startMoneyForwardEmulator({ port: 0 });
});

afterAll(async () => {
  await freee?.stop();
  await mf?.stop();
  await close();
});

beforeEach(async () => {
  await truncateAll(db);
  await control(freee.url, "/_sandbox/reset");
  await control(freee.url, "/_sandbox/seed", { seed: 42 });
  await control(freee.url, "/_sandbox/faults", undefined, "DELETE");
  resetConnectionLimiters();
  tokenCalls = 0;
});

const companyInvoices = () => [...freee.state.invoices.values()].filter((i) => i.company_id === 100001);

describe("freee accounting sync", () => {
  it("mirrors partners, invoices and settlement from the emulator", async () => {
    const connection = await connectFreee();
    const summary = await syncAccounting({ db, connection, provider: freeeProvider(connection), mode: "full" });
    expect(summary.objects.map((o) => o.error ?? "ok")).toEqual(["ok", "ok", "ok"]);

    const partnerCount = [...freee.state.partners.values()].filter((p) => p.company_id === 100001 && !p.archived).length;
    const [{ n: partners }] = (await db.select({ n: sql<number>`count(*)::int` }).from(accountingPartners)) as [{ n: number }];
    expect(partners).toBe(partnerCount);
    const [{ n: invoices }] = (await db.select({ n: sql<number>`count(*)::int` }).from(accountingInvoices)) as [{ n: number }];
    expect(invoices).toBe(companyInvoices().length);

    // Every settled deal in the emulator shows as paid with its full amount; payments mirrored with yen amounts.
    const settled = companyInvoices().filter((i) => i.deal_id && i.cancel_status !== "canceled" && freee.state.deals.get(i.deal_id)?.payments.length && i.payment_status === "settled");
    expect(settled.length).toBeGreaterThan(0);
    const rows = await db.select().from(accountingInvoices).where(eq(accountingInvoices.paymentStatus, "paid"));
    expect(rows.length).toBe(settled.length);
    for (const r of rows) expect(r.paidAmount).toBe(r.totalAmount);
    // Paid before we first saw them (the list row already says settled): the payment date is read all the same,
    // or the board could never show them under "paid" in the month the money came in.
    for (const r of rows) {
      const deal = freee.state.deals.get(companyInvoices().find((i) => String(i.id) === r.id)!.deal_id!)!;
      expect({ id: r.id, lastPaidOn: r.lastPaidOn }).toEqual({ id: r.id, lastPaidOn: deal.payments.map((x) => x.date).sort().at(-1) });
    }
    const [{ n: payments }] = (await db.select({ n: sql<number>`count(*)::int` }).from(accountingPayments)) as [{ n: number }];
    expect(payments).toBeGreaterThan(0);
    const cursor = await db.execute(sql`select phase, record_count from sync_cursors where object = 'accounting.invoices'`);
    expect(cursor[0]).toMatchObject({ phase: "incremental" });
  });

  it("reflects full, partial and bank-fee-short payments", async () => {
    const connection = await connectFreee();
    await syncAccounting({ db, connection, provider: freeeProvider(connection), mode: "full" });
    const recent = companyInvoices()
      .filter((i) => !i.deal_id && i.cancel_status === "uncanceled" && i.payment_status === "unsettled")
      .sort((a, b) => (a.billing_date < b.billing_date ? 1 : -1))
      .slice(0, 3);
    expect(recent.length).toBe(3);
    const [full, partial, short] = recent as [(typeof recent)[0], (typeof recent)[0], (typeof recent)[0]];
    await control(freee.url, "/_sandbox/payments", { invoiceId: full.id, kind: "full" });
    const p = (await control(freee.url, "/_sandbox/payments", { invoiceId: partial.id, kind: "partial" })) as { paid: number };
    const s = (await control(freee.url, "/_sandbox/payments", { invoiceId: short.id, kind: "bank_fee_short" })) as { paid: number };

    await syncAccounting({ db, connection, provider: freeeProvider(connection), mode: "incremental" });
    const get = async (id: number) => (await db.select().from(accountingInvoices).where(eq(accountingInvoices.id, String(id))))[0];
    const f = await get(full.id);
    expect(f).toMatchObject({ paymentStatus: "paid" });
    expect(f?.paidAmount).toBe(f?.totalAmount);
    const pa = await get(partial.id);
    expect(pa).toMatchObject({ paymentStatus: "partially_paid", paidAmount: p.paid });
    const sh = await get(short.id);
    expect(sh).toMatchObject({ paymentStatus: "partially_paid", paidAmount: s.paid });
    // A bank fee (振込手数料) of ¥440–880 is missing: not paid, and the shortfall is visible.
    expect([440, 660, 770, 880]).toContain((sh?.totalAmount ?? 0) - s.paid);
    const pays = await db.select().from(accountingPayments).where(eq(accountingPayments.invoiceId, String(short.id)));
    expect(pays.map((x) => x.amount)).toEqual([s.paid]);
  });

  it("the frequent due-date run picks up a payment on an overdue invoice with a handful of requests", async () => {
    const connection = await connectFreee();
    await syncAccounting({ db, connection, provider: freeeProvider(connection), mode: "full" });
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const lookback = new Date(Date.now() + 9 * 3600_000 - 100 * 86_400_000).toISOString().slice(0, 10);
    const overdue = companyInvoices().find((i) => i.cancel_status === "uncanceled" && i.payment_status === "unsettled" && i.payment_date !== null && i.payment_date < today && i.payment_date > lookback);
    expect(overdue, "the seed has an overdue unpaid invoice").toBeTruthy();
    await control(freee.url, "/_sandbox/payments", { invoiceId: overdue!.id, kind: "full" });
    const apiRequests = async () => ((await control(freee.url, "/_sandbox/requests?limit=10000", undefined, "GET")) as { path: string }[]).filter((r) => !r.path.startsWith("/_sandbox")).length;
    const before = await apiRequests();
    const summary = await syncAccounting({ db, connection, provider: freeeProvider(connection), mode: "due" });
    expect(summary.objects).toEqual([expect.objectContaining({ object: "settlements" })]);
    expect((await apiRequests()) - before).toBeLessThanOrEqual(6);
    const [row] = await db.select().from(accountingInvoices).where(eq(accountingInvoices.id, String(overdue!.id)));
    expect(row).toMatchObject({ paymentStatus: "paid" });
    expect(row?.paidAmount).toBe(row?.totalAmount);
  });

  it("two jobs needing a refresh at once use ONE refresh of the rotating token", async () => {
    const connection = await connectFreee();
    // Both "processes" see a token about to expire.
    await db.update(connections).set({ accessTokenExpiresAt: new Date(Date.now() + 10_000) }).where(eq(connections.id, connection.id));
    const a = freeeProvider(connection);
    const b = freeeProvider(connection);
    const [ra, rb] = await Promise.all([a.listPartners(null, { pageSize: 5 }), b.listPartners(null, { pageSize: 5 })]);
    expect(ra.items.length).toBe(5);
    expect(rb.items.length).toBe(5);
    expect(tokenCalls).toBe(1);
    const row = await getConnectionById(db, connection.id);
    expect(row?.status).toBe("active");
    expect(row?.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 5 * 3600_000);
    // The stored refresh token is the NEW one: a later refresh still works (the old one is single-use and spent).
    await db.update(connections).set({ accessTokenExpiresAt: new Date(Date.now() - 1000) }).where(eq(connections.id, connection.id));
    await freeeProvider(connection).listPartners(null, { pageSize: 1 });
    expect(tokenCalls).toBe(2);
  });

  it("a token rejected by freee (401) is refreshed once and the call succeeds", async () => {
    const connection = await connectFreee();
    await control(freee.url, "/_sandbox/tokens/expire");
    const page = await freeeProvider(connection).listPartners(null, { pageSize: 2 });
    expect(page.items.length).toBe(2);
    expect(tokenCalls).toBe(1);
  });

  it("a revoked grant marks the connection reauthorize and alerts once", async () => {
    const connection = await connectFreee();
    await control(freee.url, "/_sandbox/tokens/revoke");
    const s1 = await syncAccounting({ db, connection, provider: freeeProvider(connection), mode: "incremental" });
    expect(s1.stoppedBy).toBe("reauthorize");
    const row = await getConnectionById(db, connection.id);
    expect(row?.status).toBe("reauthorize");
    // A second job (e.g. another sync) finds the connection paused: no new refresh, no second alert.
    const s2 = await syncAccounting({ db, connection, provider: freeeProvider(connection), mode: "incremental" });
    expect(s2.stoppedBy).toBe("reauthorize");
    const alerts = await db.select().from(alertEvents).where(eq(alertEvents.kind, "connection.reauthorize"));
    expect(alerts.length).toBe(1);
    expect(tokenCalls).toBe(1);
  });

  it("honours 429s: the storm is waited out with the reset the provider announced, nothing is lost", async () => {
    const connection = await connectFreee();
    await control(freee.url, "/_sandbox/faults", { errorRates: { "429": 0.4 }, pathPattern: "^/iv/invoices" });
    const gate = recordingGate();
    const summary = await syncAccounting({ db, connection, provider: freeeProvider(connection, { gate, maxRetries: 12 }), mode: "full", objects: ["invoices"] });
    expect(summary.objects[0]?.error).toBeUndefined();
    expect(gate.penalties.length).toBeGreaterThan(0);
    // The injected 429 announces the next minute boundary: waits are up to a minute, never zero.
    for (const ms of gate.penalties) expect(ms).toBeGreaterThan(0);
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(accountingInvoices)) as [{ n: number }];
    expect(n).toBe(companyInvoices().length);
  });

  it("honours freee's 403 excessive-access window: stops at once and later runs wait", async () => {
    const connection = await connectFreee();
    await control(freee.url, "/_sandbox/excessive-access", { minutes: 10 });
    const apiRequests = async () => ((await control(freee.url, "/_sandbox/requests?limit=10000", undefined, "GET")) as { path: string }[]).filter((r) => !r.path.startsWith("/_sandbox")).length;
    const before = await apiRequests();
    const gate = recordingGate();
    const summary = await syncAccounting({ db, connection, provider: freeeProvider(connection, { gate }), mode: "full" });
    expect(summary.stoppedBy).toBe("throttled");
    const after = await apiRequests();
    // One request met the block; the client neither retried it nor went on with other objects.
    expect(after - before).toBe(1);
    expect(gate.penalties[0]).toBeGreaterThanOrEqual(10 * 60_000);
    expect(await isThrottled(db, connection.id)).toBe(true);
    expect(await isThrottled(db, connection.id, new Date(Date.now() + 12 * 60_000))).toBe(false);
    const failures = await db.select().from(syncFailures).where(and(eq(syncFailures.connectionId, connection.id)));
    expect(failures.length).toBe(1);
  });

  it("posts an invoice exactly once across a commit-then-timeout", async () => {
    const connection = await connectFreee();
    const provider = freeeProvider(connection, { timeoutMs: 800 });
    const partner = await provider.upsertPartner({ code: "HS-9001", name: "株式会社テスト商事" });
    const again = await provider.upsertPartner({ code: "HS-9001", name: "株式会社テスト商事" });
    expect(again.partnerId).toBe(partner.partnerId);
    expect([partner.created, again.created]).toEqual([true, false]);
    await control(freee.url, "/_sandbox/faults", { commitThenTimeoutRate: 1, pathPattern: "^/iv/invoices$", methods: ["POST"] });
    const draft = {
      ourReference: "KH-TEST-0001",
      partnerId: partner.partnerId,
      billingDate: "2026-11-30",
      dueDate: "2026-12-31",
      subject: "テスト請求",
      taxEntry: "exclusive" as const,
      rounding: "floor" as const,
      lines: [{ description: "作業費", quantity: 3, unitPrice: 105, taxRate: 10 as const }],
    };
    const error = await provider.createInvoice(draft).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountingError);
    expect((error as AccountingError).maybeCommitted).toBe(true);
    await control(freee.url, "/_sandbox/faults", undefined, "DELETE");
    const found = await provider.findInvoiceByReference("KH-TEST-0001", { partnerId: partner.partnerId, billingDate: "2026-11-30" });
    expect(found?.invoiceNumber).toBe("KH-TEST-0001");
    // ¥105 × 3 = ¥315, 10 % once per invoice, floor → ¥31.
    expect(found?.totalAmount).toBe(346);
    expect(companyInvoices().filter((i) => i.memo.includes("KH-TEST-0001")).length).toBe(1);
    expect(await provider.findInvoiceByReference("KH-NOPE")).toBeNull();
  });
});

describe("Money Forward sync", () => {
  it("parses string amounts into integer yen and maps Japanese payment statuses", async () => {
    await control(mf.url, "/_sandbox/reset");
    await control(mf.url, "/_sandbox/seed", { seed: 42 });
    const t = (await control(mf.url, "/_sandbox/tokens")) as { access_token: string; refresh_token: string; expires_in: number };
    const connection = await saveAccountingConnection(db, {
      provider: "moneyforward",
      externalAccountId: "office",
      externalAccountName: "MF",
      tokens: { accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in },
      actor: "system",
    });
    const provider = getAccountingProvider(connection, { db, apiBaseUrl: mf.url, authBaseUrl: mf.url, sleep: async () => {} });
    const check = await provider.checkConnection();
    expect(check.ok).toBe(true);
    const billings = [...mf.state.billings.values()];
    const one = billings[0] as (typeof billings)[0];
    await control(mf.url, "/_sandbox/payments", { billingId: one.id, kind: "full" });
    const summary = await syncAccounting({ db, connection, provider, mode: "full" });
    expect(summary.objects.map((o) => o.error ?? "ok")).toEqual(["ok", "ok", "ok"]);
    const rows = await db.select().from(accountingInvoices);
    expect(rows.length).toBe(billings.length);
    for (const r of rows) {
      expect(Number.isInteger(r.totalAmount)).toBe(true);
      expect(r.totalAmount).toBeGreaterThan(0);
    }
    const paid = rows.find((r) => r.id === one.id);
    expect(paid).toMatchObject({ paymentStatus: "paid" });
    expect(paid?.paidAmount).toBe(paid?.totalAmount);
    const partners = await db.select().from(accountingPartners);
    expect(partners.filter((p) => p.departmentId).length).toBeGreaterThan(0);
    // Partner upsert by code is idempotent and yields a department to bill.
    const a = await provider.upsertPartner({ code: "HS-1", name: "株式会社ＭＦテスト" });
    const b = await provider.upsertPartner({ code: "HS-1", name: "株式会社ＭＦテスト" });
    expect(b.partnerId).toBe(a.partnerId);
    expect(a.departmentId).toBeTruthy();
    const created = await provider.createInvoice({
      ourReference: "KH-MF-1",
      partnerId: a.partnerId,
      departmentId: a.departmentId,
      billingDate: "2026-11-30",
      dueDate: "2026-12-31",
      subject: "テスト",
      taxEntry: "exclusive",
      rounding: "floor",
      lines: [{ description: "作業費", quantity: 2, unitPrice: 50_000, taxRate: 10 }],
    });
    expect(created.totalAmount).toBe(110_000);
    expect((await provider.findInvoiceByReference("KH-MF-1"))?.providerInvoiceId).toBe(created.providerInvoiceId);
  });
});
