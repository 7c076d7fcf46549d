import { describe, expect, it } from "vitest";

import { buildInvoiceDraft, parseDraftInput } from "./build-draft";
import { companyTermsFor, DEFAULT_MAPPING_RULES, parseMappingRules, settingsFromRules, stageTriggersDrafting } from "./mapping-rules";

describe("mapping rules", () => {
  it("fills defaults: tax-exclusive, 切り捨て, 月末締め翌月末払い shifted to the next business day, every won stage", () => {
    expect(DEFAULT_MAPPING_RULES).toMatchObject({
      taxEntry: "exclusive",
      rounding: "floor",
      paymentTerms: { closingDay: "end", payMonthOffset: 1, payDay: "end", holidayShift: "next" },
      triggerStageIds: [],
      invoicedStageId: null,
    });
  });

  it("refuses nonsense instead of storing it", () => {
    expect(() => parseMappingRules({ rounding: "banker" })).toThrow();
    expect(() => parseMappingRules({ paymentTerms: { closingDay: 0, payMonthOffset: 1, payDay: "end", holidayShift: "next" } })).toThrow();
    expect(() => parseMappingRules({ taxCodeMappings: [{ rate: 10.5, taxCode: "x" }] })).toThrow();
  });

  it("triggers on the configured stages only, else on any won stage", () => {
    expect(stageTriggersDrafting(DEFAULT_MAPPING_RULES, "closedwon", "won")).toBe(true);
    expect(stageTriggersDrafting(DEFAULT_MAPPING_RULES, "lost", "lost")).toBe(false);
    const rules = parseMappingRules({ triggerStageIds: ["contractsigned"] });
    expect(stageTriggersDrafting(rules, "closedwon", "won")).toBe(false);
    expect(stageTriggersDrafting(rules, "contractsigned", "won")).toBe(true);
  });

  it("per-company payment terms override the default on the draft, and the version is recorded", () => {
    const rules = parseMappingRules({
      companyPaymentTerms: [{ companyId: "c1", terms: { closingDay: 20, payMonthOffset: 1, payDay: 10, holidayShift: "none" } }],
      taxCodeMappings: [{ rate: 10, taxCode: "129" }],
    });
    expect(companyTermsFor(rules, "c2")).toBeNull();
    const draft = buildInvoiceDraft(
      parseDraftInput({
        deal: { id: "d", name: "案件", amount: 1000, closedate: "2026-01-21" },
        company: { id: "c1", name: "会社", paymentTerms: companyTermsFor(rules, "c1") },
        partner: { id: "p", name: "取引先" },
        lineItems: [{ name: "作業", quantity: 1, unitPrice: 1000, taxRate: 10 }],
        settings: settingsFromRules(rules, "v-1"),
      }),
    );
    // 20日締め翌月10日払い: 1/21 closes on 2/20 → due 3/10.
    expect(draft.dueDate).toBe("2026-03-10");
    expect(draft.dueDateDerivation.termsSource).toBe("company");
    expect(draft.ruleVersionId).toBe("v-1");
    expect(draft.lines[0]!.taxCode).toBe("129");
  });
});
