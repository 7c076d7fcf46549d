import { describe, expect, it } from "vitest";

import { buildInvoiceDraft, parseDraftInput } from "./build-draft";
import { draftInputSchema, type DraftInputRaw } from "./schemas";
import type { DraftIssueCode, InvoiceDraft } from "./types";

const codes = (draft: InvoiceDraft): DraftIssueCode[] => draft.issues.map((i) => i.code);
const issueOf = (draft: InvoiceDraft, code: DraftIssueCode) => draft.issues.find((i) => i.code === code);

// A caterer billing a lunch meeting: reduced-rate food and drinks, a standard-rate delivery fee, prices tax-included.
const bentoDeal: DraftInputRaw = {
  deal: { id: "9001", name: "社内研修 昼食ケータリング", amount: 40200, currency: "JPY", closedate: "2026-05-01", owner: { id: "77", name: "佐藤 花子" } },
  company: { id: "501", name: "株式会社さくら食品", registrationNumber: null },
  partner: { id: "fr-3001", name: "株式会社さくら食品", registrationNumber: "T4011001098993" },
  lineItems: [
    { id: "li-1", name: "幕の内弁当", quantity: 30, unitPrice: 1080, taxRate: 8 },
    { id: "li-2", name: "緑茶（ペットボトル）", quantity: 30, unitPrice: 150, taxRate: 8 },
    { id: "li-3", name: "配送料", quantity: 1, unitPrice: 3300, taxRate: 10 },
  ],
  settings: {
    taxEntry: "inclusive",
    rounding: "round",
    paymentTerms: { closingDay: "end", payMonthOffset: 1, payDay: "end", holidayShift: "next" },
    subjectTemplate: "{{deal.name}}（{{billingMonthJa}}分）",
    notesTemplate: "お支払期限: {{dueDateJa}}（{{paymentTerms}}）",
    ruleVersionId: "rv-7",
  },
};

// A SaaS vendor: products mapped to accounting items, a training line with 1.5 hours, a reduced-rate newspaper
// subscription, a non-taxable stamp duty pass-through, company-specific terms, HubSpot's UTC close date.
const saasDeal: DraftInputRaw = {
  deal: {
    id: 12345678901,
    name: "クラウド会計プラン 年間契約",
    amount: "430557",
    closedate: "2026-03-31T15:30:00.000Z",
    owner: "tanaka@example.co.jp",
  },
  company: {
    id: "8801",
    name: "株式会社ミライテック",
    paymentTerms: { closingDay: 20, payMonthOffset: 1, payDay: 10, holidayShift: "next" },
  },
  partner: { id: 42, name: "株式会社ミライテック", registrationNumber: "T 7000-0120-50002" },
  lineItems: [
    { id: "1", name: "クラウド会計プラン（年額）", productId: "p-saas", quantity: 1, unitPrice: 360000 },
    { id: "2", name: "導入トレーニング", productId: "p-training", quantity: 1.5, unitPrice: 12345 },
    { id: "3", name: "業界新聞 定期購読（月2回発行以上）", productId: "p-news", quantity: "12", unitPrice: "4320" },
    { id: "4", name: "収入印紙代（立替）", quantity: 1, unitPrice: 200, taxRate: 0 },
  ],
  products: [
    { id: "p-saas", name: "クラウド会計プラン", defaultTaxRate: 10 },
    { id: "p-training", name: "トレーニング", defaultTaxRate: null, accountItemId: "acc-train", accountItemName: "役務収益" },
    { id: "p-news", name: "業界新聞", defaultTaxRate: 8 },
  ],
  settings: {
    taxEntry: "exclusive",
    rounding: "floor",
    billingDateRule: "end_of_close_month",
    paymentTerms: { closingDay: "end", payMonthOffset: 1, payDay: "end", holidayShift: "next" },
    defaultTaxRate: 10,
    productMappings: [
      { productId: "p-saas", accountItemId: "9001", accountItemName: "売上高（SaaS利用料）" },
      { productId: "p-news", accountItemId: "9002", accountItemName: "売上高（物販）" },
    ],
    taxCodeMappings: [
      { rate: 10, taxCode: "129" },
      { rate: 8, taxCode: "156" },
      { rate: 0, taxCode: "2" },
    ],
    subjectTemplate: "{{company.name}} 御中 {{billingMonthJa}}分 ご請求書",
    notesTemplate: "案件: {{deal.name}}\n担当: {{deal.owner}}\nお支払期限: {{dueDateJa}}",
    ruleVersionId: "rv-2026-03",
  },
};

