import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountingInvoices,
  accountingPayments,
  connections,
  crmCompanies,
  crmDeals,
  dealWonEvents,
  hubspotOwners,
  hubspotPipelines,
  hubspotStages,
  invoiceDrafts,
  mappingRuleVersions,
  syncCursors,
  type NewAccountingInvoiceRow,
} from "@/db/schema";
import { setSessionResolverForTests } from "@/lib/auth/session";
import { PERMISSIONS, ROLES, type Role } from "@/lib/auth/permissions";
import { openTestDb, truncateAll } from "@/test/db";
import { parseForecastFilters } from "./forecast-filters";
import { getCashForecast } from "./get-cash-forecast";
import type { ForecastData } from "./types";

/**
 * The SQL aggregation on real Postgres against figures worked out by hand from the seeded rows (below, deal by deal),
 * with the board's read model maintained by its triggers as in production. Today is Thursday 2026-12-03; the default
 * terms are 月末締め翌月末払い (next business day), company c2 has 20日締め翌月10日払い, tax-exclusive 10 % floor.
 */
const { db, close } = openTestDb();
const TODAY = "2026-12-03";

let hubspot = "";
let freee = "";
let mf = "";

type Deal = { id: string; owner: string; company: string; amount: number | null; stage: string; close: string | null; wonAt?: string };

const DEALS: Deal[] = [
  // D1 won, no draft: 1,100,000 cash, closes 12/31 → due 2027-01-31 (Sunday) → February.
  { id: "d1", owner: "1", company: "c1", amount: 1_000_000, stage: "closedwon", close: "2026-12-15", wonAt: "2026-12-15T10:00:00+09:00" },
  // D2 won, no draft, c2 terms: 12/20 → due 2027-01-10 (Sunday; 1/11 成人の日) → 2027-01-12: 550,000 in January.
  { id: "d2", owner: "2", company: "c2", amount: 500_000, stage: "closedwon", close: "2026-12-20", wonAt: "2026-12-01T00:30:00+09:00" },
  // D3 won, draft awaiting approval: its own total 880,000 and due 2027-01-04 → January.
  { id: "d3", owner: "1", company: "c1", amount: 800_000, stage: "closedwon", close: "2026-11-25", wonAt: "2026-11-30T23:59:00+09:00" },
  // D4 posted, unpaid 330,000 due 12/31 (bank holiday) → cash 2027-01-04: January, invoiced.
  { id: "d4", owner: "2", company: "c1", amount: 300_000, stage: "closedwon", close: "2026-11-10" },
  // D5 posted, 1,100,000 partly paid: 400,000 received 11/18; 700,000 overdue (due 11/20).
  { id: "d5", owner: "1", company: "c1", amount: 1_000_000, stage: "closedwon", close: "2026-10-05" },
  // D6 posted and paid 660,000 without payment rows or date: received on its due date 10/30 (estimated).
  { id: "d6", owner: "2", company: "c1", amount: 600_000, stage: "closedwon", close: "2026-09-10" },
  // D7 posted, not read back from freee yet (sync lag): 220,000 due 2027-02-26 → February, invoiced.
  { id: "d7", owner: "1", company: "c1", amount: 200_000, stage: "closedwon", close: "2026-12-01" },
  // D8 open 40 %: 2,200,000 cash → 880,000, closes 1/15 → due 2027-02-28 (Sunday) → March.
  { id: "d8", owner: "1", company: "c1", amount: 2_000_000, stage: "open40", close: "2027-01-15" },
  // D9 open 0 %: weighted 0, unweighted 1,100,000 in March.
  { id: "d9", owner: "2", company: "c1", amount: 1_000_000, stage: "open0", close: "2027-01-15" },
  // D10 open 100 %, c2 terms: 12/21 → closes 2027-01-20 → due 2027-02-10 → February, 1,100,000.
  { id: "d10", owner: "2", company: "c2", amount: 1_000_000, stage: "open100", close: "2026-12-21" },
  // D11 open without a close date: undated (weighted 220,000 of 550,000).
  { id: "d11", owner: "1", company: "c1", amount: 500_000, stage: "open40", close: null },
  // D12 lost: nowhere.
  { id: "d12", owner: "1", company: "c1", amount: 9_000_000, stage: "closedlost", close: "2026-12-10" },
  // D13 won in March, never invoiced: due 2026-04-30 is long past → left out as stale (770,000).
  { id: "d13", owner: "1", company: "c1", amount: 700_000, stage: "closedwon", close: "2026-03-01" },
  // D14 posted in June and never seen in the mirror since (deleted in freee): not cash any more.
  { id: "d14", owner: "1", company: "c1", amount: 300_000, stage: "closedwon", close: "2026-05-30" },
  // D15 won, its draft rejected: back to the deal — 440,000, 12/10 → due 2027-01-31 → February.
  { id: "d15", owner: "2", company: "c1", amount: 400_000, stage: "closedwon", close: "2026-12-10" },
  // D16 posted, the invoice cancelled in freee (to issue again): the deal — 110,000, 11/16 → due 12/31 → 2027-01-04.
  { id: "d16", owner: "2", company: "c1", amount: 100_000, stage: "closedwon", close: "2026-11-16" },
];

