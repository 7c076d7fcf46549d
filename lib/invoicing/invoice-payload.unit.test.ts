import { describe, expect, it } from "vitest";

import { buildInvoiceDraft, parseDraftInput } from "./build-draft";
import { invoiceInputFromDraft } from "./post-invoice";

const draftOf = (lineItems: { name: string; quantity: number; unitPrice: number; taxRate: number }[]) =>
  buildInvoiceDraft(
    parseDraftInput({
      deal: { id: "d1", name: "案件", amount: null, closedate: "2026-03-10" },
      company: { id: "c1", name: "会社" },
      partner: { id: "p1", name: "取引先" },
      lineItems,
      settings: { taxEntry: "exclusive", rounding: "floor", notesTemplate: "お振込手数料はご負担ください。", taxCodeMappings: [{ rate: 10, taxCode: "129" }, { rate: 8, taxCode: "156" }] },
    }),
  );

describe("provider payload of a draft", () => {
  it("carries our reference, the partner, mapped tax codes, ※ on reduced-rate lines and the legend in the notes", () => {
    const draft = draftOf([
      { name: "保守", quantity: 1, unitPrice: 50_000, taxRate: 10 },
      { name: "お茶", quantity: 2, unitPrice: 500, taxRate: 8 },
    ]);
    const payload = invoiceInputFromDraft({ ourReference: "KKH-ABC", partnerId: "p1", departmentId: "dep1" }, draft, { provider: "moneyforward" });
    expect(payload).toMatchObject({ ourReference: "KKH-ABC", partnerId: "p1", departmentId: "dep1", billingDate: "2026-03-10", taxEntry: "exclusive", rounding: "floor" });
    expect(payload.lines).toEqual([
      expect.objectContaining({ description: "保守", quantity: 1, unitPrice: 50_000, taxRate: 10, taxCode: "129", reducedRate: false }),
      expect.objectContaining({ description: "※お茶", quantity: 2, unitPrice: 500, taxRate: 8, taxCode: "156", reducedRate: true }),
    ]);
    expect(payload.notes).toBe("お振込手数料はご負担ください。\n※は軽減税率（8%）対象です。");
    // freee addresses the partner, not a department.
    expect(invoiceInputFromDraft({ ourReference: "KKH-ABC", partnerId: "p1", departmentId: "dep1" }, draft, { provider: "freee" }).departmentId).toBeNull();
  });

  it("a fractional unit price (¥2.75 per call) is sent as one line of its rounded amount, keeping the detail in the description", () => {
    const draft = draftOf([{ name: "API呼び出し", quantity: 1001, unitPrice: 2.75, taxRate: 10 }]);
    const [line] = invoiceInputFromDraft({ ourReference: "KKH-X", partnerId: "p1", departmentId: null }, draft).lines;
    expect(line).toMatchObject({ quantity: 1, unitPrice: 2752, description: "API呼び出し（1001 × 2.75円）" });
    expect(draft.lines[0]!.amount).toBe(2752); // 2752.75 切り捨て
  });
});
