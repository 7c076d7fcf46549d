import { describe, expect, it } from "vitest";
import type { Billing, BillingItem, Excise } from "./store";
import { billingTotals, money, page, slashDate } from "./views";

const item = (price: number, quantity: number, excise: Excise): BillingItem => ({
  id: `i${price}`, name: "x", code: "", detail: "", unit: "", price, quantity, excise, delivery_number: "", delivery_date: null, createdAt: 0, updatedAt: 0,
});

const billing = (items: BillingItem[]): Billing => ({
  id: "b", departmentId: "d", title: "", memo: "", payment_condition: "", billing_date: "2026-11-20", due_date: "2026-12-31", sales_date: null,
  billing_number: "", note: "", document_name: "", tag_names: [], payment_status: "未設定", email_status: "未送信", posting_status: "未郵送",
  is_downloaded: false, is_locked: false, items, createdAt: 0, updatedAt: 0,
});

describe("Money Forward wire formats", () => {
  it("renders amounts as decimal strings and dates with slashes", () => {
    expect(money(110000)).toBe("110000.0");
    expect(money(1239.1)).toBe("1239.1");
    expect(money(0)).toBe("0.0");
    expect(slashDate("2026-11-20")).toBe("2026/11/20");
    expect(slashDate(null)).toBe("");
  });

  it("computes consumption tax once per excise category, rounding down", () => {
    const t = billingTotals(billing([item(333, 1, "ten_percent"), item(333, 1, "ten_percent"), item(333, 1, "ten_percent"), item(105, 2, "eight_percent_as_reduced_tax_rate"), item(5000, 1, "non_taxable")]));
    expect(t.per.ten_percent).toEqual({ subtotal: 999, tax: 99 });
    expect(t.per.eight_percent_as_reduced_tax_rate).toEqual({ subtotal: 210, tax: 16 });
    expect(t.per.non_taxable).toEqual({ subtotal: 5000, tax: 0 });
    expect(t).toMatchObject({ subtotal: 6209, excise: 115, total: 6324 });
  });

  it("pages with MF's pagination block", () => {
    const rows = Array.from({ length: 23 }, (_, i) => i);
    expect(page(rows, 3, 10)).toEqual({ data: [20, 21, 22], pagination: { total_count: 23, total_pages: 3, per_page: 10, current_page: 3 } });
    expect(page(rows, 4, 10).data).toEqual([]);
  });
});
