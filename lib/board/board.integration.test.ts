import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { accountingInvoices, connections, crmCompanies, crmDeals, dealWonEvents, hubspotOwners, hubspotPipelines, hubspotStages, invoiceDrafts, syncCursors, syncFailures, users } from "@/db/schema";
import { openTestDb, truncateAll } from "@/test/db";
import { parseBoardFilters } from "./board-filters";
import { classifyDeal } from "./classify-deal";
import { getBoard, getColumnPage, getDealTimeline, type BoardViewer } from "./get-board";
import { BOARD_COLUMNS, type DraftStatus, type PaymentStatus } from "./types";

const { db, close } = openTestDb();
afterAll(async () => {
  await truncateAll(db);
  await close();
});

const today = "2026-11-27";
const executive: BoardViewer = { roles: ["executive"], hubspotOwnerId: null };

type DealSpec = {
  id: string;
  owner: string;
  company: string;
  amount: number | null;
  stage?: string;
  draft?: { status: DraftStatus; total: number; due: string; invoice?: { status: PaymentStatus; due: string; total: number; paid: number; paidOn: string | null } };
  /** Won before the connection, outside the backfill window: the sync recorded no entry, and it was billed by hand. */
  wonBeforeKakehashi?: true;
};

// One deal per case the board must tell apart.
const SPECS: DealSpec[] = [
  { id: "101", owner: "1", company: "c1", amount: 500_000 },
  { id: "102", owner: "1", company: "c1", amount: 600_000, draft: { status: "draft", total: 660_000, due: "2026-12-31" } },
  { id: "103", owner: "2", company: "c2", amount: 700_000, draft: { status: "blocked", total: 770_000, due: "2026-12-31" } },
  { id: "104", owner: "2", company: "c2", amount: 800_000, draft: { status: "post_failed", total: 880_000, due: "2026-12-31" } },
  { id: "105", owner: "1", company: "c3", amount: 900_000, draft: { status: "posted", total: 990_000, due: "2026-12-31", invoice: { status: "unpaid", due: "2026-12-31", total: 990_000, paid: 0, paidOn: null } } },
  { id: "106", owner: "2", company: "c3", amount: 1_000_000, draft: { status: "posted", total: 1_100_000, due: "2026-10-31", invoice: { status: "unpaid", due: "2026-10-31", total: 1_100_000, paid: 0, paidOn: null } } },
  { id: "107", owner: "1", company: "c1", amount: 1_200_000, draft: { status: "posted", total: 1_320_000, due: today, invoice: { status: "partially_paid", due: today, total: 1_320_000, paid: 320_000, paidOn: "2026-11-20" } } },
  { id: "108", owner: "2", company: "c2", amount: 2_000_000, draft: { status: "posted", total: 2_200_000, due: "2026-11-30", invoice: { status: "paid", due: "2026-11-30", total: 2_200_000, paid: 2_200_000, paidOn: "2026-11-10" } } },
  { id: "109", owner: "1", company: "c3", amount: 3_000_000, draft: { status: "posted", total: 3_300_000, due: "2026-09-30", invoice: { status: "paid", due: "2026-09-30", total: 3_300_000, paid: 3_300_000, paidOn: "2026-09-15" } } },
  { id: "110", owner: "1", company: "c1", amount: 400_000, draft: { status: "posted", total: 440_000, due: "2026-12-31", invoice: { status: "cancelled", due: "2026-12-31", total: 440_000, paid: 0, paidOn: null } } },
  { id: "111", owner: "2", company: "c2", amount: 999_000, stage: "closedlost" },
  { id: "112", owner: "1", company: "c1", amount: 123_000, stage: "open1" },
  { id: "113", owner: "2", company: "c3", amount: 2_000_000, wonBeforeKakehashi: true },
];

let hubspot = "";
let freee = "";