const invoice = (v: Partial<NewAccountingInvoiceRow> & { id: string; totalAmount: number }): NewAccountingInvoiceRow => ({
  connectionId: freee,
  billingDate: "2026-11-01",
  paymentStatus: "unpaid",
  paidAmount: 0,
  ...v,
});

async function seed(): Promise<void> {
  await truncateAll(db);
  const [h] = await db.insert(connections).values({ provider: "hubspot", authType: "oauth", externalAccountId: "4242" }).returning();
  const [f] = await db.insert(connections).values({ provider: "freee", authType: "oauth", externalAccountName: "テスト株式会社" }).returning();
  const [m] = await db.insert(connections).values({ provider: "moneyforward", authType: "oauth", externalAccountName: "MF テスト" }).returning();
  hubspot = h!.id;
  freee = f!.id;
  mf = m!.id;
  await db.insert(mappingRuleVersions).values({
    version: 1,
    rules: { accountingConnectionId: freee, companyPaymentTerms: [{ companyId: "c2", terms: { closingDay: 20, payMonthOffset: 1, payDay: 10, holidayShift: "next" } }] },
  });
  await db.insert(hubspotPipelines).values({ connectionId: hubspot, id: "default", label: "営業" });
  await db.insert(hubspotStages).values([
    { connectionId: hubspot, pipelineId: "default", id: "open0", label: "リード", kind: "open", probability: "0.0" },
    { connectionId: hubspot, pipelineId: "default", id: "open40", label: "提案", kind: "open", probability: "0.4" },
    { connectionId: hubspot, pipelineId: "default", id: "open100", label: "内示", kind: "open", probability: "1.0" },
    { connectionId: hubspot, pipelineId: "default", id: "closedwon", label: "受注", kind: "won", probability: "1.0", isClosed: true },
    { connectionId: hubspot, pipelineId: "default", id: "closedlost", label: "失注", kind: "lost", probability: "0.0", isClosed: true },
  ]);
  await db.insert(hubspotOwners).values([
    { connectionId: hubspot, id: "1", firstName: "一郎", lastName: "営業" },
    { connectionId: hubspot, id: "2", firstName: "二郎", lastName: "営業" },
  ]);
  await db.insert(crmCompanies).values([
    { connectionId: hubspot, id: "c1", name: "株式会社アルファ" },
    { connectionId: hubspot, id: "c2", name: "ベータ合同会社" },
  ]);
  await db.insert(crmDeals).values(
    DEALS.map((d) => ({
      connectionId: hubspot,
      id: d.id,
      name: `案件${d.id}`,
      amount: d.amount === null ? null : String(d.amount),
      amountYen: d.amount,
      currency: "JPY",
      pipelineId: "default",
      stageId: d.stage,
      closeDate: d.close,
      ownerId: d.owner,
      companyId: d.company,
      stageEnteredAt: new Date(d.wonAt ?? `${d.close ?? "2026-06-01"}T12:00:00+09:00`),
    })),
  );
  // Every won deal here was won while Kakehashi was connected: the sync recorded its entry (the board's membership).
  await db.insert(dealWonEvents).values(
    DEALS.filter((d) => d.stage === "closedwon").map((d) => ({ connectionId: hubspot, dealId: d.id, stageId: "closedwon", enteredAt: new Date(d.wonAt ?? `${d.close ?? "2026-06-01"}T12:00:00+09:00`), source: "full_sync" as const })),
  );
  const draft = (dealId: string, status: "draft" | "posted" | "rejected", total: number, due: string, providerInvoiceId: string | null, postedAt: string | null = null) => ({
    crmConnectionId: hubspot,
    dealId,
    status,
    accountingConnectionId: freee,
    provider: "freee",
    ownerId: DEALS.find((d) => d.id === dealId)!.owner,
    billingDate: "2026-11-01",
    dueDate: due,
    dueDateDerivation: {},
    subject: dealId,
    subtotal: total,
    tax: 0,
    total,
    taxSummary: [],
    draft: {},
    ourReference: `KKH-${dealId}`,
    providerInvoiceId,
    postedAt: postedAt ? new Date(postedAt) : null,
    ...(postedAt ? { createdAt: new Date(new Date(postedAt).getTime() - 2 * 86_400_000) } : {}),
  });
  await db.insert(invoiceDrafts).values([
    draft("d3", "draft", 880_000, "2027-01-04", null),
    draft("d4", "posted", 330_000, "2026-12-31", "inv-d4"),
    draft("d5", "posted", 1_100_000, "2026-11-20", "inv-d5"),
    draft("d6", "posted", 660_000, "2026-10-30", "inv-d6"),
    draft("d7", "posted", 220_000, "2027-02-26", "inv-d7", "2026-12-01T10:00:00+09:00"),
    draft("d14", "posted", 330_000, "2026-07-31", "inv-gone", "2026-06-01T10:00:00+09:00"),
    draft("d15", "rejected", 999_999, "2027-01-04", null),
    draft("d16", "posted", 110_000, "2026-12-31", "inv-d16", "2026-11-17T10:00:00+09:00"),
  ]);
  await db.insert(accountingInvoices).values([
    invoice({ id: "inv-d4", ourReference: "KKH-d4", dueDate: "2026-12-31", totalAmount: 330_000 }),
    invoice({ id: "inv-d5", ourReference: "KKH-d5", dueDate: "2026-11-20", totalAmount: 1_100_000, paymentStatus: "partially_paid", paidAmount: 400_000, lastPaidOn: "2026-11-18" }),
    invoice({ id: "inv-d6", ourReference: "KKH-d6", dueDate: "2026-10-30", totalAmount: 660_000, paymentStatus: "paid", paidAmount: 660_000 }),
    // Issued directly in freee (no deal): unpaid, due 2027-03-31 → March; and one paid on 12/1 with its payment row.
    invoice({ id: "manual-1", dueDate: "2027-03-31", totalAmount: 99_000 }),
    invoice({ id: "manual-2", dueDate: "2026-12-25", totalAmount: 100_000, paymentStatus: "paid", paidAmount: 100_000, lastPaidOn: "2026-12-01" }),
    // Cancelled: never cash.
    invoice({ id: "manual-3", dueDate: "2026-12-25", totalAmount: 5_000_000, paymentStatus: "cancelled" }),
    invoice({ id: "inv-d16", ourReference: "KKH-d16", dueDate: "2026-12-31", totalAmount: 110_000, paymentStatus: "cancelled" }),
    // Money Forward: 44,000 due Friday 2027-01-29 → January.
    invoice({ connectionId: mf, id: "mf-1", dueDate: "2027-01-29", totalAmount: 44_000 }),
  ]);
  await db.insert(accountingPayments).values([
    { connectionId: freee, id: "pay-d5", invoiceId: "inv-d5", paidOn: "2026-11-18", amount: 400_000 },
    { connectionId: freee, id: "pay-m2", invoiceId: "manual-2", paidOn: "2026-12-01", amount: 100_000 },
  ]);
  await db.insert(syncCursors).values({ connectionId: hubspot, object: "deals", phase: "incremental", lastSuccessAt: new Date("2026-12-03T00:00:00Z") });
}

