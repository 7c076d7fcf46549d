import { describe, expect, it } from "vitest";

import { buildInvoiceDraft, parseDraftInput } from "./build-draft";
import { addManualEdit, applyManualEdits, detectDealMismatch, ManualEditError, mergeRegeneratedDraft } from "./regenerate-draft";
import type { DraftInputRaw } from "./schemas";

const input = (patch: Partial<DraftInputRaw> = {}): DraftInputRaw => ({
  deal: { id: "d1", name: "業務システム保守", amount: 330, closedate: "2026-09-10" },
  company: { id: "c1", name: "株式会社かえで" },
  partner: { id: "p1", name: "株式会社かえで" },
  lineItems: [
    { id: "a", name: "保守（9月）", quantity: 1, unitPrice: 105, taxRate: 10 },
    { id: "b", name: "保守（9月）追加", quantity: 1, unitPrice: 105, taxRate: 10 },
    { id: "c", name: "お茶菓子", quantity: 1, unitPrice: 120, taxRate: 8 },
  ],
  settings: { taxEntry: "exclusive", rounding: "floor" },
  ...patch,
});
const build = (patch: Partial<DraftInputRaw> = {}) => buildInvoiceDraft(parseDraftInput(input(patch)));

describe("manual edits", () => {
  it("an edited quantity recomputes amounts and the per-rate tax, and is recorded with the generated value", () => {
    const draft = build();
    expect(draft.tax).toBe(21 + 9); // 10 %: 210 → 21; 8 %: 120 → 9.6 → 9
    const edited = addManualEdit(draft, { target: "line", lineKey: "li:a", field: "quantity", value: 3, editedBy: "u-finance" });
    expect(edited.lines[0]).toMatchObject({ quantity: 3, amount: 315, editedFields: ["quantity"] });
    expect(edited.taxSummary[0]).toMatchObject({ rate: 10, subtotal: 420, tax: 42 });
    expect(edited.manualEdits).toEqual([
      { target: "line", lineKey: "li:a", field: "quantity", value: 3, originalValue: 1, editedBy: "u-finance", status: "kept" },
    ]);
    // lines total now differs from the deal amount: the check sees it
    expect(edited.issues.map((i) => i.code)).toEqual(["amount_mismatch"]);
    // editing the same field again keeps the generated original value and earlier statuses
    const again = addManualEdit(edited, { target: "line", lineKey: "li:a", field: "quantity", value: 2 });
    expect(again.manualEdits).toHaveLength(1);
    expect(again.manualEdits[0]).toMatchObject({ value: 2, originalValue: 1, status: "kept" });
    const second = addManualEdit(again, { target: "line", lineKey: "li:b", field: "name", value: "保守（9月）臨時対応" });
    expect(second.manualEdits.map((e) => e.status)).toEqual(["kept", "kept"]);
    expect(second.lines[1]?.name).toBe("保守（9月）臨時対応");
  });

  it("a tax-rate edit changes the mark and the rate source", () => {
    const edited = addManualEdit(build(), { target: "line", lineKey: "li:c", field: "taxRate", value: 10 });
    expect(edited.lines[2]).toMatchObject({ taxRate: 10, taxRateSource: "manual", reducedRate: false, mark: "" });
    expect(edited.reducedRateLegend).toBeNull();
    expect(edited.taxSummary.map((r) => r.rate)).toEqual([10]);
  });

  it("an edited billing date moves the due date with the same terms, unless the due date was edited too", () => {
    const draft = build();
    expect(draft.dueDate).toBe("2026-11-02"); // 月末締め翌月末払い: 10/31 is a Saturday → next business day
    const moved = addManualEdit(draft, { target: "draft", field: "billingDate", value: "2026-10-01" });
    expect(moved.billingDate).toBe("2026-10-01");
    expect(moved.dueDate).toBe("2026-11-30");
    const pinned = addManualEdit(addManualEdit(draft, { target: "draft", field: "dueDate", value: "2026-12-15" }), {
      target: "draft",
      field: "billingDate",
      value: "2026-10-01",
    });
    expect(pinned.dueDate).toBe("2026-12-15");
  });

  it("refuses edits the maths cannot take", () => {
    const draft = build();
    expect(() => addManualEdit(draft, { target: "line", lineKey: "li:a", field: "taxRate", value: 7.5 })).toThrow(ManualEditError);
    expect(() => addManualEdit(draft, { target: "line", lineKey: "li:a", field: "quantity", value: "many" })).toThrow(ManualEditError);
    expect(() => addManualEdit(draft, { target: "draft", field: "dueDate", value: "2026-02-30" })).toThrow(ManualEditError);
    // too many decimals is a blocking check, not an exception
    const noisy = addManualEdit(draft, { target: "line", lineKey: "li:a", field: "quantity", value: 0.1 + 0.2 });
    expect(noisy.issues.find((i) => i.code === "invalid_line")?.severity).toBe("blocking");
  });

  it("lines can be added and removed", () => {
    let draft = addManualEdit(build(), {
      target: "line_added",
      lineKey: "manual:1",
      line: { name: "出張交通費", quantity: 1, unitPrice: 2000, taxRate: 10 },
    });
    draft = addManualEdit(draft, { target: "line_removed", lineKey: "li:c" });
    expect(draft.lines.map((l) => l.key)).toEqual(["li:a", "li:b", "manual:1"]);
    expect(draft.taxSummary).toEqual([{ rate: 10, reducedRate: false, subtotal: 2210, tax: 221, total: 2431, lineCount: 3 }]);
  });
});

