import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listAuditEntries } from "@/db/queries/audit";
import { accountingInvoices, connections, crmCompanies, crmDeals, hubspotOwners, hubspotPipelines, hubspotStages, invoiceDrafts, overdueFollowUps, users } from "@/db/schema";
import { recordFollowUpAction } from "@/lib/actions/overdue";
import type { Role } from "@/lib/auth/permissions";
import { setSessionResolverForTests, type SessionUser } from "@/lib/auth/session";
import { todayJst } from "@/lib/format";
import { openTestDb, truncateAll } from "@/test/db";
import { AGING_BUCKETS, agingBucketOf, daysLate, overdueCutoff } from "./aging";
import { getFollowUpHistory, getOverdueExport, getOverdueList, type OverdueViewer } from "./get-overdue-list";
import { DEFAULT_OVERDUE_FILTERS } from "./overdue-filters";
import { recordFollowUp } from "./record-follow-up";
import type { OverdueFilters } from "./types";

// The action revalidates the page's cache; outside a Next request there is none.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { db, close } = openTestDb();
afterAll(async () => {
  setSessionResolverForTests(null);
  await truncateAll(db);
  await close();
});

/** Thursday 3 December 2026: the cutoff is Wednesday the 2nd. */
const today = "2026-12-03";
const links = { hubspotAppBaseUrl: "https://app.hubspot.com" };
const finance: OverdueViewer = { roles: ["finance"], hubspotOwnerId: null };
const sales1: OverdueViewer = { roles: ["sales"], hubspotOwnerId: "1" };
const filters = (over: Partial<OverdueFilters> = {}): OverdueFilters => ({ ...DEFAULT_OVERDUE_FILTERS, ...over });

type Spec = {
  id: string;
  owner: string;
  company: string;
  draft: "posted" | "approved";
  total: number;
  due: string;
  /** The accounting invoice (none: posted but not read back from the accounting product yet). */
  invoice?: { status: "unpaid" | "partially_paid" | "paid" | "cancelled"; paid: number; paidOn: string | null };
};

const SPECS: Spec[] = [
  { id: "201", owner: "1", company: "c1", draft: "posted", total: 1_100_000, due: "2026-11-02", invoice: { status: "unpaid", paid: 0, paidOn: null } },
  { id: "202", owner: "1", company: "c2", draft: "posted", total: 1_100_000, due: "2026-10-31", invoice: { status: "partially_paid", paid: 500_000, paidOn: "2026-11-20" } },
  { id: "203", owner: "2", company: "c3", draft: "posted", total: 2_200_000, due: "2026-08-31", invoice: { status: "unpaid", paid: 0, paidOn: null } },
  { id: "204", owner: "2", company: "c1", draft: "posted", total: 3_300_000, due: "2026-10-31", invoice: { status: "paid", paid: 3_300_000, paidOn: "2026-11-15" } },
  { id: "205", owner: "1", company: "c2", draft: "posted", total: 440_000, due: "2026-10-31", invoice: { status: "cancelled", paid: 0, paidOn: null } },
  // Due today: not late yet.
  { id: "206", owner: "2", company: "c3", draft: "posted", total: 550_000, due: today, invoice: { status: "unpaid", paid: 0, paidOn: null } },
  // Due on a Saturday: payable on Monday the 30th, overdue since; 5 days late counted from the contractual date.
  { id: "207", owner: "1", company: "c1", draft: "posted", total: 330_000, due: "2026-11-28", invoice: { status: "unpaid", paid: 0, paidOn: null } },
  // Approved but not posted: not an invoice yet.
  { id: "208", owner: "2", company: "c2", draft: "approved", total: 770_000, due: "2026-10-31" },
  { id: "209", owner: "2", company: "c2", draft: "posted", total: 660_000, due: "2026-09-30", invoice: { status: "unpaid", paid: 0, paidOn: null } },
  // Posted, the accounting mirror has not read it back yet: the draft's total is what is owed.
  { id: "210", owner: "1", company: "c3", draft: "posted", total: 880_000, due: "2026-11-30" },
  // A bank-fee shortfall: paid 1,099,340 of 1,100,000.
  { id: "211", owner: "2", company: "c1", draft: "posted", total: 1_100_000, due: "2026-11-02", invoice: { status: "partially_paid", paid: 1_099_340, paidOn: "2026-11-02" } },
];
/** What the list must show on `today`: posted, unpaid (partly or not at all), due on or before the cutoff. */
const OVERDUE_IDS = ["201", "202", "203", "207", "209", "210", "211"];
const OUTSTANDING: Record<string, number> = { "201": 1_100_000, "202": 600_000, "203": 2_200_000, "207": 330_000, "209": 660_000, "210": 880_000, "211": 660 };