async function seed(): Promise<void> {
  await truncateAll(db);
  const [h] = await db.insert(connections).values({ provider: "hubspot", authType: "oauth", externalAccountId: "4242" }).returning();
  const [f] = await db.insert(connections).values({ provider: "freee", authType: "oauth", externalAccountName: "テスト株式会社" }).returning();
  hubspot = h!.id;
  freee = f!.id;
  await db.insert(hubspotPipelines).values({ connectionId: hubspot, id: "default", label: "営業" });
  await db.insert(hubspotStages).values([
    { connectionId: hubspot, pipelineId: "default", id: "open1", label: "提案", kind: "open" },
    { connectionId: hubspot, pipelineId: "default", id: "closedwon", label: "受注", kind: "won", isClosed: true },
    { connectionId: hubspot, pipelineId: "default", id: "closedlost", label: "失注", kind: "lost", isClosed: true },
  ]);
  await db.insert(hubspotOwners).values([
    { connectionId: hubspot, id: "1", email: "one@example.jp", firstName: "一郎", lastName: "営業" },
    { connectionId: hubspot, id: "2", email: "two@example.jp", firstName: "二郎", lastName: "営業" },
  ]);
  await db.insert(crmCompanies).values([
    { connectionId: hubspot, id: "c1", name: "株式会社アルファ" },
    { connectionId: hubspot, id: "c2", name: "ベータ合同会社" },
    { connectionId: hubspot, id: "c3", name: "有限会社ガンマ" },
  ]);
  await db.insert(crmDeals).values(
    SPECS.map((s, i) => ({
      connectionId: hubspot,
      id: s.id,
      name: `案件${s.id}`,
      amountYen: s.amount,
      currency: "JPY",
      pipelineId: "default",
      stageId: s.stage ?? "closedwon",
      closeDate: "2026-09-01",
      stageEnteredAt: new Date(Date.UTC(2026, 8, 1 + i)),
      ownerId: s.owner,
      companyId: s.company,
    })),
  );
  // The sync records each entry into won (deal_won_events) as it upserts the deal; history before it has none.
  await db.insert(dealWonEvents).values(
    SPECS.flatMap((s, i) =>
      (s.stage ?? "closedwon") === "closedwon" && !s.wonBeforeKakehashi ? [{ connectionId: hubspot, dealId: s.id, stageId: "closedwon", enteredAt: new Date(Date.UTC(2026, 8, 1 + i)), source: "full_sync" as const }] : [],
    ),
  );
  for (const s of SPECS.filter((x) => x.draft)) {
    const d = s.draft!;
    await db.insert(invoiceDrafts).values({
      crmConnectionId: hubspot,
      dealId: s.id,
      status: d.status,
      accountingConnectionId: freee,
      provider: "freee",
      ownerId: s.owner,
      billingDate: "2026-09-30",
      dueDate: d.due,
      dueDateDerivation: {},
      subject: `案件${s.id}`,
      subtotal: d.total,
      tax: 0,
      total: d.total,
      taxSummary: [],
      issues: d.status === "blocked" ? [{ code: "missing_partner", severity: "blocking", ja: "取引先が未設定です", en: "No partner", action: null, lineKey: null, details: {} }] : [],
      draft: {},
      ourReference: `KKH-T${s.id}`,
      providerInvoiceId: d.invoice ? `inv-${s.id}` : null,
      invoiceNumber: d.invoice ? `INV-${s.id}` : null,
      lastPostError: d.status === "post_failed" ? "freee 400: partner_id is invalid" : null,
      postedAt: d.status === "posted" ? new Date("2026-09-30T01:00:00Z") : null,
    });
    if (d.invoice) {
      await db.insert(accountingInvoices).values({
        connectionId: freee,
        id: `inv-${s.id}`,
        invoiceNumber: `INV-${s.id}`,
        ourReference: `KKH-T${s.id}`,
        billingDate: "2026-09-30",
        dueDate: d.invoice.due,
        totalAmount: d.invoice.total,
        paymentStatus: d.invoice.status,
        paidAmount: d.invoice.paid,
        lastPaidOn: d.invoice.paidOn,
        url: `https://invoice.example/inv-${s.id}`,
      });
    }
  }
  await db.insert(syncCursors).values({ connectionId: hubspot, object: "deals", phase: "incremental", lastSuccessAt: new Date("2026-11-27T00:00:00Z") });
}

