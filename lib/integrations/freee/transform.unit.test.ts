import { describe, expect, it } from "vitest";
import { freeeDealSchema, freeeInvoiceSummarySchema, freeePartnerSchema } from "./schemas";
import { referenceFromMemo, settlementOf, toAccountingInvoice, toAccountingPartner, toInvoiceRequestBody, toPartnerUpsertBody, toTaxCode } from "./transform";

// Realistic payloads in the shapes of [ACC partnerResponse], [IV InvoiceIndexResponse_invoices], [ACC dealResponse].
const partner = freeePartnerSchema.parse({
  id: 30000011,
  code: "C00011",
  company_id: 100001,
  name: "株式会社京都青木食品",
  update_date: "2026-11-20",
  available: true,
  shortcut1: "キョウトアオキ",
  shortcut2: null,
  org_code: 1,
  country_code: "JP",
  long_name: "京都青木食品株式会社",
  name_kana: "キョウトアオキショクヒン",
  default_title: "御中",
  phone: "075-123-4567",
  contact_name: "青木 花子",
  email: "billing@aoki-foods.example.jp",
  payer_walletable_id: null,
  transfer_fee_handling_side: "payer",
  qualified_invoice_issuer: true,
  invoice_registration_number: "T5130001012345",
  address_attributes: { zipcode: "600-8001", prefecture_code: 25, street_name1: "京都市下京区四条通1-2", street_name2: "青木ビル3F" },
  partner_doc_setting_attributes: { sending_method: "email" },
  partner_bank_account_attributes: { bank_name: null },
});

const invoiceRow = freeeInvoiceSummarySchema.parse({
  id: 70000249,
  company_id: 100001,
  invoice_number: "INV-202611-0017",
  subject: "2026年11月分 クラウド利用料",
  template_id: 1,
  billing_date: "2026-11-27",
  issue_date: "2026-11-27",
  payment_date: "2026-12-31",
  payment_type: "transfer",
  memo: "kakehashi-ref:KH-8F3A2C",
  sending_status: "unsent",
  payment_status: "unsettled",
  cancel_status: "uncanceled",
  deal_status: "registered",
  deal_id: 51000012,
  total_amount: 66000,
  amount_withholding_tax: 0,
  amount_including_tax: 66000,
  amount_excluding_tax: 60000,
  amount_tax: 6000,
  amount_brought_forward: null,
  partner_id: 30000108,
  partner_code: "C00108",
  partner_name: "㈱ 福岡長谷川メディア",
  partner_display_name: "株式会社福岡長谷川メディア",
  report_url: "https://invoice.secure.freee.co.jp/reports/invoices/70000249",
  sales_management_origin: false,
});

const deal = (payments: { id: number; date: string; amount: number }[], dueAmount: number, status: "settled" | "unsettled") =>
  freeeDealSchema.parse({
    id: 51000012,
    company_id: 100001,
    issue_date: "2026-11-27",
    due_date: "2026-12-31",
    amount: 66000,
    due_amount: dueAmount,
    type: "income",
    partner_id: 30000108,
    partner_code: "C00108",
    ref_number: "INV-202611-0017",
    status,
    deal_origin_name: "freee請求書",
    details: [],
    renews: [],
    ...(payments.length ? { payments: payments.map((p) => ({ ...p, from_walletable_type: "bank_account", from_walletable_id: 1 })) } : {}),
  });

describe("freee transforms", () => {
  it("maps a partner", () => {
    expect(toAccountingPartner(partner)).toMatchSnapshot();
  });

  it("builds the upsert_by_code body with code outside `partner`", () => {
    const body = toPartnerUpsertBody(100001, {
      code: "12345678901",
      name: "株式会社かけはしテスト",
      registrationNumber: "T1234567890123",
      address: { zipcode: "100-0005", prefectureCode: 12, street1: "千代田区丸の内1-1-1" },
      phone: "03-1234-5678",
    });
    expect(body).toMatchSnapshot();
    expect((body.partner as Record<string, unknown>).code).toBeUndefined();
  });

  it("maps an invoice with its deal: unpaid, partially paid, bank-fee short, paid", () => {
    expect(toAccountingInvoice(invoiceRow, deal([], 66000, "unsettled"))).toMatchObject({ paymentStatus: "unpaid", paidAmount: 0, ourReference: "KH-8F3A2C", dealId: "51000012" });
    expect(settlementOf(invoiceRow, deal([{ id: 1, date: "2026-12-10", amount: 33000 }], 33000, "unsettled"))).toMatchObject({ paymentStatus: "partially_paid", paidAmount: 33000, lastPaidOn: "2026-12-10" });
    expect(settlementOf(invoiceRow, deal([{ id: 2, date: "2026-12-28", amount: 65340 }], 660, "unsettled"))).toMatchObject({ paymentStatus: "partially_paid", paidAmount: 65340 });
    expect(settlementOf(invoiceRow, deal([{ id: 1, date: "2026-12-10", amount: 33000 }, { id: 3, date: "2026-12-20", amount: 33000 }], 0, "settled"))).toMatchSnapshot();
  });

  it("a cancelled invoice is cancelled whatever its deal says", () => {
    expect(settlementOf({ ...invoiceRow, cancel_status: "canceled", deal_id: null }, null).paymentStatus).toBe("cancelled");
  });

  it("without a deal, the invoice's own payment_status decides", () => {
    expect(settlementOf({ ...invoiceRow, payment_status: "settled", deal_id: null }, null)).toMatchObject({ paymentStatus: "paid", paidAmount: 66000 });
  });

  it("builds a freee請求書 request: string unit price, reduced rate flag, our reference in memo and number", () => {
    const draft = {
      ourReference: "KH-8F3A2C",
      partnerId: "30000108",
      billingDate: "2026-11-30",
      dueDate: "2026-12-31",
      subject: "11月分 ご請求",
      notes: "お振込手数料は貴社にてご負担ください。",
      taxEntry: "exclusive" as const,
      rounding: "floor" as const,
      lines: [
        { description: "コンサルティング", quantity: 1, unitPrice: 100000, taxRate: 10 as const, taxCode: "129" },
        { description: "お弁当", quantity: 3, unitPrice: 1080, taxRate: 8 as const, reducedRate: true, taxCode: "156" },
      ],
    };
    const manual = toInvoiceRequestBody(100001, draft, "manual");
    expect(manual).toMatchSnapshot();
    const auto = toInvoiceRequestBody(100002, draft, "auto");
    expect(auto.invoice_number).toBeUndefined();
    expect(auto.subject).toContain("KH-8F3A2C");
    expect(referenceFromMemo(String(manual.memo))).toBe("KH-8F3A2C");
  });

  it("tax codes: rate from display_category, 0 % for non-taxable sales, null for rate-less codes", () => {
    expect([
      toTaxCode({ code: 129, name: "sales_with_tax_10", name_ja: "課税売上10%", display_category: "tax_10", available: true }),
      toTaxCode({ code: 156, name: "sales_with_tax_r8", name_ja: "課税売上8%（軽）", display_category: "tax_r8", available: true }),
      toTaxCode({ code: 23, name: "sales_non_taxable", name_ja: "非課売上", display_category: null, available: true }),
      toTaxCode({ code: 2, name: "non_taxable", name_ja: "対象外", display_category: null, available: true }),
      toTaxCode({ code: 34, name: "purchase_with_tax_10", name_ja: "課対仕入10%", display_category: "tax_10", available: true }),
    ]).toMatchSnapshot();
  });
});