let hubspot = "";
let freee = "";
const userIds: Record<string, string> = {};

async function seed(): Promise<void> {
  await truncateAll(db);
  const [h] = await db.insert(connections).values({ provider: "hubspot", authType: "oauth", externalAccountId: "4242" }).returning();
  const [f] = await db.insert(connections).values({ provider: "freee", authType: "oauth", externalAccountName: "テスト株式会社" }).returning();
  hubspot = h!.id;
  freee = f!.id;
  await db.insert(hubspotPipelines).values({ connectionId: hubspot, id: "default", label: "営業" });
  await db.insert(hubspotStages).values({ connectionId: hubspot, pipelineId: "default", id: "closedwon", label: "受注", kind: "won", isClosed: true });
  await db.insert(hubspotOwners).values([
    { connectionId: hubspot, id: "1", email: "one@example.jp", firstName: "一郎", lastName: "営業" },
    { connectionId: hubspot, id: "2", email: "two@example.jp", firstName: "二郎", lastName: "営業" },
  ]);
  await db.insert(crmCompanies).values([
    { connectionId: hubspot, id: "c1", name: "株式会社アルファ" },
    { connectionId: hubspot, id: "c2", name: "ベータ合同会社" },
    { connectionId: hubspot, id: "c3", name: "有限会社ガンマ" },
  ]);
  const all = [...SPECS, ...pagingSpecs()];
  await db.insert(crmDeals).values(
    all.map((s) => ({ connectionId: hubspot, id: s.id, name: `案件${s.id}`, amountYen: s.total, currency: "JPY", pipelineId: "default", stageId: "closedwon", closeDate: "2026-08-01", ownerId: s.owner, companyId: s.company })),
  );
  await db.insert(invoiceDrafts).values(
    all.map((s) => ({
      crmConnectionId: hubspot,
      dealId: s.id,
      status: s.draft,
      accountingConnectionId: freee,
      provider: "freee",
      ownerId: s.owner,
      billingDate: "2026-08-01",
      dueDate: s.due,
      dueDateDerivation: {},
      subject: `案件${s.id}`,
      subtotal: s.total,
      tax: 0,
      total: s.total,
      taxSummary: [],
      draft: {},
      ourReference: `KKH-O${s.id}`,
      providerInvoiceId: s.draft === "posted" ? `inv-${s.id}` : null,
      invoiceNumber: s.draft === "posted" ? `INV-${s.id}` : null,
      invoiceUrl: s.draft === "posted" ? `https://invoice.example/draft/${s.id}` : null,
      postedAt: s.draft === "posted" ? new Date("2026-08-01T01:00:00Z") : null,
    })),
  );
  const invoiced = all.filter((s) => s.invoice);
  await db.insert(accountingInvoices).values(
    invoiced.map((s) => ({
      connectionId: freee,
      id: `inv-${s.id}`,
      invoiceNumber: `INV-${s.id}`,
      ourReference: `KKH-O${s.id}`,
      billingDate: "2026-08-01",
      dueDate: s.due,
      totalAmount: s.total,
      paymentStatus: s.invoice!.status,
      paidAmount: s.invoice!.paid,
      lastPaidOn: s.invoice!.paidOn,
      url: `https://invoice.example/inv-${s.id}`,
    })),
  );
  for (const [key, roles, owner] of [
    ["sales1", ["sales"], "1"],
    ["sales2", ["sales"], "2"],
    ["finance", ["finance"], null],
    ["executive", ["executive"], null],
  ] as const) {
    const [u] = await db.insert(users).values({ email: `${key}@test.local`, name: `${key} さん`, passwordHash: "x", hubspotOwnerId: owner }).returning();
    userIds[key] = u!.id;
    await db.execute(sql`insert into user_roles (user_id, role) select ${u!.id}::uuid, unnest(${`{${roles.join(",")}}`}::role[])`);
  }
}