/** The board, computed independently: the pure rule over the raw specs. */
function expectedColumns(paid: { from: string; to: string }, pick: (s: DealSpec) => boolean = () => true) {
  const out = Object.fromEntries(BOARD_COLUMNS.map((c) => [c, { count: 0, total: 0, ids: [] as string[] }]));
  for (const s of SPECS.filter((x) => (x.stage ?? "closedwon") === "closedwon" && !x.wonBeforeKakehashi && pick(x))) {
    const inv = s.draft?.invoice;
    const c = classifyDeal(
      {
        dealAmountYen: s.amount,
        draftStatus: s.draft?.status ?? null,
        draftTotal: s.draft?.total ?? null,
        draftDueDate: s.draft?.due ?? null,
        invoice: inv ? { paymentStatus: inv.status, dueDate: inv.due, totalAmount: inv.total, paidAmount: inv.paid, lastPaidOn: inv.paidOn } : null,
      },
      today,
    );
    if (c.column === "paid" && !(inv!.paidOn! >= paid.from && inv!.paidOn! <= paid.to)) continue;
    out[c.column]!.count += 1;
    out[c.column]!.total += c.amount;
    out[c.column]!.ids.push(s.id);
  }
  return out;
}

function summarise(board: Awaited<ReturnType<typeof getBoard>>) {
  return Object.fromEntries(BOARD_COLUMNS.map((c) => [c, { count: board.columns[c].summary.count, total: board.columns[c].summary.total, ids: board.columns[c].cards.map((x) => x.dealId).sort() }]));
}

