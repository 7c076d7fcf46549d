import { describe, expect, it } from "vitest";
import { listPageSchema, pipelinesResponseSchema } from "./schemas";
import { companyRow, dealRow, jstDate, lineItemRow, pipelineRows, productRow, stageKind } from "./transform";

const CONN = "00000000-0000-4000-8000-000000000001";
const AT = new Date("2026-11-27T03:00:00.000Z");

// Realistic wire payloads, shaped as GET /crm/v3/objects/{type}?associations=… returns them (values are strings).
const dealsPage = listPageSchema.parse({
  results: [
    {
      id: "30000000412",
      properties: {
        amount: "1650000", closedate: "2026-11-26T15:30:00.000Z", createdate: "2026-09-01T01:02:03.000Z", deal_currency_code: "JPY",
        dealname: "株式会社サンプル商事 業務システム開発（人月）", dealstage: "11348542", hs_lastmodifieddate: "2026-11-26T15:31:12.345Z",
        hs_object_id: "30000000412", hubspot_owner_id: "75100003", pipeline: "75318642",
        hs_v2_date_entered_11348540: "2026-09-01T01:02:03.000Z", hs_v2_date_entered_11348542: "2026-11-26T15:30:00.000Z", hs_date_entered_11348542: "2026-11-26T15:30:00.000Z",
      },
      createdAt: "2026-09-01T01:02:03.000Z", updatedAt: "2026-11-26T15:31:12.345Z", archived: false,
      associations: { companies: { results: [{ id: "20000000007", type: "deal_to_company_unlabeled" }, { id: "20000000003", type: "deal_to_company" }] } },
    },
    {
      id: "30000000413",
      properties: { amount: "980.5", closedate: null, deal_currency_code: "USD", dealname: "Export deal", dealstage: "closedlost", pipeline: "default", hs_lastmodifieddate: "2026-10-01T00:00:00Z", hubspot_owner_id: "" },
      archived: false,
    },
  ],
  paging: { next: { after: "30000000414", link: "…" } },
});

describe("hubspot transforms", () => {
  it("maps deals: integer yen for JPY, JST close date, primary company, stage entry time", () => {
    const rows = dealsPage.results.map((o) => dealRow(CONN, o, AT));
    expect(rows[0]).toMatchObject({ amountYen: 1650000, closeDate: "2026-11-27", companyId: "20000000003", stageEnteredAt: new Date("2026-11-26T15:30:00.000Z") });
    expect(rows[1]).toMatchObject({ amountYen: null, currency: "USD", closeDate: null, ownerId: null, companyId: null });
    expect(rows).toMatchSnapshot();
  });

  it("maps companies: 法人番号 only when the check digit is valid, registration number as entered", () => {
    const page = listPageSchema.parse({
      results: [
        { id: "20000000003", properties: { name: "株式会社サンプル商事", domain: "sample-shoji.co.jp", corporate_number: "7010001008844", invoice_registration_number: "T7010001008844", state: "東京都", city: "千代田区", address: "丸の内1-1-1", phone: "03-1234-5678", hubspot_owner_id: "75100001", hs_lastmodifieddate: "2026-11-01T09:00:00Z" } },
        { id: "20000000004", properties: { name: "有限会社テスト", corporate_number: "1234567890123", hs_lastmodifieddate: "2026-11-01T09:00:00Z" }, archived: true, archivedAt: "2026-11-20T00:00:00Z" },
      ],
    });
    const rows = page.results.map((o) => companyRow(CONN, o, AT));
    expect(rows[0]?.corporateNumber).toBe("7010001008844");
    expect(rows[1]).toMatchObject({ corporateNumber: null, archivedAt: new Date("2026-11-20T00:00:00Z") });
    expect(rows).toMatchSnapshot();
  });

  it("maps line items and products: tax rate from hs_tax_rate or the tax-rate group", () => {
    const page = listPageSchema.parse({
      results: [
        { id: "80000000001", properties: { name: "会議用弁当（10食）", quantity: "3", price: "12000", amount: "36000", hs_product_id: "70000000013", hs_tax_rate_group_id: "1002", hs_lastmodifieddate: "2026-11-02T00:00:00Z" }, associations: { deals: { results: [{ id: 30000000412, type: "line_item_to_deal" }] } } },
        { id: "80000000002", properties: { name: "ノートPC（業務用）", quantity: "2", price: "148000", hs_tax_rate: "10", hs_lastmodifieddate: "2026-11-02T00:00:00Z" } },
      ],
    });
    const rows = page.results.map((o) => lineItemRow(CONN, o, AT));
    expect(rows.map((r) => [r.dealId, r.taxRate])).toEqual([["30000000412", 8], [null, 10]]);
    expect(rows).toMatchSnapshot();
    const product = productRow(CONN, listPageSchema.parse({ results: [{ id: "70000000013", properties: { name: "会議用弁当（10食）", price: "12000", hs_sku: "FD-BENTO10", hs_tax_rate_group_id: "1002" } }] }).results[0]!, AT);
    expect(product).toMatchObject({ sku: "FD-BENTO10", taxRate: 8 });
  });

  it("derives won/lost from stage metadata, not ids (custom pipeline with numeric ids)", () => {
    const pipelines = pipelinesResponseSchema.parse({
      results: [
        {
          id: "75318642", label: "保守・サブスク契約", displayOrder: 1, archived: false,
          stages: [
            { id: "11348540", label: "見積提出", displayOrder: 0, metadata: { isClosed: "false", probability: "0.3" }, archived: false },
            { id: "11348542", label: "受注", displayOrder: 2, metadata: { isClosed: "true", probability: "1.0" }, archived: false },
            { id: "11348543", label: "失注", displayOrder: 3, metadata: { isClosed: "true", probability: "0.0" }, archived: false },
          ],
        },
      ],
    });
    const { stages } = pipelineRows(CONN, pipelines.results, AT);
    expect(stages.map((s) => [s.id, s.kind])).toEqual([["11348540", "open"], ["11348542", "won"], ["11348543", "lost"]]);
    expect(stageKind({ probability: "1.0" })).toBe("won");
    expect(stageKind({ probability: "0.9", isClosed: "false" })).toBe("open");
    expect(stageKind({ probability: "0.5", isClosed: "true" })).toBe("lost");
    expect(stageKind({ id: "closedwon" } as Record<string, string>)).toBe("open"); // the id alone says nothing
  });

  it("converts instants to JST calendar dates", () => {
    expect(jstDate("2026-03-31T15:00:00.000Z")).toBe("2026-04-01");
    expect(jstDate("2026-03-31T14:59:59.999Z")).toBe("2026-03-31");
    expect(jstDate(String(Date.UTC(2026, 0, 1)))).toBe("2026-01-01");
    expect(jstDate("")).toBeNull();
  });
});
