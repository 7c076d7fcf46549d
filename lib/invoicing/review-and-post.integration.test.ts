import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "@/db/queries/audit";
import { getDraft, insertRuleVersion } from "@/db/queries/invoicing";
import { connections, crmCompanies, crmDeals, crmLineItems, dealWonEvents, invoiceDrafts, partnerLinks, users } from "@/db/schema";
import { FreeeProvider } from "@/lib/integrations/freee/client";
import { HubSpotClient } from "@/lib/integrations/hubspot/client";
import { PRIVATE_APP_TOKEN, startFreeeEmulator, startHubSpotEmulator, type FreeeEmulatorHandle, type HubSpotEmulator } from "@/test/sandbox";
import { openTestDb, truncateAll } from "@/test/db";

import { draftFromWonDeal } from "./draft-from-won-deal";
import { handleDealChange } from "./handle-deal-change";
import { previewMappingRules, saveMappingRules } from "./manage-mapping-rules";
import { DEFAULT_MAPPING_RULES } from "./mapping-rules";
import { postInvoice, PostingError } from "./post-invoice";
import { configureInvoicingProviders } from "./providers";
import { approveDrafts, editDraft, rejectDraft, reopenDraft, setFourEyes } from "./review-drafts";
import { createRejectionTask, writeBackDeal } from "./write-back-deal";
import type { InvoiceDraft } from "./types";

/** Drafting, regeneration, review rules and posting errors against real Postgres and the freee emulator. */
const { db, close } = openTestDb();
let freee: FreeeEmulatorHandle;
let hubspot: HubSpotEmulator;
let hubspotId: string;
let freeeId: string;
let partnerId: string;
let otherPartnerId: string;
let alice: { id: string; label: string };
let bob: { id: string; label: string };

async function wonEvent(dealId: string, at = new Date()): Promise<string> {
  const [row] = await db.insert(dealWonEvents).values({ connectionId: hubspotId, dealId, stageId: "closedwon", enteredAt: at }).returning();
  return row!.id;
}

async function deal(id: string, companyId: string, lines: { id: string; quantity: string; unitPrice: string; taxRate: number }[], amount: number) {
  await db.insert(crmDeals).values({ connectionId: hubspotId, id, name: `案件 ${id}`, amount: String(amount), amountYen: amount, currency: "JPY", stageId: "closedwon", closeDate: "2026-04-28", companyId });
  if (lines.length > 0) await db.insert(crmLineItems).values(lines.map((l) => ({ connectionId: hubspotId, dealId: id, name: `明細 ${l.id}`, ...l })));
}