describe("buildInvoiceDraft on realistic payloads", () => {
  it("caterer, tax-included, 8 % and 10 %", () => {
    const draft = buildInvoiceDraft(parseDraftInput(bentoDeal));
    // 8 %: 32,400 + 4,500 = 36,900 incl. → tax round(36,900 × 8/108 = 2,733.3) = 2,733; 10 %: 3,300 → 300
    expect(draft.taxSummary.map((r) => [r.rate, r.subtotal, r.tax, r.total])).toEqual([
      [10, 3000, 300, 3300],
      [8, 34167, 2733, 36900],
    ]);
    expect([draft.subtotal, draft.tax, draft.total]).toEqual([37167, 3033, 40200]);
    expect(draft.lines.map((l) => l.mark)).toEqual(["※", "※", ""]);
    expect(draft.reducedRateLegend?.ja).toContain("軽減税率");
    // close 5/1 → month-end closing 5/31 → pay 6/30 (Tue)
    expect(draft.billingDate).toBe("2026-05-01");
    expect(draft.dueDate).toBe("2026-06-30");
    expect(draft.subject).toBe("社内研修 昼食ケータリング（2026年5月分）");
    expect(draft.notes).toBe("お支払期限: 2026年6月30日（月末締め翌月末払い（休日は翌営業日））");
    expect(draft.issues).toEqual([]);
    expect(draft.blocked).toBe(false);
    expect(draft).toMatchSnapshot();
  });

  it("SaaS vendor, tax-excluded, products, mappings, company terms, UTC close date", () => {
    const draft = buildInvoiceDraft(parseDraftInput(saasDeal));
    expect(draft.dealId).toBe("12345678901");
    expect(draft.lines.map((l) => [l.key, l.amount, l.taxRate, l.taxRateSource, l.accountItemId, l.accountItemSource, l.taxCode])).toEqual([
      ["li:1", 360000, 10, "product_default", "9001", "mapping_rule", "129"],
      ["li:2", 18517, 10, "mapping_rule", "acc-train", "product", "129"], // 1.5 × 12,345 = 18,517.5 → 切り捨て
      ["li:3", 51840, 8, "product_default", "9002", "mapping_rule", "156"],
      ["li:4", 200, 0, "line_item", null, "line_name", "2"],
    ]);
    // 10 %: 378,517 → 37,851.7 → 37,851; 8 %: 51,840 → 4,147.2 → 4,147; 0 %: 200
    expect(draft.taxSummary.map((r) => [r.rate, r.subtotal, r.tax])).toEqual([
      [10, 378517, 37851],
      [8, 51840, 4147],
      [0, 200, 0],
    ]);
    expect([draft.subtotal, draft.tax, draft.total]).toEqual([430557, 41998, 472555]);
    // 2026-03-31T15:30Z is April 1st in Tokyo → end of close month 4/30 → 20日締め: 5/20 → +1 month, the 10th
    expect(draft.source.closeDate).toBe("2026-04-01");
    expect(draft.billingDate).toBe("2026-04-30");
    expect(draft.dueDateDerivation.termsSource).toBe("company");
    expect(draft.dueDateDerivation.closingDate).toBe("2026-05-20");
    expect(draft.dueDate).toBe("2026-06-10");
    expect(draft.subject).toBe("株式会社ミライテック 御中 2026年4月分 ご請求書");
    expect(draft.notes).toBe("案件: クラウド会計プラン 年間契約\n担当: tanaka@example.co.jp\nお支払期限: 2026年6月10日");
    expect(draft.ruleVersionId).toBe("rv-2026-03");
    expect(draft.issues).toEqual([]);
    expect(JSON.parse(JSON.stringify(draft))).toEqual(draft);
    expect(draft).toMatchSnapshot();
  });

  it("a deal without line items becomes one line from its name and amount, read in the entry basis", () => {
    const input: DraftInputRaw = {
      deal: { id: "d-1", name: "保守サポート（6月分）", amount: 55000, closedate: "2026-06-30" },
      company: { id: "c-1", name: "合同会社ほしぞら" },
      partner: { id: "p-1", name: "合同会社ほしぞら" },
      settings: { taxEntry: "inclusive", rounding: "floor" },
    };
    const inclusive = buildInvoiceDraft(parseDraftInput(input));
    expect(inclusive.lines).toHaveLength(1);
    expect(inclusive.lines[0]).toMatchObject({ key: "deal", name: "保守サポート（6月分）", quantity: 1, unitPrice: 55000, amount: 55000, taxRate: 10, taxRateSource: "mapping_rule" });
    expect([inclusive.subtotal, inclusive.tax, inclusive.total]).toEqual([50000, 5000, 55000]);
    expect(inclusive.source.fromDealAmount).toBe(true);
    expect(inclusive.issues).toEqual([]);
    // default terms: 月末締め翌月末払い, next business day: 7/31 (Fri)
    expect(inclusive.dueDate).toBe("2026-07-31");

    const exclusive = buildInvoiceDraft(parseDraftInput({ ...input, settings: { taxEntry: "exclusive", rounding: "floor", defaultTaxRate: 8 } }));
    expect([exclusive.subtotal, exclusive.tax, exclusive.total]).toEqual([55000, 4400, 59400]);
    expect(exclusive.lines[0]?.mark).toBe("※");
    expect(exclusive).toMatchSnapshot();
  });

  it("resolves the tax rate: line item, then product default, then mapping rule, then the rule's default", () => {
    const draft = buildInvoiceDraft(
      parseDraftInput({
        deal: { id: "1", name: "x", amount: 4000, closedate: "2026-01-15" },
        company: { id: "1", name: "株式会社テスト" },
        partner: { id: "1", name: "株式会社テスト" },
        lineItems: [
          { name: "a", productId: "p8", quantity: 1, unitPrice: 1000, taxRate: 10 },
          { name: "b", productId: "p8", quantity: 1, unitPrice: 1000 },
          { name: "c", productId: "pm", quantity: 1, unitPrice: 1000 },
          { name: "d", quantity: 1, unitPrice: 1000 },
        ],
        products: [{ id: "p8", defaultTaxRate: 8 }, { id: "pm" }],
        settings: { taxEntry: "exclusive", rounding: "floor", defaultTaxRate: 10, productMappings: [{ productId: "pm", taxRate: 0 }] },
      }),
    );
    expect(draft.lines.map((l) => [l.taxRate, l.taxRateSource])).toEqual([
      [10, "line_item"],
      [8, "product_default"],
      [0, "mapping_rule"],
      [10, "mapping_rule"],
    ]);
    expect(draft.lines.map((l) => l.key)).toEqual(["idx:0", "idx:1", "idx:2", "idx:3"]);
  });
});

