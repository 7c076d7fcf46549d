/**
 * Money Forward emulator vs the official Cloud Invoice v3 OpenAPI document (MF_API_document.yml, OpenAPI 3.1):
 * every response of the scenario is validated with the OpenAPI validator, and the validator is shown to catch a
 * deliberately wrong response. 401/403/429 are not declared by the document for any operation, so those calls are
 * made with validation off (their bodies are opaque per the doc). Skipped where ../shared/specs is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConformanceClient, type ConformanceClient } from "../conformance/conformance-client";
import { loadOpenApiValidator, specsDir, specsPresent } from "../conformance/openapi-validator";
import { startMoneyForwardEmulator, type MoneyForwardEmulatorHandle } from "./index";

const present = specsPresent(["moneyforward"]);
if (!present) console.warn(`[skip] Money Forward conformance: OpenAPI document not found under ${specsDir()} (set KAKEHASHI_SPECS_DIR)`);

type Json = Record<string, unknown>;

describe.skipIf(!present)("Money Forward emulator conforms to the official OpenAPI document", () => {
  let h: MoneyForwardEmulatorHandle;
  let api: ConformanceClient;
  let token: string;

  beforeAll(async () => {
    h = await startMoneyForwardEmulator({ port: 0, seed: { seed: 5, companies: 40, deals: 100 } });
    api = createConformanceClient(h.url);
    token = ((await (await fetch(`${h.url}/_sandbox/tokens`, { method: "POST" })).json()) as { access_token: string }).access_token;
    await fetch(`${h.url}/_sandbox/rate-limits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: false }) });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("the validator rejects a deliberately wrong response and names the path and the field", async () => {
    const v = await loadOpenApiValidator("moneyforward");
    const good = await api.request("GET", "/api/v3/billings?per_page=1", { token, validate: false });
    const billing = ((good.body as { data: Json[] }).data[0] ?? {}) as Json;
    const r = v.validateResponse({
      method: "GET",
      path: "/api/v3/billings/abc",
      status: 200,
      contentType: "application/json",
      body: { ...billing, total_price: 110000, payment_status: "paid", use_invoice_template: undefined },
    });
    expect(r.valid).toBe(false);
    const text = r.errors.join("\n");
    expect(text).toContain("GET /billings/{billing_id} 200");
    expect(text).toContain("body/total_price must be string");
    expect(text).toContain("body/payment_status must be equal to one of the allowed values");
    expect(text).toContain("body/use_invoice_template is required");
    const list = v.validateResponse({ method: "GET", path: "/api/v3/partners", status: 200, contentType: "application/json", body: { data: [] } });
    expect(list.errors.join("\n")).toContain("body/pagination is required");
  });

  it("a corrupted emulator record is caught end to end by the conformance client", async () => {
    const probe = createConformanceClient(h.url);
    const billing = [...h.state.billings.values()][0];
    if (!billing) throw new Error("no billing");
    const saved = billing.payment_status;
    (billing as unknown as Record<string, unknown>).payment_status = "paid"; // not one of the Japanese enum values
    try {
      await probe.request("GET", `/api/v3/billings/${billing.id}`, { token });
    } finally {
      billing.payment_status = saved;
    }
    expect(probe.violations.join("\n")).toContain("GET /billings/{billing_id} 200 application/json: body/payment_status must be equal to one of the allowed values");
  });

  it("office, partners with departments, items, billings, lines and payment status conform", async () => {
    expect((await api.request("GET", "/api/v3/office", { token })).status).toBe(200);
    const partners = await api.request("GET", "/api/v3/partners?per_page=20&page=2", { token });
    expect(partners.status).toBe(200);
    expect((partners.body as { pagination: Json }).pagination).toMatchObject({ per_page: 20, current_page: 2 });

    const created = await api.request("POST", "/api/v3/partners", {
      token,
      json: { name: "株式会社コンフォーマンス", code: "KKH-00001", name_kana: "コンフォーマンス", name_suffix: "御中", departments: [{ person_dept: "経理部", person_name: "山田 花子", email: "keiri@example.co.jp", zip: "100-0001", tel: "03-0000-0000", peppol_id: "0221:T1234567890123" }] },
    });
    expect(created.status).toBe(201);
    const partner = created.body as Json;
    const dept = (partner.departments as Json[])[0] as Json;
    expect((await api.request("GET", `/api/v3/partners/${partner.id}`, { token })).status).toBe(200);
    expect((await api.request("PUT", `/api/v3/partners/${partner.id}`, { token, json: { name: "株式会社コンフォーマンス改" } })).status).toBe(200);
    expect(((await api.request("GET", `/api/v3/partners?code=KKH-00001`, { token })).body as { data: Json[] }).data).toHaveLength(1);
    expect((await api.request("GET", `/api/v3/partners/${partner.id}/departments`, { token })).status).toBe(200);
    const dept2 = await api.request("POST", `/api/v3/partners/${partner.id}/departments`, { token, json: { person_dept: "購買部" } });
    expect(dept2.status).toBe(201);
    expect((await api.request("GET", `/api/v3/partners/${partner.id}/departments/${dept.id}`, { token })).status).toBe(200);
    expect((await api.request("PUT", `/api/v3/partners/${partner.id}/departments/${dept.id}`, { token, json: { person_title: "課長" } })).status).toBe(200);
    expect((await api.request("DELETE", `/api/v3/partners/${partner.id}/departments/${(dept2.body as Json).id}`, { token })).status).toBe(204);

    const items = await api.request("GET", "/api/v3/items", { token });
    expect(items.status).toBe(200);
    const newItem = await api.request("POST", "/api/v3/items", { token, json: { name: "検証サービス", code: "VERIFY", price: 5000, quantity: 1, excise: "ten_percent", unit: "式" } });
    expect(newItem.status).toBe(201);
    expect((newItem.body as Json).price).toBe("5000.0");
    expect((await api.request("GET", `/api/v3/items/${(newItem.body as Json).id}`, { token })).status).toBe(200);
    expect((await api.request("PUT", `/api/v3/items/${(newItem.body as Json).id}`, { token, json: { price: 6000 } })).status).toBe(200);

    const billing = await api.request("POST", "/api/v3/invoice_template_billings", {
      token,
      json: {
        department_id: dept.id,
        billing_date: "2026-11-20",
        due_date: "2026-12-31",
        title: "2026年11月分",
        billing_number: "KKH-INV-0001",
        tag_names: ["kakehashi"],
        items: [
          { name: "コンサルティング", quantity: 1, price: 100000, excise: "ten_percent" },
          { name: "軽食", quantity: 10, price: 1080, excise: "eight_percent_as_reduced_tax_rate" },
          { item_id: (newItem.body as Json).id, quantity: 2 },
        ],
      },
    });
    expect(billing.status).toBe(201);
    const b = billing.body as Json;
    // 100,000 + 12,000 at 10 % → 11,200; 10,800 at 8 % → 864; per-line excise kept.
    expect(b).toMatchObject({ subtotal_price: "122800.0", excise_price: "12064.0", total_price: "134864.0", subtotal_of_ten_percent_excise: "112000.0", excise_price_of_eight_percent_as_reduced_tax_rate: "864.0", billing_date: "2026/11/20", partner_id: partner.id, use_invoice_template: true });
    expect((b.items as Json[]).map((i) => i.excise)).toEqual(["ten_percent", "eight_percent_as_reduced_tax_rate", "ten_percent"]);

    expect((await api.request("GET", `/api/v3/billings/${b.id}`, { token })).status).toBe(200);
    const byNumber = await api.request("GET", "/api/v3/billings?document_number=KKH-INV-0001", { token });
    expect(((byNumber.body as { data: Json[] }).data).map((x) => x.id)).toEqual([b.id]);
    expect((await api.request("GET", "/api/v3/billings?range_key=billing_date&from=2026-11-01&to=2026-11-30&per_page=100", { token })).status).toBe(200);
    expect((await api.request("PUT", `/api/v3/billings/${b.id}`, { token, json: { title: "2026年11月分（修正）", memo: "kakehashi:deal-1" } })).status).toBe(200);
    const lines = await api.request("GET", `/api/v3/billings/${b.id}/items`, { token });
    expect(lines.status).toBe(200);
    const attached = await api.request("POST", `/api/v3/billings/${b.id}/items`, { token, json: { name: "追加作業", quantity: 1, price: 20000, excise: "ten_percent" } });
    expect(attached.status).toBe(201);
    expect((await api.request("GET", `/api/v3/billings/${b.id}/items/${(attached.body as Json).id}`, { token })).status).toBe(200);
    expect((await api.request("DELETE", `/api/v3/billings/${b.id}/items/${(attached.body as Json).id}`, { token })).status).toBe(204);
    const paid = await api.request("PUT", `/api/v3/billings/${b.id}/payment_status`, { token, json: { payment_status: "2" } });
    expect(paid.status).toBe(200);
    expect((paid.body as Json).payment_status).toBe("入金済み");

    // Documented error statuses.
    expect((await api.request("GET", "/api/v3/billings/doesnotexist", { token })).status).toBe(404);
    expect((await api.request("POST", "/api/v3/invoice_template_billings", { token, json: { department_id: dept.id, billing_date: "2026-11-20" } })).status).toBe(400);
    expect((await api.request("PUT", `/api/v3/billings/${b.id}/payment_status`, { token, json: { payment_status: "9" } })).status).toBe(400);
    expect((await api.request("DELETE", `/api/v3/partners/${partner.id}`, { token })).status).toBe(400); // it has a billing
    expect((await api.request("DELETE", `/api/v3/billings/${b.id}`, { token })).status).toBe(204);
    expect((await api.request("DELETE", `/api/v3/items/${(newItem.body as Json).id}`, { token })).status).toBe(204);

    api.assertNoViolations();
    expect(api.checked.length).toBeGreaterThan(25);
  });
});
