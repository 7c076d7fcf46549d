import { describe, expect, it } from "vitest";
import { scopeFilters } from "./get-board";
import { parseBoardFilters } from "./board-filters";
import { stuckReasonOf, toBoardCard, type CardRow } from "./to-card";

const row: CardRow = {
  connectionId: "c",
  dealId: "1",
  column: "awaiting",
  state: "posted",
  dealName: null,
  companyName: "株式会社テスト",
  ownerId: "7",
  ownerName: "営業 太郎",
  amount: 110_000,
  closeDate: "2026-09-30",
  wonAt: "2026-09-30T01:00:00.000Z",
  draftId: "d",
  draftStatus: "posted",
  provider: "freee",
  invoiceNumber: "INV-1",
  billingDate: "2026-09-30",
  dueDate: "2026-10-31",
  lastPaidOn: null,
  issues: null,
  lastPostError: null,
  rejectedReason: null,
  syncFailure: null,
};

describe("toBoardCard", () => {
  it("computes days late for awaiting cards and falls back to the deal id for a nameless deal", () => {
    const card = toBoardCard(row, "2026-11-27");
    expect(card.daysLate).toBe(27);
    expect(card.dealName).toBe("1");
    expect(card.stuck).toBeNull();
    expect(toBoardCard({ ...row, column: "invoiced" }, "2026-11-27").daysLate).toBeNull();
  });
});

describe("stuckReasonOf", () => {
  it("explains a blocked draft with its blocking issues only", () => {
    const issues = [
      { severity: "blocking", ja: "取引先が未設定です", en: "No partner" },
      { severity: "warning", ja: "注意", en: "Note" },
    ];
    expect(stuckReasonOf({ ...row, state: "blocked", issues })).toEqual({ kind: "blocked", issues: [{ ja: "取引先が未設定です", en: "No partner" }] });
  });

  it("shows the post error, the rejection reason, a cancelled invoice and a sync failure", () => {
    expect(stuckReasonOf({ ...row, state: "post_failed", lastPostError: "freee 400" })).toEqual({ kind: "post_failed", error: "freee 400" });
    expect(stuckReasonOf({ ...row, state: "rejected", rejectedReason: "金額違い" })).toEqual({ kind: "rejected", reason: "金額違い" });
    expect(stuckReasonOf({ ...row, state: "cancelled" })).toEqual({ kind: "invoice_cancelled" });
    expect(stuckReasonOf({ ...row, syncFailure: "invalid partner" })).toEqual({ kind: "sync_failure", reason: "invalid partner" });
  });
});

describe("scopeFilters (server-side deal visibility)", () => {
  const filters = parseBoardFilters({ owner: "999" }, "2026-11-27");
  it("a sales user only ever sees their own deals, whatever they ask for", () => {
    expect(scopeFilters({ roles: ["sales"], hubspotOwnerId: "7" }, filters)).toMatchObject({ ownerId: "7", filters: { mine: true, ownerId: "7" } });
  });
  it("a sales user without a HubSpot owner sees nothing rather than everything", () => {
    const scoped = scopeFilters({ roles: ["sales"], hubspotOwnerId: null }, filters);
    expect(scoped.ownerId).not.toBeNull();
    expect(scoped.ownerId).not.toBe("999");
  });
  it("an executive sees the owner they filtered on, or their own deals when ticking my deals", () => {
    expect(scopeFilters({ roles: ["executive"], hubspotOwnerId: "5" }, filters).ownerId).toBe("999");
    expect(scopeFilters({ roles: ["executive"], hubspotOwnerId: "5" }, { ...filters, mine: true }).ownerId).toBe("5");
  });
});