describe("checks on the draft", () => {
  const base: DraftInputRaw = {
    deal: { id: "1", name: "Webサイト制作", amount: 100000, closedate: "2026-07-10" },
    company: { id: "1", name: "株式会社あおば" },
    partner: { id: "fp-1", name: "株式会社あおば" },
    lineItems: [{ id: "1", name: "Webサイト制作一式", quantity: 1, unitPrice: 100000, taxRate: 10 }],
    settings: { taxEntry: "exclusive", rounding: "floor" },
  };
  const build = (patch: (input: DraftInputRaw) => DraftInputRaw) =>
    buildInvoiceDraft(parseDraftInput(patch(structuredClone(base))));

  it("a clean deal has no issues", () => {
    expect(build((i) => i).issues).toEqual([]);
  });

  it("a missing partner blocks with a link-or-create action; unknown partner in a preview only warns", () => {
    const linkedNull = build((i) => ({ ...i, partner: null }));
    expect(issueOf(linkedNull, "missing_partner")).toMatchObject({ severity: "blocking", action: "link_or_create_partner" });
    expect(linkedNull.blocked).toBe(true);
    const unknown = build(({ partner: _partner, ...rest }) => rest);
    expect(issueOf(unknown, "missing_partner")).toMatchObject({ severity: "warning" });
    expect(unknown.blocked).toBe(false);
    // the numbers are computed anyway
    expect(unknown.total).toBe(110000);
  });

  it("lines total ≠ deal amount, with a hint when the deal amount was typed tax-included", () => {
    const off = build((i) => ({ ...i, deal: { ...i.deal, amount: 99000 } }));
    expect(issueOf(off, "amount_mismatch")).toMatchObject({ severity: "warning", details: { linesTotal: 100000, dealAmount: 99000, difference: 1000 } });
    const taxIncluded = build((i) => ({ ...i, deal: { ...i.deal, amount: 110000 } }));
    expect(issueOf(taxIncluded, "amount_mismatch")?.ja).toContain("税込合計と一致");
    const none = build((i) => ({ ...i, deal: { ...i.deal, amount: null } }));
    expect(codes(none)).toEqual(["deal_amount_missing"]);
  });

  it("an invalid registration number is reported with the validator's reason", () => {
    const draft = build((i) => ({ ...i, partner: { id: "fp-1", name: "株式会社あおば", registrationNumber: "T8040001999011" } }));
    const found = issueOf(draft, "invalid_registration_number");
    expect(found).toMatchObject({ severity: "warning", action: "fix_in_hubspot" });
    expect(found?.en).toContain("T8040001999011");
    // the company's number is used when the partner has none; full-width input is fine when valid
    const fromCompany = build((i) => ({ ...i, partner: { id: "fp-1", name: "株式会社あおば" }, company: { ...i.company, registrationNumber: "Ｔ７００００１２０５０００２" } }));
    expect(fromCompany.source.registrationNumber).toBe("Ｔ７００００１２０５０００２");
    expect(codes(fromCompany)).toEqual([]);
    const badCompany = build((i) => ({ ...i, company: { ...i.company, registrationNumber: "T7000012050003" } }));
    expect(codes(badCompany)).toEqual(["invalid_registration_number"]);
    const valid = build((i) => ({ ...i, company: { ...i.company, registrationNumber: "T7000012050002" } }));
    expect(codes(valid)).toEqual([]);
  });

  it("uses an injected registration-number validator", () => {
    const draft = buildInvoiceDraft(
      parseDraftInput({ ...base, partner: { id: "1", name: "x", registrationNumber: "T7000012050002" } }),
      { validateRegistrationNumber: () => ({ valid: false, normalized: null, reason: "revoked" }) },
    );
    expect(issueOf(draft, "invalid_registration_number")?.en).toContain("revoked");
  });

  it("zero or negative totals block", () => {
    const zero = build((i) => ({ ...i, deal: { ...i.deal, amount: 0 }, lineItems: [{ name: "無償対応", quantity: 1, unitPrice: 0, taxRate: 10 }] }));
    expect(issueOf(zero, "non_positive_total")?.severity).toBe("blocking");
    const negative = build((i) => ({ ...i, deal: { ...i.deal, amount: -5000 }, lineItems: [{ name: "返金", quantity: 1, unitPrice: -5000, taxRate: 10 }] }));
    expect(codes(negative)).toContain("non_positive_total");
  });

  it("unknown tax rates, non-JPY currency and existing invoices block", () => {
    const rate = build((i) => ({ ...i, lineItems: [{ id: "1", name: "旧税率", quantity: 1, unitPrice: 100000, taxRate: 5 }] }));
    expect(issueOf(rate, "unknown_tax_rate")).toMatchObject({ severity: "blocking", lineKey: "li:1" });
    expect(rate.total).toBe(105000);
    const usd = build((i) => ({ ...i, deal: { ...i.deal, currency: "usd" } }));
    expect(issueOf(usd, "non_jpy_currency")?.ja).toContain("USD");
    const existing = build((i) => ({ ...i, existingInvoice: { id: "inv-1", number: "INV-2026-0007" } }));
    expect(issueOf(existing, "invoice_already_exists")).toMatchObject({ severity: "blocking", action: "open_existing_invoice" });
    expect(existing.blocked).toBe(true);
  });

  it("a rate without a provider tax code blocks once a mapping exists", () => {
    const draft = build((i) => ({
      ...i,
      lineItems: [...(i.lineItems ?? []), { name: "お菓子", quantity: 1, unitPrice: 0, taxRate: 8 }],
      settings: { ...i.settings, taxCodeMappings: [{ rate: 10, taxCode: "129" }] },
    }));
    expect(draft.issues.filter((x) => x.code === "tax_code_unmapped").map((x) => x.details["taxRate"])).toEqual([8]);
  });

  it("due date before billing date and unknown template placeholders warn", () => {
    const early = build((i) => ({ ...i, settings: { ...i.settings, paymentTerms: { closingDay: 25, payMonthOffset: 0, payDay: 5, holidayShift: "none" } } }));
    expect(early.dueDate).toBe("2026-07-05");
    expect(codes(early)).toEqual(["due_before_billing"]);
    const tpl = build((i) => ({ ...i, settings: { ...i.settings, subjectTemplate: "{{deal.name}} {{deal.nmae}}" } }));
    expect(tpl.subject).toBe("Webサイト制作 {{deal.nmae}}");
    expect(issueOf(tpl, "unknown_template_placeholder")?.details["placeholder"]).toBe("deal.nmae");
  });

  it("values that skipped the schema with too many decimals still give a draft, blocked on that line", () => {
    const input = parseDraftInput(base);
    input.lineItems = [{ id: "1", name: "x", quantity: 0.1 + 0.2, unitPrice: 1000, taxRate: 10 }];
    const draft = buildInvoiceDraft(input);
    expect(issueOf(draft, "invalid_line")).toMatchObject({ severity: "blocking", lineKey: "li:1" });
    expect(draft.lines[0]?.amount).toBe(300);
  });

  it("every issue carries Japanese and English reasons", () => {
    const draft = build((i) => ({
      ...i,
      partner: null,
      deal: { ...i.deal, currency: "EUR", amount: 1 },
      existingInvoice: { id: "x" },
      lineItems: [{ name: "x", quantity: 1, unitPrice: -1, taxRate: 3 }],
    }));
    expect(new Set(codes(draft))).toEqual(
      new Set(["invoice_already_exists", "missing_partner", "non_jpy_currency", "unknown_tax_rate", "non_positive_total", "amount_mismatch"]),
    );
    for (const i of draft.issues) {
      expect(i.ja).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(i.en).toMatch(/^[A-Z][a-z]/);
    }
  });
});

describe("parseDraftInput", () => {
  it("names the field in schema errors", () => {
    const input = { ...bentoDeal, lineItems: [{ name: "x", quantity: 1.0005, unitPrice: 1, taxRate: 10 }] };
    expect(() => parseDraftInput(input)).toThrow(/decimal places/);
    const result = draftInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["lineItems", 0, "quantity"]);
    expect(draftInputSchema.safeParse({ ...bentoDeal, deal: { ...bentoDeal.deal, closedate: "2026-02-30" } }).error?.issues[0]?.path).toEqual(["deal", "closedate"]);
  });
});
