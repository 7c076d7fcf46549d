import { describe, expect, it } from "vitest";
import { mfBillingSchema, mfPartnerSchema } from "./schemas";
import { MfAmountError, parseMfDate, parseMfTimestamp, parseMfYen, settlementOfBilling, toAccountingInvoice, toAccountingPartner, toBillingBody } from "./transform";

// Shapes per MF_API_document.yml (v3.5.0) examples: amounts as strings, slash dates, Japanese statuses.
const billing = mfBillingSchema.parse({
  id: "l0r2nMyN_Leo0Tx1Ko9dkr",
  pdf_url: "https://invoice.moneyforward.com/api/v3/billings/l0r2nMyN_Leo0Tx1Ko9dkr.pdf",
  department_id: "JvYXgt0huGMuiIM0ZcbNg1",
  partner_id: "3t0S-9ByTMCmHbpBxNgAeq",
  partner_name: "Ｒ＆Ｃ商事　（株）",
  title: "11月分 保守サポート（月額）",
  memo: "",
  billing_date: "2026/11/28",
  due_date: "2026/12/31",
  sales_date: "2026/11/28",
  billing_number: "MF-202611-0200",
  payment_status: "未入金",
  email_status: "未送信",
  posting_status: "未郵送",
  created_at: "2026-11-28 12:19:00 +0900",
  updated_at: "2026-11-28 12:20:00 +0900",
  tag_names: ["kakehashi-ref:KH-77AB"],
  excise_price: "5000.0",
  subtotal_price: "50000.0",
  total_price: "55000.0",
  config: { rounding: "round_down", rounding_consumption_tax: "round_down", consumption_tax_display_type: "external" },
});

describe("Money Forward transforms", () => {
  it("parses string amounts to integer yen and refuses fractions", () => {
    expect(parseMfYen("55000.0")).toBe(55000);
    expect(parseMfYen("-1200.0")).toBe(-1200);
    expect(parseMfYen(110000)).toBe(110000);
    expect(parseMfYen("")).toBe(0);
    expect(() => parseMfYen("1239.5")).toThrow(MfAmountError);
    expect(() => parseMfYen("1,200")).toThrow(MfAmountError);
  });

  it("normalises both date formats and the +0900 timestamp", () => {
    expect(parseMfDate("2022/12/09")).toBe("2022-12-09");
    expect(parseMfDate("2022-12-09")).toBe("2022-12-09");
    expect(parseMfDate("")).toBeNull();
    expect(parseMfTimestamp("2023-03-20 14:56:10 +0900")?.toISOString()).toBe("2023-03-20T05:56:10.000Z");
  });

  it("maps a billing (unpaid) and its settlement once 入金済み", () => {
    expect(toAccountingInvoice(billing)).toMatchSnapshot();
    const paid = toAccountingInvoice({ ...billing, payment_status: "入金済み" });
    expect(settlementOfBilling(paid)).toMatchObject({ paymentStatus: "paid", paidAmount: 55000, lastPaidOn: "2026-11-28" });
    expect(toAccountingInvoice({ ...billing, payment_status: "未設定" }).paymentStatus).toBe("unpaid");
  });

  it("maps a partner with its first department as the billing target", () => {
    const p = mfPartnerSchema.parse({
      id: "3t0S-9ByTMCmHbpBxNgAeq",
      code: "12345678901",
      name: "Ｒ＆Ｃ商事　（株）",
      name_kana: "アールアンドシーショウジ",
      name_suffix: "御中",
      memo: "",
      created_at: "2025-04-01 09:00:00 +0900",
      updated_at: "2026-10-01 09:00:00 +0900",
      departments: [{ id: "JvYXgt0huGMuiIM0ZcbNg1", zip: "530-0001", tel: "06-1234-5678", prefecture: "大阪府", address1: "大阪市北区梅田2-2-2", address2: "", person_name: "田中 一郎", person_dept: "経理部", email: "keiri@rc.example.jp" }],
    });
    expect(toAccountingPartner(p)).toMatchSnapshot();
  });

  it("builds a billing with excise per line and the reference as a tag", () => {
    expect(
      toBillingBody({
        ourReference: "KH-77AB",
        partnerId: "3t0S-9ByTMCmHbpBxNgAeq",
        departmentId: "JvYXgt0huGMuiIM0ZcbNg1",
        billingDate: "2026-11-30",
        dueDate: "2026-12-31",
        subject: "11月分 ご請求",
        invoiceNumber: "KH-2026-0001",
        taxEntry: "exclusive",
        rounding: "floor",
        lines: [
          { description: "保守サポート", quantity: 1, unitPrice: 50000, taxRate: 10 },
          { description: "軽減税率の品", quantity: 2, unitPrice: 1000, taxRate: 8, reducedRate: true },
          { description: "非課税の品", quantity: 1, unitPrice: 500, taxRate: 0 },
        ],
      }),
    ).toMatchSnapshot();
  });
});
