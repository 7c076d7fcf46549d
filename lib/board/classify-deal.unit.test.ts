import { describe, expect, it } from "vitest";
import { classifyDeal, type ClassifyInput } from "./classify-deal";

const today = "2026-11-27";
const base: ClassifyInput = { dealAmountYen: 1_000_000, draftStatus: null, draftTotal: null, draftDueDate: null, invoice: null };
const invoice = (over: Partial<NonNullable<ClassifyInput["invoice"]>> = {}): NonNullable<ClassifyInput["invoice"]> => ({
  paymentStatus: "unpaid",
  dueDate: "2026-12-31",
  totalAmount: 1_100_000,
  paidAmount: 0,
  lastPaidOn: null,
  ...over,
});

describe("classifyDeal", () => {
  it("puts a won deal without a draft in won with the deal amount", () => {
    expect(classifyDeal(base, today)).toEqual({ column: "won", amount: 1_000_000, dueDate: null, daysLate: null, state: "no_draft" });
  });

  it.each(["draft", "blocked", "approved", "posting", "post_failed", "rejected"] as const)("keeps a %s draft in won (not invoiced yet)", (status) => {
    const c = classifyDeal({ ...base, draftStatus: status, draftTotal: 1_100_000, draftDueDate: "2026-12-31" }, today);
    expect(c.column).toBe("won");
    expect(c.state).toBe(status);
    expect(c.amount).toBe(1_000_000);
  });

  it("treats a missing deal amount as zero yen", () => {
    expect(classifyDeal({ ...base, dealAmountYen: null }, today).amount).toBe(0);
  });

  it("posted and due after today is invoiced, with the invoice total", () => {
    expect(classifyDeal({ ...base, draftStatus: "posted", draftTotal: 1_100_000, draftDueDate: "2026-12-31", invoice: invoice() }, today)).toEqual({
      column: "invoiced",
      amount: 1_100_000,
      dueDate: "2026-12-31",
      daysLate: null,
      state: "posted",
    });
  });

  it("due today is awaiting payment with 0 days late", () => {
    const c = classifyDeal({ ...base, draftStatus: "posted", draftTotal: 1_100_000, invoice: invoice({ dueDate: today }) }, today);
    expect(c).toMatchObject({ column: "awaiting", daysLate: 0, amount: 1_100_000 });
  });

  it("overdue counts days late across a month boundary, and a partly paid invoice shows what is still owed", () => {
    const c = classifyDeal({ ...base, draftStatus: "posted", invoice: invoice({ dueDate: "2026-10-31", paymentStatus: "partially_paid", paidAmount: 100_000 }) }, today);
    expect(c).toEqual({ column: "awaiting", amount: 1_000_000, dueDate: "2026-10-31", daysLate: 27, state: "partially_paid" });
  });

  it("paid goes to paid with the amount received", () => {
    const c = classifyDeal({ ...base, draftStatus: "posted", invoice: invoice({ paymentStatus: "paid", paidAmount: 1_099_340, lastPaidOn: "2026-11-20", dueDate: "2026-11-30" }) }, today);
    expect(c).toMatchObject({ column: "paid", amount: 1_099_340, state: "paid" });
  });

  it("paid with no recorded amount falls back to the invoice total", () => {
    expect(classifyDeal({ ...base, draftStatus: "posted", invoice: invoice({ paymentStatus: "paid" }) }, today).amount).toBe(1_100_000);
  });

  it("a cancelled invoice sends the deal back to won (it has to be issued again)", () => {
    expect(classifyDeal({ ...base, draftStatus: "posted", invoice: invoice({ paymentStatus: "cancelled" }) }, today)).toMatchObject({ column: "won", state: "cancelled", amount: 1_000_000 });
  });

  it("posted but not read back from accounting yet uses the draft's due date and total", () => {
    expect(classifyDeal({ ...base, draftStatus: "posted", draftTotal: 1_100_000, draftDueDate: "2026-11-01" }, today)).toMatchObject({ column: "awaiting", amount: 1_100_000, daysLate: 26 });
    expect(classifyDeal({ ...base, draftStatus: "posted", draftTotal: 1_100_000, draftDueDate: null }, today)).toMatchObject({ column: "invoiced" });
  });
});