/** Sixty more unpaid invoices of owner 2 (deal ids 3000–3059), one due each day back from 1 October, for paging. */
function pagingSpecs(): Spec[] {
  return Array.from({ length: 60 }, (_, i) => ({
    id: String(3000 + i),
    owner: "2",
    company: "c3",
    draft: "posted" as const,
    total: 100_000 + ((i * 37) % 60) * 1_000,
    due: new Date(Date.UTC(2026, 9, 1 - i)).toISOString().slice(0, 10),
    invoice: { status: "unpaid" as const, paid: 0, paidOn: null },
  }));
}

beforeAll(seed);

const ids = (items: { dealId: string }[]) => items.map((i) => i.dealId).sort();
const allOverdue = () => [...OVERDUE_IDS, ...pagingSpecs().map((s) => s.id)].sort();

describe("which invoices are overdue", () => {
  it("posted invoices past the cutoff with money outstanding, partly paid included; paid, cancelled, not due, not posted excluded", async () => {
    const list = await getOverdueExport(db, finance, filters(), links, { today });
    expect(ids(list.items)).toEqual(allOverdue());
    const byId = new Map(list.items.map((i) => [i.dealId, i]));
    for (const id of OVERDUE_IDS) expect(byId.get(id)!.outstanding, id).toBe(OUTSTANDING[id]);
    expect(byId.get("202")).toMatchObject({ total: 1_100_000, outstanding: 600_000, paidAmount: 500_000, lastPaidOn: "2026-11-20", daysLate: 33, bucket: "31-60" });
    expect(byId.get("207")).toMatchObject({ daysLate: 5, bucket: "1-30", dueDate: "2026-11-28" });
    expect(byId.get("203")).toMatchObject({ daysLate: 94, bucket: "91+", next: { kind: "formal_demand" } });
    expect(byId.get("211")!.next.kind).toBe("fee_shortfall");
    // Not read back from freee yet: the draft's figures and link.
    expect(byId.get("210")).toMatchObject({ outstanding: 880_000, paidAmount: 0, lastPaidOn: null, accountingUrl: "https://invoice.example/draft/210" });
    expect(byId.get("201")).toMatchObject({
      companyName: "株式会社アルファ",
      ownerName: "営業 一郎",
      invoiceNumber: "INV-201",
      accountingUrl: "https://invoice.example/inv-201",
      hubspotUrl: "https://app.hubspot.com/contacts/4242/record/0-3/201",
    });
  });

  it("an invoice due on a Saturday is not overdue on the Monday after, only from the Tuesday", async () => {
    const monday = await getOverdueExport(db, finance, filters(), links, { today: "2026-11-30" });
    expect(ids(monday.items)).not.toContain("207");
    const tuesday = await getOverdueExport(db, finance, filters(), links, { today: "2026-12-01" });
    expect(tuesday.items.find((i) => i.dealId === "207")?.daysLate).toBe(3);
  });

  it("the summary equals the database, per aging bucket and in total", async () => {
    const list = await getOverdueList(db, finance, filters(), links, { today });
    const cutoff = overdueCutoff(today);
    const rows = await db.execute<{ due: string; outstanding: string }>(sql`
      select coalesce(ai.due_date, x.due_date)::text as due, greatest(coalesce(ai.total_amount, x.total) - coalesce(ai.paid_amount, 0), 0) as outstanding
      from invoice_drafts x left join accounting_invoices ai on ai.connection_id = x.accounting_connection_id and ai.id = x.provider_invoice_id
      where x.status = 'posted' and coalesce(ai.payment_status::text, 'unpaid') in ('unpaid', 'partially_paid')
        and coalesce(ai.due_date, x.due_date) <= ${cutoff}::date and coalesce(ai.total_amount, x.total) - coalesce(ai.paid_amount, 0) > 0`);
    const expected = Object.fromEntries(AGING_BUCKETS.map((b) => [b, { count: 0, outstanding: 0 }]));
    for (const r of rows) {
      const b = expected[agingBucketOf(daysLate(r.due, today))]!;
      b.count += 1;
      b.outstanding += Number(r.outstanding);
    }
    expect(list.summary.buckets).toEqual(expected);
    expect(list.summary.count).toBe(rows.length);
    expect(list.summary.outstanding).toBe(rows.reduce((n, r) => n + Number(r.outstanding), 0));
    expect(list.total).toBe(rows.length);
  });
});