describe("mergeRegeneratedDraft", () => {
  it("keeps manual edits on a regenerated draft and flags those whose deal value changed", () => {
    let previous = build();
    previous = addManualEdit(previous, { target: "line", lineKey: "li:a", field: "unitPrice", value: 100 });
    previous = addManualEdit(previous, { target: "line", lineKey: "li:b", field: "name", value: "追加保守" });
    previous = addManualEdit(previous, { target: "line", lineKey: "li:c", field: "quantity", value: 2 });
    previous = addManualEdit(previous, { target: "draft", field: "subject", value: "9月分 保守料" });

    // The deal changed: line b's price went up (its name did not), line c was deleted, a line d was added.
    const regenerated = build({
      deal: { id: "d1", name: "業務システム保守", amount: 5000, closedate: "2026-09-10" },
      lineItems: [
        { id: "a", name: "保守（9月）", quantity: 1, unitPrice: 105, taxRate: 10 },
        { id: "b", name: "保守（9月）追加", quantity: 1, unitPrice: 210, taxRate: 10 },
        { id: "d", name: "データ移行", quantity: 1, unitPrice: 4685, taxRate: 10 },
      ],
    });
    const merged = mergeRegeneratedDraft(previous, regenerated);
    expect(merged.lines.map((l) => [l.key, l.name, l.unitPrice, l.editedFields])).toEqual([
      ["li:a", "保守（9月）", 100, ["unitPrice"]],
      ["li:b", "追加保守", 210, ["name"]],
      ["li:d", "データ移行", 4685, []],
    ]);
    expect(merged.subject).toBe("9月分 保守料");
    expect(merged.manualEdits.map((e) => [e.target === "draft" ? e.field : e.lineKey, e.status])).toEqual([
      ["li:a", "kept"],
      ["li:b", "kept"],
      ["li:c", "orphaned"],
      ["subject", "kept"],
    ]);
    expect(merged.total).toBe(4995 + 499); // 10 % of 4,995 = 499.5 → 切り捨て
    expect(merged.issues.map((i) => i.code)).toEqual(["amount_mismatch", "manual_edit_orphaned"]);

    // now the generated unit price of line a changes under the manual one
    const regenerated2 = build({
      lineItems: [{ id: "a", name: "保守（9月）", quantity: 1, unitPrice: 120, taxRate: 10 }],
    });
    const merged2 = mergeRegeneratedDraft(merged, regenerated2);
    expect(merged2.lines[0]?.unitPrice).toBe(100);
    const changed = merged2.issues.find((i) => i.code === "manual_edit_source_changed");
    expect(changed).toMatchObject({ severity: "warning", lineKey: "li:a", action: "review_edit" });
  });

  it("without edits the regenerated draft is returned as is", () => {
    const regenerated = build({ deal: { id: "d1", name: "x", amount: 1, closedate: "2026-09-11" } });
    expect(mergeRegeneratedDraft(build(), regenerated)).toBe(regenerated);
  });

  it("applyManualEdits on a generated draft is the same as adding the edits one by one", () => {
    const generated = build();
    const oneByOne = addManualEdit(addManualEdit(generated, { target: "line", lineKey: "li:a", field: "quantity", value: 2 }), {
      target: "draft",
      field: "notes",
      value: "振込手数料はご負担ください",
    });
    expect(applyManualEdits(generated, oneByOne.manualEdits)).toEqual(oneByOne);
  });
});

describe("detectDealMismatch (approved or posted drafts)", () => {
  it("is empty when nothing relevant changed, even with manual edits", () => {
    const approved = addManualEdit(build(), { target: "line", lineKey: "li:a", field: "quantity", value: 2 });
    expect(detectDealMismatch(approved, build())).toEqual([]);
  });

  it("lists changed totals and lines", () => {
    const approved = build();
    const changed = build({
      lineItems: [
        { id: "a", name: "保守（9月）", quantity: 2, unitPrice: 105, taxRate: 10 },
        { id: "b", name: "保守（9月）追加", quantity: 1, unitPrice: 105, taxRate: 10 },
        { id: "c", name: "お茶菓子", quantity: 1, unitPrice: 120, taxRate: 8 },
      ],
    });
    const mismatches = detectDealMismatch(approved, changed);
    expect(mismatches.map((m) => m.field)).toEqual(["total", "subtotal", "tax", "lines"]);
    expect(mismatches[0]).toMatchObject({ approved: 360, current: 475 });
  });
});