type Row = { received: number; invoiced: number; overdue: number; won: number; pipeline: number; pipelineUnweighted: number };
const zero: Row = { received: 0, invoiced: 0, overdue: 0, won: 0, pipeline: 0, pipelineUnweighted: 0 };

/** Non-zero periods only, as {key: figures}. */
function figures(f: ForecastData): Record<string, Row> {
  const out: Record<string, Row> = {};
  for (const p of f.periods) {
    const row: Row = { received: p.received, invoiced: p.invoiced, overdue: p.overdue, won: p.won, pipeline: p.pipeline, pipelineUnweighted: p.pipelineUnweighted };
    if (Object.values(row).some((v) => v !== 0)) out[p.key] = row;
  }
  return out;
}

const run = (query: Record<string, string> = {}) => getCashForecast(db, parseForecastFilters(query), { today: TODAY });

beforeAll(seed);
afterAll(async () => {
  setSessionResolverForTests(null);
  await truncateAll(db);
  await close();
});

describe("cash forecast on real Postgres", () => {
  it("every tier lands in the hand-computed month", async () => {
    const f = await run();
    expect(f.periods.map((p) => p.key)).toEqual(["2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05"]);
    expect(figures(f)).toEqual({
      "2026-10": { ...zero, received: 660_000 },
      "2026-11": { ...zero, received: 400_000 },
      "2026-12": { ...zero, received: 100_000, overdue: 700_000 },
      "2027-01": { ...zero, invoiced: 330_000 + 44_000, won: 550_000 + 880_000 + 110_000 },
      "2027-02": { ...zero, invoiced: 220_000, won: 1_100_000 + 440_000, pipeline: 1_100_000, pipelineUnweighted: 1_100_000 },
      "2027-03": { ...zero, invoiced: 99_000, pipeline: 880_000, pipelineUnweighted: 2_200_000 + 1_100_000 },
    });
    expect(f.totals).toEqual({
      received: 1_160_000,
      invoiced: 693_000,
      overdue: 700_000,
      won: 3_080_000,
      pipeline: 1_980_000,
      pipelineUnweighted: 4_400_000,
      total: 7_613_000,
      // Received: d6 (estimated), d5's payment, manual-2's payment; invoiced: d4, mf-1, d7 (unmirrored), manual-1.
      counts: { received: 3, invoiced: 4, overdue: 1, won: 5, pipeline: 3 },
    });
    expect(f.periods.at(-1)!.cumulative).toBe(7_613_000);
    expect(f.notes.staleWon).toEqual({ amount: 770_000, count: 1 });
    expect(f.notes.undatedPipeline).toEqual({ amount: 220_000, count: 1, unweighted: 550_000 });
    expect(f.notes.estimatedReceived).toEqual({ amount: 660_000, count: 1 });
    expect(f.notes.overdueAging).toEqual({ upTo30: 700_000, upTo90: 0, over90: 0 });
    // Won this month = deals whose won moment is in December JST: d1 12/15, d2 12/1 00:30 JST, d7 12/1, d15 12/10 — not d3 at
    // 11/30 23:59 JST (14:59 UTC). Nothing else is expected in December: the month's due dates fall on 12/31, a bank holiday.
    expect(f.thisMonth).toEqual({ month: "2026-12", received: 100_000, expected: 0, overdue: 700_000, won: { amount: 2_100_000, count: 4 } });
    expect(f.basis).toMatchObject({ taxEntry: "exclusive", defaultTaxRate: 10, companyTermsCount: 1, defaultTarget: { id: freee, provider: "freee" } });
    expect(f.dataAsOf.map((s) => s.provider)).toContain("hubspot");
  });

  it("owner filter: only that owner's deals and the invoices posted for them", async () => {
    const f = await run({ owner: "1" });
    expect(figures(f)).toEqual({
      "2026-11": { ...zero, received: 400_000 },
      "2026-12": { ...zero, overdue: 700_000 },
      "2027-01": { ...zero, won: 880_000 },
      "2027-02": { ...zero, invoiced: 220_000, won: 1_100_000 },
      "2027-03": { ...zero, pipeline: 880_000, pipelineUnweighted: 2_200_000 },
    });
  });

  it("accounting target: Money Forward holds one invoice; deals would go to freee", async () => {
    expect(figures(await run({ target: "moneyforward" }))).toEqual({ "2027-01": { ...zero, invoiced: 44_000 } });
    const byId = await run({ target: freee });
    expect(byId.totals).toMatchObject({ received: 1_160_000, invoiced: 693_000 - 44_000, won: 3_080_000, pipeline: 1_980_000 });
    expect(figures(await run({ target: mf }))).toEqual({ "2027-01": { ...zero, invoiced: 44_000 } });
  });

  it("pipeline filter, pipeline left out, and the week view", async () => {
    expect((await run({ pipeline: "other" })).totals).toMatchObject({ won: 0, pipeline: 0, received: 0 });
    const without = await run({ open: "0" });
    expect(without.totals).toMatchObject({ pipeline: 0, pipelineUnweighted: 0, won: 3_080_000 });
    const weeks = await run({ view: "week" });
    expect(weeks.periods).toHaveLength(17);
    const current = weeks.periods.find((p) => p.position === "current")!;
    expect(current).toMatchObject({ key: "2026-11-30", received: 100_000, overdue: 700_000 });
    // 2027-01-04 (Monday) week: D4 on 1/4, D3's draft due 1/4 and D16 re-planned to 12/31 → 1/4.
    expect(weeks.periods.find((p) => p.key === "2027-01-04")).toMatchObject({ invoiced: 330_000, won: 880_000 + 110_000 });
    expect(weeks.thisMonth.received).toBe(100_000);
  });

  it("GET /api/forecast: allowed roles get the forecast, others 403, signed out 401", async () => {
    const { GET } = await import("@/app/api/forecast/route");
    const call = () => GET(new Request("http://localhost/api/forecast?view=week"), { params: Promise.resolve({}) });
    for (const role of ROLES) {
      setSessionResolverForTests(async () => ({ id: "00000000-0000-4000-8000-000000000001", email: `${role}@test.local`, name: role, roles: [role], hubspotOwnerId: null, locale: "ja" }));
      const response = await call();
      const allowed = (PERMISSIONS["forecast.view"] as readonly Role[]).includes(role);
      expect({ role, status: response.status }).toEqual({ role, status: allowed ? 200 : 403 });
      if (allowed) expect(((await response.json()) as ForecastData).periods).toHaveLength(17);
    }
    expect(PERMISSIONS["forecast.view"]).not.toContain("sales");
    setSessionResolverForTests(async () => null);
    expect((await call()).status).toBe(401);
  });
});