describe("invoices issued outside Kakehashi", () => {
  it("are not listed (no deal) but counted for roles that see every deal, so the list reconciles with the forecast", async () => {
    const before = await getOverdueList(db, finance, filters(), links, { today });
    await db.insert(accountingInvoices).values([
      // Issued directly in freee, overdue: half paid.
      { connectionId: freee, id: "direct-1", invoiceNumber: "F-0001", billingDate: "2026-09-01", dueDate: "2026-10-31", totalAmount: 330_000, paymentStatus: "partially_paid", paidAmount: 110_000 },
      // Issued directly, not due yet; and one paid: neither counts.
      { connectionId: freee, id: "direct-2", invoiceNumber: "F-0002", billingDate: "2026-11-01", dueDate: "2026-12-31", totalAmount: 55_000, paymentStatus: "unpaid", paidAmount: 0 },
      { connectionId: freee, id: "direct-3", invoiceNumber: "F-0003", billingDate: "2026-08-01", dueDate: "2026-09-30", totalAmount: 99_000, paymentStatus: "paid", paidAmount: 99_000 },
    ]);
    try {
      const list = await getOverdueList(db, finance, filters(), links, { today });
      expect(list.outside).toEqual({ count: (before.outside?.count ?? 0) + 1, outstanding: (before.outside?.outstanding ?? 0) + 220_000 });
      expect(list.summary).toEqual(before.summary);
      expect(list.items.map((i) => i.invoiceNumber)).not.toContain("F-0001");
      expect((await getOverdueList(db, sales1, filters(), links, { today })).outside).toBeNull();
    } finally {
      await db.delete(accountingInvoices).where(sql`id like 'direct-%'`);
    }
  });
});

describe("who sees what (enforced in the query)", () => {
  it("a sales user sees only their own deals, whatever the request asks for", async () => {
    const own = await getOverdueExport(db, sales1, filters(), links, { today });
    expect(ids(own.items)).toEqual(["201", "202", "207", "210"]);
    const asked = await getOverdueList(db, sales1, filters({ ownerId: "2", mine: false }), links, { today });
    expect(asked.mine).toBe(true);
    expect(asked.filters.ownerId).toBe("1");
    expect(ids(asked.items)).toEqual(["201", "202", "207", "210"]);
    expect(asked.summary.count).toBe(4);
  });

  it("a sales user without a linked HubSpot owner sees nothing, not everyone's", async () => {
    const list = await getOverdueList(db, { roles: ["sales"], hubspotOwnerId: null }, filters(), links, { today });
    expect(list.total).toBe(0);
    expect(list.summary.count).toBe(0);
    expect(list.items).toEqual([]);
  });

  it("finance and executives see everyone's, can pick an owner, and 'my deals' narrows to their own", async () => {
    const exec: OverdueViewer = { roles: ["executive"], hubspotOwnerId: null };
    expect((await getOverdueList(db, exec, filters(), links, { today })).total).toBe(allOverdue().length);
    expect(ids((await getOverdueExport(db, exec, filters({ ownerId: "1" }), links, { today })).items)).toEqual(["201", "202", "207", "210"]);
    expect((await getOverdueList(db, exec, filters({ mine: true }), links, { today })).total).toBe(0);
    const linkedFinance: OverdueViewer = { roles: ["finance"], hubspotOwnerId: "2" };
    expect((await getOverdueExport(db, linkedFinance, filters({ mine: true }), links, { today })).items.every((i) => i.ownerId === "2")).toBe(true);
  });
});