beforeAll(async () => {
  await truncateAll(db);
  freee = await startFreeeEmulator({ port: 0, seed: { seed: 42, companies: 30, deals: 0 } });
  await fetch(`${freee.url}/_sandbox/rate-limits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: false }) });
  const token = ((await (await fetch(`${freee.url}/_sandbox/tokens`, { method: "POST" })).json()) as { access_token: string }).access_token;
  const provider = new FreeeProvider({ tokens: { getAccessToken: async () => token, forceRefresh: async () => token }, baseUrl: freee.url, companyId: 100001, timeoutMs: 2_000 });
  configureInvoicingProviders({ accounting: async () => provider });
  const partners = (await provider.listPartners(null, { pageSize: 5 })).items;
  partnerId = partners[0]!.id;
  otherPartnerId = partners[1]!.id;

  const [h] = await db.insert(connections).values({ provider: "hubspot", authType: "oauth", externalAccountId: "p1" }).returning();
  const [f] = await db.insert(connections).values({ provider: "freee", authType: "oauth", externalAccountId: "100001" }).returning();
  hubspotId = h!.id;
  freeeId = f!.id;
  const [a] = await db.insert(users).values({ email: "alice@test.local", name: "Alice", passwordHash: "x" }).returning();
  const [b] = await db.insert(users).values({ email: "bob@test.local", name: "Bob", passwordHash: "x" }).returning();
  alice = { id: a!.id, label: a!.email };
  bob = { id: b!.id, label: b!.email };
  await insertRuleVersion(db, { rules: { ...DEFAULT_MAPPING_RULES, rounding: "floor", paymentTerms: { closingDay: "end", payMonthOffset: 1, payDay: "end", holidayShift: "next" } }, note: "test", createdBy: null });
  await db.insert(crmCompanies).values([
    { connectionId: hubspotId, id: "linked", name: "株式会社リンク" },
    { connectionId: hubspotId, id: "unlinked", name: "未連携商事" },
    { connectionId: hubspotId, id: "bogus", name: "存在しない取引先" },
  ]);
  await db.insert(partnerLinks).values([
    { crmConnectionId: hubspotId, companyId: "linked", accountingConnectionId: freeeId, partnerId, method: "manual", status: "confirmed" },
    { crmConnectionId: hubspotId, companyId: "bogus", accountingConnectionId: freeeId, partnerId: "999999999", method: "manual", status: "confirmed" },
  ]);
});

afterAll(async () => {
  configureInvoicingProviders({ accounting: null, hubspot: null });
  await hubspot?.stop();
  await freee?.stop();
  await close();
});

describe("drafting from won deals", () => {
  it("builds one draft per event, flags re-entry instead of duplicating, and records the rule version", async () => {
    // Three ¥105 lines at 10 % with 切り捨て: tax is rounded once per rate → ¥31, not ¥30.
    await deal("d1", "linked", [1, 2, 3].map((n) => ({ id: `d1-${n}`, quantity: "1", unitPrice: "105", taxRate: 10 })), 315);
    const e1 = await wonEvent("d1");
    const first = await draftFromWonDeal(db, e1);
    expect(first.outcome).toBe("created");
    expect(await draftFromWonDeal(db, e1)).toMatchObject({ outcome: "already_drafted" });
    const e2 = await wonEvent("d1", new Date(Date.now() + 1000));
    expect(await draftFromWonDeal(db, e2)).toMatchObject({ outcome: "reentry_flagged" });
    const drafts = await db.select().from(invoiceDrafts).where(eq(invoiceDrafts.dealId, "d1"));
    expect(drafts).toHaveLength(1);
    const row = drafts[0]!;
    expect(row).toMatchObject({ status: "draft", reentry: true, subtotal: 315, tax: 31, total: 346, billingDate: "2026-04-28", partnerId });
    // 月末締め翌月末払い from 4/28 → 5/31 (a Sunday) → next business day 6/1.
    expect(row.dueDate).toBe("2026-06-01");
    expect(row.ruleVersionId).not.toBeNull();
    const consumed = await db.select().from(dealWonEvents).where(and(eq(dealWonEvents.dealId, "d1"), sql`${dealWonEvents.consumedAt} is not null`));
    expect(consumed).toHaveLength(2);
  });

  it("a company without a partner link gives a blocked draft that cannot be approved, saying why", async () => {
    await deal("d2", "unlinked", [], 50_000);
    const result = await draftFromWonDeal(db, await wonEvent("d2"));
    expect(result).toMatchObject({ outcome: "created", status: "blocked" });
    const id = (result as { draftId: string }).draftId;
    const [approval] = await approveDrafts(db, alice, [id]);
    expect(approval).toMatchObject({ ok: false });
    expect(approval!.message).toContain("取引先");
    // Each language alone for the screens: the English reason is the blocking issue's English text.
    expect(approval!.reason).toMatchObject({ ja: expect.stringMatching(/^承認できません: .*取引先/), en: expect.stringMatching(/^Cannot be approved: .*not linked to an accounting partner/) });
    expect((await getDraft(db, id))!.status).toBe("blocked");
  });
});

describe("review", () => {
  it("edits are audited and recomputed; regeneration keeps and flags them; four-eyes refuses the last editor", async () => {
    await deal("d3", "linked", [{ id: "d3-a", quantity: "2", unitPrice: "10000", taxRate: 10 }], 20_000);
    const { draftId } = (await draftFromWonDeal(db, await wonEvent("d3"))) as { draftId: string };
    const edited = await editDraft(db, alice, draftId, { target: "line", lineKey: "li:d3-a", field: "quantity", value: 3 });
    expect(edited.total).toBe(33_000);
    expect((await listAuditEntries(db, { entityType: "invoice_draft", entityId: draftId })).map((a) => a.action)).toContain("invoice_draft.edited");

    // The deal changes under the edit: the draft is rebuilt, the edit kept and flagged for review.
    await db.update(crmLineItems).set({ quantity: "5", unitPrice: "12000" }).where(eq(crmLineItems.id, "d3-a"));
    const change = await handleDealChange(db, hubspotId, "d3");
    expect(change.regenerated).toEqual([draftId]);
    const regenerated = (await getDraft(db, draftId))!;
    const draft = regenerated.draft as InvoiceDraft;
    expect(draft.lines[0]).toMatchObject({ quantity: 3, unitPrice: 12_000 });
    expect(draft.issues.map((i) => i.code)).toContain("manual_edit_source_changed");
    expect(regenerated.total).toBe(39_600);

    await setFourEyes(db, true, bob);
    const [refused] = await approveDrafts(db, alice, [draftId]);
    expect(refused).toMatchObject({ ok: false });
    expect(refused!.message).toContain("四つの目");
    expect(refused!.reason).toMatchObject({ ja: expect.stringContaining("四つの目"), en: expect.stringContaining("Four-eyes") });
    const [approved] = await approveDrafts(db, bob, [draftId]);
    expect(approved).toMatchObject({ ok: true });
    await setFourEyes(db, false, bob);

    // Posted, then the deal changes again: no regeneration, a mismatch flag with what changed.
    expect(await postInvoice(db, draftId)).toMatchObject({ outcome: "posted", via: "created" });
    expect(await postInvoice(db, draftId)).toEqual({ outcome: "already_posted" });
    await db.update(crmLineItems).set({ unitPrice: "13000" }).where(eq(crmLineItems.id, "d3-a"));
    expect((await handleDealChange(db, hubspotId, "d3")).mismatched).toEqual([draftId]);
    const posted = (await getDraft(db, draftId))!;
    expect(posted).toMatchObject({ status: "posted", mismatch: true, total: 39_600 });
    expect(JSON.stringify(posted.mismatchDetails)).toContain("total");
  });

  it("a rejected draft records the reason and the HubSpot task intent", async () => {
    await deal("d4", "linked", [], 10_000);
    const { draftId } = (await draftFromWonDeal(db, await wonEvent("d4"))) as { draftId: string };
    expect(await rejectDraft(db, alice, { draftId, reason: "金額が違います", createHubspotTask: true })).toEqual({ taskRequested: true });
    const row = (await getDraft(db, draftId))!;
    expect(row).toMatchObject({ status: "rejected", rejectedReason: "金額が違います" });
    expect(row.hubspotTask).toMatchObject({ status: "requested" });
  });
});

describe("posting errors", () => {
  it("a provider validation error is not retried, shows the provider's message, and the draft can be fixed and re-posted once", async () => {
    await deal("d5", "bogus", [], 70_000);
    const { draftId } = (await draftFromWonDeal(db, await wonEvent("d5"))) as { draftId: string };
    await approveDrafts(db, alice, [draftId]);
    const error = await postInvoice(db, draftId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostingError);
    expect((error as PostingError).retryable).toBe(false);
    const failed = (await getDraft(db, draftId))!;
    expect(failed.status).toBe("post_failed");
    expect(failed.lastPostError).toMatch(/会計ソフトが請求書を受け付けませんでした: .+/);

    // Fix the link, reopen, the draft follows the new partner, approve, post: exactly one invoice for the reference.
    await db.update(partnerLinks).set({ partnerId: otherPartnerId }).where(eq(partnerLinks.companyId, "bogus"));
    await reopenDraft(db, alice, draftId);
    await handleDealChange(db, hubspotId, "d5");
    expect((await getDraft(db, draftId))!.partnerId).toBe(otherPartnerId);
    await approveDrafts(db, bob, [draftId]);
    expect(await postInvoice(db, draftId)).toMatchObject({ outcome: "posted", via: "created" });
    const posted = (await getDraft(db, draftId))!;
    const list = (await (await fetch(`${freee.url}/_sandbox/state`)).json()) as { invoices: number };
    expect(list.invoices).toBe(2); // d3 and d5
    expect(posted.invoiceNumber).toBe(posted.ourReference);
  });
});

describe("HubSpot side effects", () => {
  it("writes the invoice number back to the deal (property created on first use) and creates the rejection task", async () => {
    hubspot = await startHubSpotEmulator({ port: 0, seed: { seed: 42, companies: 5, deals: 5 } });
    const client = new HubSpotClient({ baseUrl: hubspot.url, getAccessToken: async () => PRIVATE_APP_TOKEN, timeoutMs: 5_000 });
    configureInvoicingProviders({ hubspot: async () => client });
    const { results } = (await client.request("GET", "/crm/v3/objects/deals", { query: { limit: 2 } })) as { results: { id: string }[] };
    const [postedDeal, rejectedDeal] = results.map((r) => r.id);

    await deal(postedDeal!, "linked", [], 12_000);
    const { draftId } = (await draftFromWonDeal(db, await wonEvent(postedDeal!))) as { draftId: string };
    await approveDrafts(db, alice, [draftId]);
    await postInvoice(db, draftId);
    expect(await writeBackDeal(db, draftId)).toEqual({ written: true });
    expect(await writeBackDeal(db, draftId)).toMatchObject({ written: false });
    const row = (await getDraft(db, draftId))!;
    const hsDeal = (await client.request("GET", `/crm/v3/objects/deals/${postedDeal}`, { query: { properties: "kakehashi_invoice_number" } })) as { properties: Record<string, string | null> };
    expect(hsDeal.properties.kakehashi_invoice_number).toBe(row.invoiceNumber);

    await deal(rejectedDeal!, "linked", [], 5_000);
    const rejected = (await draftFromWonDeal(db, await wonEvent(rejectedDeal!))) as { draftId: string };
    await rejectDraft(db, alice, { draftId: rejected.draftId, reason: "品目の誤り", createHubspotTask: true });
    expect(await createRejectionTask(db, rejected.draftId)).toEqual({ created: true });
    const task = (await getDraft(db, rejected.draftId))!.hubspotTask as { createdTaskId: string };
    const hsTask = (await client.request("GET", `/crm/v3/objects/tasks/${task.createdTaskId}`, { query: { properties: "hs_task_subject" } })) as { properties: Record<string, string | null> };
    expect(hsTask.properties.hs_task_subject).toContain("請求書の差し戻し");
  });
});

describe("mapping rules", () => {
  it("previews the payloads recent won deals would produce under edited rules without saving, then saves a new version", async () => {
    const before = await db.select().from(invoiceDrafts);
    const preview = await previewMappingRules(db, { ...DEFAULT_MAPPING_RULES, rounding: "ceil", billingDateRule: "end_of_close_month", taxCodeMappings: [{ rate: 10, taxCode: "129" }] }, 5);
    expect(preview.length).toBeGreaterThan(0);
    const d1 = preview.find((p) => p.dealId === "d1");
    expect(d1).toBeDefined();
    expect(d1!.changed).toEqual(expect.arrayContaining(["tax", "billingDate"]));
    expect(d1!.proposed.tax).toBe(32); // 315 × 10 % = 31.5 → 切り上げ 32
    expect(d1!.payload.billingDate).toBe("2026-04-30");
    expect(d1!.payload.lines.every((l) => l.taxCode === "129")).toBe(true);
    expect(await db.select().from(invoiceDrafts)).toHaveLength(before.length);

    const saved = await saveMappingRules(db, alice, { rules: { ...DEFAULT_MAPPING_RULES, rounding: "ceil" }, note: "切り上げに変更" });
    expect(saved.version).toBe(2);
    const audit = await listAuditEntries(db, { entityType: "mapping_rule_version", entityId: saved.id });
    expect(audit.map((a) => a.action)).toEqual(["mapping_rules.saved"]);
  });
});
