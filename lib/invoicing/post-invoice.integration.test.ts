import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountingPartners, connections, crmCompanies, crmDeals, crmLineItems, dealWonEvents, invoiceDrafts, invoicePostingAttempts, partnerLinks, users, type Connection } from "@/db/schema";
import type { AccountingPartner, AccountingProvider, TokenSource } from "@/lib/integrations/accounting/types";
import { FreeeProvider } from "@/lib/integrations/freee/client";
import { MoneyForwardProvider } from "@/lib/integrations/moneyforward/client";
import { sendJob } from "@/lib/jobs/boss";
import { invoicingDraftFromWonDeal } from "@/lib/jobs/definitions/invoicing-draft-from-won-deal";
import { invoicingPostInvoice } from "@/lib/jobs/definitions/invoicing-post-invoice";
import { startWorker, type RunningWorker } from "@/lib/jobs/run-worker";
import type { JobDefinition } from "@/lib/jobs/types";
import { startSandbox, type Sandbox } from "@/test/sandbox";
import { openTestDb, truncateAll } from "@/test/db";

import { configureInvoicingProviders } from "./providers";
import { approveDrafts } from "./review-drafts";

/**
 * The "done when" of issue 6: 1,000 won deals → drafts (job) → bulk approval → posting jobs to the sandbox freee,
 * and again to Money Forward, with 5 % commit-then-timeout faults on the create endpoint and the worker stopped and
 * restarted twice mid-run. Exactly 1,000 invoices must appear in the emulator, each deal with its own number.
 */
const DEALS = 1000;
const COMPANIES = 100;
const { db, url, close } = openTestDb();
let sandbox: Sandbox;

// pg-boss handlers poll every 0.5 s even when busy, so throughput is handlers / 0.5 s: many more handlers than in
// production keep the run short. The emulator's own rate limits are switched off for the same reason (pacing is the
// gate's job and is covered by the rate-limit tests).
const definitions = [
  { ...invoicingDraftFromWonDeal, concurrency: 20 },
  { ...invoicingPostInvoice, concurrency: 20, queue: { ...invoicingPostInvoice.queue, retryDelay: 1 } },
] as JobDefinition[];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: { seed: 42, companies: 200, deals: 200 } });
});
afterAll(async () => {
  configureInvoicingProviders({ accounting: null });
  await sandbox?.stop();
  await close();
});