describe("pipeline-to-cash board on real Postgres", () => {
  beforeEach(seed);

  it("the trigger-maintained read model agrees with the pure rule, column by column, with totals", async () => {
    const board = await getBoard(db, executive, parseBoardFilters({}, today), { today });
    const expected = expectedColumns({ from: "2026-11-01", to: "2026-11-30" });
    for (const c of BOARD_COLUMNS) expected[c]!.ids.sort();
    expect(summarise(board)).toEqual(expected);
    // Sanity on the cases themselves, so the rule and the SQL cannot agree on something absurd.
    expect(expected.won!.ids).toEqual(["101", "102", "103", "104", "110"]);
    expect(expected.invoiced!.ids).toEqual(["105"]);
    expect(expected.awaiting!.ids).toEqual(["106", "107"]);
    expect(expected.paid!.ids).toEqual(["108"]);
    expect(expected.awaiting!.total).toBe(1_100_000 + 1_000_000);
  });

  it("cards say why they are stuck and how late they are", async () => {
    const board = await getBoard(db, executive, parseBoardFilters({}, today), { today });
    const card = (id: string) => BOARD_COLUMNS.flatMap((c) => board.columns[c].cards).find((x) => x.dealId === id)!;
    expect(card("103").stuck).toEqual({ kind: "blocked", issues: [{ ja: "取引先が未設定です", en: "No partner" }] });
    expect(card("104").stuck).toEqual({ kind: "post_failed", error: "freee 400: partner_id is invalid" });
    expect(card("110").stuck).toEqual({ kind: "invoice_cancelled" });
    expect(card("106")).toMatchObject({ daysLate: 27, invoiceNumber: "INV-106", companyName: "有限会社ガンマ", ownerName: "営業 二郎" });
    expect(card("107").daysLate).toBe(0);
    await db.insert(syncFailures).values({ connectionId: hubspot, object: "deals", externalId: "101", reason: "amount is not a number" });
    const again = await getBoard(db, executive, parseBoardFilters({}, today), { today });
    expect(again.columns.won.cards.find((x) => x.dealId === "101")!.stuck).toEqual({ kind: "sync_failure", reason: "amount is not a number" });
    expect(again.dataAsOf.find((s) => s.provider === "hubspot")?.lastSuccessAt).toBe("2026-11-27T00:00:00.000Z");
  });

  it("payments, stage moves, posting and archiving move cards as they commit", async () => {
    await db.update(accountingInvoices).set({ paymentStatus: "paid", paidAmount: 1_100_000, lastPaidOn: "2026-11-26" }).where(and(eq(accountingInvoices.connectionId, freee), eq(accountingInvoices.id, "inv-106")));
    // A stage move into won, as the sync commits it: the deal row and its won entry in one transaction.
    await db.transaction(async (tx) => {
      await tx.update(crmDeals).set({ stageId: "closedwon", stageEnteredAt: new Date("2026-11-26T01:00:00Z") }).where(and(eq(crmDeals.connectionId, hubspot), eq(crmDeals.id, "112")));
      await tx.insert(dealWonEvents).values({ connectionId: hubspot, dealId: "112", stageId: "closedwon", enteredAt: new Date("2026-11-26T01:00:00Z"), source: "webhook" });
    });
    await db.update(crmDeals).set({ archivedAt: new Date() }).where(and(eq(crmDeals.connectionId, hubspot), eq(crmDeals.id, "101")));
    await db.update(invoiceDrafts).set({ status: "approved" }).where(and(eq(invoiceDrafts.crmConnectionId, hubspot), eq(invoiceDrafts.dealId, "102")));
    const board = await getBoard(db, executive, parseBoardFilters({}, today), { today });
    const ids = (c: "won" | "paid" | "awaiting") => board.columns[c].cards.map((x) => x.dealId).sort();
    expect(ids("paid")).toEqual(["106", "108"]);
    expect(ids("awaiting")).toEqual(["107"]);
    expect(ids("won")).toEqual(["102", "103", "104", "110", "112"]);
    expect(board.columns.won.cards.find((x) => x.dealId === "102")!.state).toBe("approved");
    // Renaming the company re-derives the search text.
    await db.update(crmCompanies).set({ name: "株式会社オメガ" }).where(and(eq(crmCompanies.connectionId, hubspot), eq(crmCompanies.id, "c2")));
    const searched = await getBoard(db, executive, parseBoardFilters({ q: "オメガ" }, today), { today });
    expect(BOARD_COLUMNS.flatMap((c) => searched.columns[c].cards.map((x) => x.dealId)).sort()).toEqual(["103", "104", "108"]);
  });

  it("a deal won before Kakehashi (no recorded entry, no draft) stays off the board until an entry is recorded", async () => {
    const onBoard = async () => {
      const board = await getBoard(db, executive, parseBoardFilters({}, today), { today });
      return BOARD_COLUMNS.flatMap((c) => board.columns[c].cards.map((x) => x.dealId));
    };
    expect(await onBoard()).not.toContain("113");
    // It leaves won and comes back: that entry is Kakehashi's to invoice.
    await db.insert(dealWonEvents).values({ connectionId: hubspot, dealId: "113", stageId: "closedwon", enteredAt: new Date("2026-11-27T01:00:00Z"), isReentry: false, source: "webhook" });
    const board = await getBoard(db, executive, parseBoardFilters({}, today), { today });
    expect(board.columns.won.cards.find((x) => x.dealId === "113")).toMatchObject({ state: "no_draft", amount: 2_000_000 });
    // Removing the entry (a test or a repair) takes it off again: the event table drives membership both ways.
    await db.delete(dealWonEvents).where(and(eq(dealWonEvents.connectionId, hubspot), eq(dealWonEvents.dealId, "113")));
    expect(await onBoard()).not.toContain("113");
  });

  it("filters: search by invoice number, owner, amount range, period; columns page by offset", async () => {
    const ids = (b: Awaited<ReturnType<typeof getBoard>>) => BOARD_COLUMNS.flatMap((c) => b.columns[c].cards.map((x) => x.dealId)).sort();
    expect(ids(await getBoard(db, executive, parseBoardFilters({ q: "inv-107" }, today), { today }))).toEqual(["107"]);
    expect(ids(await getBoard(db, executive, parseBoardFilters({ owner: "2" }, today), { today }))).toEqual(["103", "104", "106", "108"]);
    expect(ids(await getBoard(db, executive, parseBoardFilters({ min: "700000", max: "1000000" }, today), { today }))).toEqual(["103", "104", "105", "107"]);
    expect(ids(await getBoard(db, executive, parseBoardFilters({ period: "custom", from: "2026-09-01", to: "2026-09-30" }, today), { today }))).toContain("109");
    const first = await getColumnPage(db, executive, parseBoardFilters({}, today), "won", 0, { today, pageSize: 2 });
    const second = await getColumnPage(db, executive, parseBoardFilters({}, today), "won", 2, { today, pageSize: 2 });
    const third = await getColumnPage(db, executive, parseBoardFilters({}, today), "won", 4, { today, pageSize: 2 });
    expect([...first.cards, ...second.cards, ...third.cards].map((c) => c.dealId)).toEqual(["110", "104", "103", "102", "101"]);
    expect([first.nextOffset, second.nextOffset, third.nextOffset]).toEqual([2, 4, null]);
  });

  it("a sales user sees only their own deals, on the board and in timelines", async () => {
    const sales: BoardViewer = { roles: ["sales"], hubspotOwnerId: "1" };
    const board = await getBoard(db, sales, parseBoardFilters({ owner: "2" }, today), { today });
    expect(board.mine).toBe(true);
    expect(summarise(board)).toEqual(
      (() => {
        const e = expectedColumns({ from: "2026-11-01", to: "2026-11-30" }, (s) => s.owner === "1");
        for (const c of BOARD_COLUMNS) e[c]!.ids.sort();
        return e;
      })(),
    );
    expect(await getDealTimeline(db, sales, hubspot, "106", { hubspotAppBaseUrl: "https://app.hubspot.com" }, { today })).toBeNull();
    expect(await getDealTimeline(db, sales, hubspot, "105", { hubspotAppBaseUrl: "https://app.hubspot.com" }, { today })).not.toBeNull();
    const nobody = await getBoard(db, { roles: ["sales"], hubspotOwnerId: null }, parseBoardFilters({}, today), { today });
    expect(BOARD_COLUMNS.map((c) => nobody.columns[c].summary.count)).toEqual([0, 0, 0, 0]);
  });

  it("the timeline goes won → draft → approved (by whom) → posted → paid with links", async () => {
    const [approver] = await db.insert(users).values({ email: `fin-${Date.now()}@example.jp`, name: "経理 花子", passwordHash: "x" }).returning();
    await db.update(invoiceDrafts).set({ approvedBy: approver!.id, approvedAt: new Date("2026-09-30T00:30:00Z") }).where(and(eq(invoiceDrafts.crmConnectionId, hubspot), eq(invoiceDrafts.dealId, "108")));
    const t = await getDealTimeline(db, executive, hubspot, "108", { hubspotAppBaseUrl: "https://app.hubspot.com/" }, { today });
    expect(t!.steps.map((s) => [s.key, s.done])).toEqual([
      ["won", true],
      ["draft", true],
      ["approved", true],
      ["posted", true],
      ["paid", true],
    ]);
    expect(t!.steps.find((s) => s.key === "approved")!.by).toBe("経理 花子");
    expect(t!.steps.find((s) => s.key === "paid")!.at).toBe("2026-11-10");
    expect(t!.hubspotUrl).toBe("https://app.hubspot.com/contacts/4242/record/0-3/108");
    expect(t!.accountingUrl).toBe("https://invoice.example/inv-108");
    const failed = await getDealTimeline(db, executive, hubspot, "104", { hubspotAppBaseUrl: "https://app.hubspot.com" }, { today });
    expect(failed!.steps.find((s) => s.key === "post_failed")!.detail).toBe("freee 400: partner_id is invalid");
    expect(await getDealTimeline(db, executive, hubspot, "111", { hubspotAppBaseUrl: "https://app.hubspot.com" }, { today })).toBeNull();
    const rows = await db.execute<{ n: string }>(sql`select count(*) as n from board_deals`);
    expect(Number(rows[0]!.n)).toBe(10);
  });
});