describe("filters, sorting and paging in SQL", () => {
  it("filters by aging bucket, and the summary still shows every bucket", async () => {
    const list = await getOverdueList(db, finance, filters({ bucket: "61-90" }), links, { today });
    expect(list.items.every((i) => i.bucket === "61-90")).toBe(true);
    expect(list.total).toBe(list.summary.buckets["61-90"].count);
    expect(list.summary.count).toBe(allOverdue().length);
  });

  it("searches company, deal and invoice number", async () => {
    expect(ids((await getOverdueExport(db, finance, filters({ q: "ベータ" }), links, { today })).items)).toEqual(["202", "209"]);
    expect(ids((await getOverdueExport(db, finance, filters({ q: "案件202" }), links, { today })).items)).toEqual(["202"]);
    expect(ids((await getOverdueExport(db, finance, filters({ q: "inv-207" }), links, { today })).items)).toEqual(["207"]);
    // LIKE wildcards typed by the user are literal characters.
    expect((await getOverdueExport(db, finance, filters({ q: "%" }), links, { today })).items).toEqual([]);
  });

  it("pages cover every row exactly once in the requested order", async () => {
    const seen: string[] = [];
    let page = 1;
    let pages = 1;
    do {
      const list = await getOverdueList(db, finance, filters({ page }), links, { today, pageSize: 10 });
      expect(list.items.length).toBeLessThanOrEqual(10);
      seen.push(...list.items.map((i) => i.dealId));
      pages = list.pageCount;
      page++;
    } while (page <= pages);
    expect(pages).toBe(Math.ceil(allOverdue().length / 10));
    expect([...seen].sort()).toEqual(allOverdue());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("sorts by days late, amount and due date, both ways", async () => {
    const all = (await getOverdueExport(db, finance, filters(), links, { today })).items;
    const mostLate = all.map((i) => i.daysLate);
    expect(mostLate).toEqual([...mostLate].sort((a, b) => b - a));
    const leastLate = (await getOverdueExport(db, finance, filters({ dir: "asc" }), links, { today })).items.map((i) => i.daysLate);
    expect(leastLate).toEqual([...leastLate].sort((a, b) => a - b));
    const amounts = (await getOverdueExport(db, finance, filters({ sort: "amount" }), links, { today })).items.map((i) => i.outstanding);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const small = (await getOverdueExport(db, finance, filters({ sort: "amount", dir: "asc" }), links, { today })).items.map((i) => i.outstanding);
    expect(small[0]).toBe(660);
    const due = (await getOverdueExport(db, finance, filters({ sort: "due_date", dir: "asc" }), links, { today })).items.map((i) => i.dueDate);
    expect(due).toEqual([...due].sort());
    // The first page of the amount order is the top of the whole order.
    const first = await getOverdueList(db, finance, filters({ sort: "amount" }), links, { today, pageSize: 3 });
    expect(first.items.map((i) => i.outstanding)).toEqual(amounts.slice(0, 3));
  });

  it("a page past the end shows the last page", async () => {
    const list = await getOverdueList(db, finance, filters({ page: 999 }), links, { today, pageSize: 10 });
    expect(list.page).toBe(list.pageCount);
    expect(list.items.length).toBeGreaterThan(0);
  });
});

const session = (key: "sales1" | "sales2" | "finance" | "executive", roles: Role[], owner: string | null): SessionUser => ({
  id: userIds[key]!,
  email: `${key}@test.local`,
  name: `${key} さん`,
  roles,
  hubspotOwnerId: owner,
  locale: "ja",
});

describe("recording follow-ups (督促履歴)", () => {
  const input = (dealId: string, over: Record<string, unknown> = {}) => ({ connectionId: hubspot, dealId, contactedOn: todayJst(), channel: "phone", memo: "経理の田中様に電話。月末に振込予定。", promisedOn: "", ...over });
  const followUpsOf = async (dealId: string) => db.select().from(overdueFollowUps).where(sql`${overdueFollowUps.dealId} = ${dealId}`);

  it("refuses a sales user on another owner's deal: nothing written, nothing audited", async () => {
    setSessionResolverForTests(async () => session("sales1", ["sales"], "1"));
    const result = await recordFollowUpAction(input("203"));
    expect(result).toMatchObject({ ok: false, error: "failed" });
    // The same answer as for a deal that does not exist: no probing.
    const missing = await recordFollowUpAction(input("999999"));
    expect(missing).toMatchObject({ ok: false, error: "failed" });
    expect(result.ok ? null : result.message).toBe(missing.ok ? null : missing.message);
    expect(await followUpsOf("203")).toEqual([]);
    const audit = await db.execute<{ n: string }>(sql`select count(*) as n from audit_log where entity_type = 'overdue_follow_up' and after->>'dealId' = '203'`);
    expect(Number(audit[0]!.n)).toBe(0);
  });

  it("records a sales user's follow-up on their own deal, audited, and the list shows it", async () => {
    setSessionResolverForTests(async () => session("sales1", ["sales"], "1"));
    const result = await recordFollowUpAction(input("201"));
    expect(result.ok).toBe(true);
    const id = result.ok ? result.data.id : "";
    const [row] = await followUpsOf("201");
    expect(row).toMatchObject({ id, connectionId: hubspot, channel: "phone", invoiceNumber: "INV-201", createdBy: userIds.sales1, createdByName: "sales1 さん", promisedOn: null });
    const [audit] = await listAuditEntries(db, { entityType: "overdue_follow_up", entityId: id });
    expect(audit).toMatchObject({ actorId: userIds.sales1, actorLabel: "sales1@test.local", action: "overdue.follow_up" });
    expect(audit!.after).toMatchObject({ dealId: "201", channel: "phone", memo: "経理の田中様に電話。月末に振込予定。", outstanding: 1_100_000 });

    const list = await getOverdueExport(db, sales1, filters(), links, { today });
    expect(list.items.find((i) => i.dealId === "201")!.followUps).toMatchObject({ count: 1, lastContactOn: todayJst(), lastChannel: "phone", lastContactBy: "sales1 さん" });
    expect(await getFollowUpHistory(db, sales1, hubspot, "201")).toHaveLength(1);
    expect(await getFollowUpHistory(db, sales1, hubspot, "203")).toBeNull();
  });

  it("finance may record on anyone's deal; executives only read (permission) ", async () => {
    setSessionResolverForTests(async () => session("finance", ["finance"], null));
    expect((await recordFollowUpAction(input("203", { channel: "letter", memo: "督促状を郵送" }))).ok).toBe(true);
    setSessionResolverForTests(async () => session("executive", ["executive"], null));
    expect(await recordFollowUpAction(input("203"))).toMatchObject({ ok: false, error: "forbidden" });
    expect(await followUpsOf("203")).toHaveLength(1);
  });

  it("refuses what cannot be a follow-up: a future contact, a promise before the contact, a paid or cancelled invoice, bad input", async () => {
    setSessionResolverForTests(async () => session("finance", ["finance"], null));
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect(await recordFollowUpAction(input("209", { contactedOn: future }))).toMatchObject({ ok: false, error: "failed" });
    expect(await recordFollowUpAction(input("209", { contactedOn: "2026-11-20", promisedOn: "2026-11-19" }))).toMatchObject({ ok: false, error: "failed" });
    expect(await recordFollowUpAction(input("204"))).toMatchObject({ ok: false, error: "failed" });
    expect(await recordFollowUpAction(input("205"))).toMatchObject({ ok: false, error: "failed" });
    expect(await recordFollowUpAction(input("209", { channel: "fax" }))).toMatchObject({ ok: false, error: "invalid" });
    expect(await recordFollowUpAction(input("209", { memo: "  " }))).toMatchObject({ ok: false, error: "invalid" });
    expect(await recordFollowUpAction(input("209", { contactedOn: "2026-02-30" }))).toMatchObject({ ok: false, error: "invalid" });
    expect(await followUpsOf("209")).toEqual([]);
  });

  it("shows the latest promised date, flags it once it passed unpaid, and can list only those", async () => {
    const user = { ...session("finance", ["finance"], null), ...finance };
    await recordFollowUp(db, user, { connectionId: hubspot, dealId: "209", contactedOn: "2026-11-20", channel: "phone", memo: "25日に振込と回答", promisedOn: "2026-11-25" }, { today: "2026-11-20" });
    await recordFollowUp(db, user, { connectionId: hubspot, dealId: "3001", contactedOn: "2026-12-01", channel: "email", memo: "10日に振込予定", promisedOn: "2026-12-10" }, { today });
    const list = await getOverdueExport(db, finance, filters(), links, { today });
    const broken = list.items.find((i) => i.dealId === "209")!;
    expect(broken.followUps).toMatchObject({ promisedOn: "2026-11-25", brokenPromise: true });
    expect(broken.next).toMatchObject({ brokenPromise: true, kind: "formal_demand" });
    const pending = list.items.find((i) => i.dealId === "3001")!;
    expect(pending.followUps).toMatchObject({ promisedOn: "2026-12-10", brokenPromise: false });
    expect(pending.next).toMatchObject({ kind: "await_promise", on: "2026-12-10" });
    const only = await getOverdueExport(db, finance, filters({ brokenPromise: true }), links, { today });
    expect(ids(only.items)).toEqual(["209"]);
    const summary = await getOverdueList(db, finance, filters({ brokenPromise: true }), links, { today });
    expect(summary.summary.count).toBe(1);
  });
});