async function control(baseUrl: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

function staticTokens(token: string): TokenSource {
  return { getAccessToken: async () => token, forceRefresh: async () => token };
}

/** Bulk insert (one statement for 1,000 jobs) with the queue's own retry options. */
function jobOptions(definition: JobDefinition) {
  const { retryLimit, retryDelay, retryBackoff, expireInSeconds } = definition.queue;
  return { retryLimit, retryDelay, retryBackoff, expireInSeconds };
}

async function waitFor(label: string, predicate: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const countWhere = async (where: ReturnType<typeof sql>) => {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(invoiceDrafts).where(where);
  return Number(row?.n ?? 0);
};

async function seedCrm(accounting: Pick<Connection, "provider" | "externalAccountId">, provider: AccountingProvider) {
  await truncateAll(db);
  const [hubspot] = await db.insert(connections).values({ provider: "hubspot", authType: "oauth", externalAccountId: "portal-1" }).returning();
  const [conn] = await db.insert(connections).values({ provider: accounting.provider, authType: "oauth", externalAccountId: accounting.externalAccountId }).returning();
  const [finance] = await db.insert(users).values({ email: `finance-${Date.now()}@test.local`, name: "経理", passwordHash: "x" }).returning();

  const partners: AccountingPartner[] = [];
  for (let cursor: string | null = null; partners.length < COMPANIES; ) {
    const page = await provider.listPartners(cursor, { pageSize: 100 });
    partners.push(...page.items.filter((p) => !p.archived && (provider.provider === "freee" || p.departmentId)));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  expect(partners.length).toBeGreaterThanOrEqual(COMPANIES);

  await db.insert(crmCompanies).values(Array.from({ length: COMPANIES }, (_, i) => ({ connectionId: hubspot!.id, id: `c${i}`, name: partners[i]!.name })));
  await db.insert(accountingPartners).values(
    partners.slice(0, COMPANIES).map((p) => ({ connectionId: conn!.id, id: p.id, code: p.code, name: p.name, registrationNumber: p.registrationNumber, departmentId: p.departmentId })),
  );
  await db.insert(partnerLinks).values(
    partners.slice(0, COMPANIES).map((p, i) => ({ crmConnectionId: hubspot!.id, companyId: `c${i}`, accountingConnectionId: conn!.id, partnerId: p.id, method: "manual" as const, status: "confirmed" as const })),
  );
  const deals = Array.from({ length: DEALS }, (_, i) => {
    const unit = 10_000 + (i % 37) * 1_000;
    return { i, unit, amount: unit * 2 + (i % 5 === 0 ? 3_000 : 0) };
  });
  for (let start = 0; start < DEALS; start += 250) {
    const chunk = deals.slice(start, start + 250);
    await db.insert(crmDeals).values(
      chunk.map(({ i, amount }) => ({
        connectionId: hubspot!.id,
        id: `d${i}`,
        name: `案件 ${i}`,
        amount: String(amount),
        amountYen: amount,
        currency: "JPY",
        stageId: "closedwon",
        closeDate: `2026-10-${String((i % 28) + 1).padStart(2, "0")}`,
        companyId: `c${i % COMPANIES}`,
      })),
    );
    await db.insert(crmLineItems).values(
      chunk.flatMap(({ i, unit }) => [
        { connectionId: hubspot!.id, id: `li${i}a`, dealId: `d${i}`, name: "年間ライセンス", quantity: "2", unitPrice: String(unit), taxRate: 10 },
        ...(i % 5 === 0 ? [{ connectionId: hubspot!.id, id: `li${i}b`, dealId: `d${i}`, name: "お茶菓子", quantity: "1", unitPrice: "3000", taxRate: 8 }] : []),
      ]),
    );
  }
  const events = await db
    .insert(dealWonEvents)
    .values(deals.map(({ i }) => ({ connectionId: hubspot!.id, dealId: `d${i}`, stageId: "closedwon", enteredAt: new Date(Date.UTC(2026, 9, (i % 28) + 1, 3)) })))
    .returning({ id: dealWonEvents.id });
  return { events, finance: finance!, accountingConnectionId: conn!.id };
}

async function runScenario(name: "freee" | "moneyforward") {
  const emulator = name === "freee" ? sandbox.freee : sandbox.mf;
  const token = String((await control(emulator.url, "/_sandbox/tokens", {})).access_token);
  await control(emulator.url, "/_sandbox/rate-limits", { enabled: false });
  // A short client timeout: a commit-then-timeout hang costs 1.5 s, not 30.
  const deps = { tokens: staticTokens(token), baseUrl: emulator.url, timeoutMs: 1_500, maxRetries: 2 };
  const provider: AccountingProvider =
    name === "freee" ? new FreeeProvider({ ...deps, companyId: 100001 }) : new MoneyForwardProvider({ ...deps, officeId: "sandbox-office" });
  configureInvoicingProviders({ accounting: async () => provider });

  const { events, finance } = await seedCrm({ provider: name, externalAccountId: provider.accountId }, provider);
  const before = await control(emulator.url, "/_sandbox/state");
  const invoicesBefore = Number(name === "freee" ? before.invoices : before.billings);

  const t0 = Date.now();
  const phase = (label: string) => console.info(`[${name}] ${label} at ${Math.round((Date.now() - t0) / 1000)} s`);
  let worker: RunningWorker = await startWorker({ url, definitions, schedules: false, pollingIntervalSeconds: 0.5 });
  try {
    // 1. Won events → drafts, through the job (sent twice: the second send must not duplicate anything).
    await worker.boss.insert(events.map((e) => ({ name: "invoicing.draft-from-won-deal", data: { wonEventId: e.id }, singletonKey: e.id, ...jobOptions(invoicingDraftFromWonDeal) })));
    phase("draft jobs sent");
    await waitFor("drafts", async () => (await countWhere(sql`true`)) === DEALS);
    phase("drafted");
    for (const e of events.slice(0, 50)) await sendJob("invoicing.draft-from-won-deal", { wonEventId: e.id }, {}, worker.boss);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await countWhere(sql`true`)).toBe(DEALS);
    expect(await countWhere(sql`${invoiceDrafts.status} = 'draft'`)).toBe(DEALS);

    // 2. Bulk approval, then faults on the create endpoint and posting.
    const ids = (await db.select({ id: invoiceDrafts.id }).from(invoiceDrafts)).map((r) => r.id);
    const results = await approveDrafts(db, { id: finance.id, label: finance.email }, ids);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    await control(emulator.url, "/_sandbox/faults", {
      commitThenTimeoutRate: 0.05,
      pathPattern: name === "freee" ? "^/iv/invoices$" : "^/api/v3/invoice_template_billings$",
      methods: ["POST"],
    });
    await worker.boss.insert(ids.map((id) => ({ name: "invoicing.post-invoice", data: { draftId: id }, singletonKey: id, ...jobOptions(definitions[1]!) })));
    phase("approved and post jobs sent");

    // 3. Stop and restart the worker twice while posting is under way.
    for (const threshold of [300, 650]) {
      await waitFor(`${threshold} posted`, async () => (await countWhere(sql`${invoiceDrafts.status} = 'posted'`)) >= threshold);
      await worker.stop();
      worker = await startWorker({ url, definitions, schedules: false, pollingIntervalSeconds: 0.5 });
      phase(`restarted after ${threshold}`);
    }
    await waitFor("all posted", async () => (await countWhere(sql`${invoiceDrafts.status} = 'posted'`)) === DEALS, 150_000);
    phase("all posted");
  } finally {
    await worker.stop();
    await fetch(`${emulator.url}/_sandbox/faults`, { method: "DELETE" });
  }

  // Exactly 1,000 new invoices in the emulator, one per draft, each found again by its own reference.
  const after = await control(emulator.url, "/_sandbox/state");
  expect(Number(name === "freee" ? after.invoices : after.billings) - invoicesBefore).toBe(DEALS);
  const drafts = await db.select().from(invoiceDrafts);
  expect(new Set(drafts.map((d) => d.providerInvoiceId)).size).toBe(DEALS);
  expect(new Set(drafts.map((d) => d.dealId)).size).toBe(DEALS);
  expect(drafts.every((d) => d.invoiceNumber !== null && d.invoiceNumber !== "")).toBe(true);
  expect(new Set(drafts.map((d) => d.invoiceNumber)).size).toBe(DEALS);
  for (const d of drafts.filter((_, i) => i % 10 === 0)) {
    const found = await provider.findInvoiceByReference(d.ourReference, { partnerId: d.partnerId, billingDate: d.billingDate });
    expect(found?.providerInvoiceId).toBe(d.providerInvoiceId);
  }
  // The faults really hit: some posts timed out after committing and were recovered by the look-up, not re-created.
  const attempts = await db.select().from(invoicePostingAttempts);
  const recovered = attempts.filter((a) => a.status === "found_existing");
  expect(attempts.filter((a) => a.status === "failed_unknown").length).toBeGreaterThan(10);
  expect(recovered.length).toBeGreaterThan(10);
  const sample = drafts.find((d) => d.dealId === "d0")!;
  // 2 × ¥10,000 at 10 % (tax ¥2,000) + ¥3,000 at 8 % (tax ¥240)
  expect(sample.total).toBe(25_240);
  const [audit] = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'invoice_draft.posted' and entity_id = ${sample.id}`);
  expect(Number(audit?.n)).toBe(1);
  return { recovered: recovered.length, attempts: attempts.length };
}

describe("exactly-once posting of 1,000 won deals", () => {
  it("freee: 1,000 invoices, none twice, with commit-then-timeout faults and two worker restarts", async () => {
    const stats = await runScenario("freee");
    console.info("freee posting", stats);
  }, 240_000);

  it("Money Forward: the same", async () => {
    const stats = await runScenario("moneyforward");
    console.info("moneyforward posting", stats);
  }, 240_000);
});
