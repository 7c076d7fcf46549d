/**
 * freee emulator vs the official OpenAPI documents (freee会計 v2020_06_15 and freee請求書 iv): every response of the
 * scenario below is validated with the OpenAPI validator (Ajv on the dereferenced document), and the validator is
 * shown to catch a deliberately wrong response. Skipped, with a note, where ../shared/specs is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConformanceClient, type ConformanceClient } from "../conformance/conformance-client";
import { loadOpenApiValidator, specsDir, specsPresent } from "../conformance/openapi-validator";
import { startFreeeEmulator, type FreeeEmulatorHandle } from "./index";

const present = specsPresent(["freee-accounting", "freee-iv"]);
if (!present) console.warn(`[skip] freee conformance: OpenAPI documents not found under ${specsDir()} (set KAKEHASHI_SPECS_DIR)`);

const C = 100001;

type Json = Record<string, unknown>;

describe.skipIf(!present)("freee emulator conforms to the official OpenAPI documents", () => {
  let h: FreeeEmulatorHandle;
  let api: ConformanceClient;
  let token: string;

  beforeAll(async () => {
    h = await startFreeeEmulator({ port: 0, seed: { seed: 7, companies: 60, deals: 200 } });
    api = createConformanceClient(h.url);
    const t = (await (await fetch(`${h.url}/_sandbox/tokens`, { method: "POST" })).json()) as { access_token: string };
    token = t.access_token;
  });
  afterAll(async () => {
    await h.stop();
  });

  it("the validator rejects a deliberately wrong response and names the path and the field", async () => {
    const acc = await loadOpenApiValidator("freee-accounting");
    const good = await api.request("GET", `/api/1/partners?company_id=${C}&limit=1`, { token, validate: false });
    const partner = (good.body as { partners: Json[] }).partners[0] as Json;
    const broken = { partners: [{ ...partner, available: "yes", name: undefined }] };
    const r = acc.validateResponse({ method: "GET", path: "/api/1/partners", status: 200, contentType: "application/json", body: JSON.parse(JSON.stringify(broken)) });
    expect(r.valid).toBe(false);
    expect(r.errors.join("\n")).toContain("GET /api/1/partners 200");
    expect(r.errors.join("\n")).toContain("body/partners/0/available must be boolean");
    expect(r.errors.join("\n")).toContain("body/partners/0/name is required");

    const iv = await loadOpenApiValidator("freee-iv");
    const wrongLine = iv.validateResponse({
      method: "GET",
      path: "/iv/invoices/1",
      status: 200,
      contentType: "application/json",
      body: { invoice: { id: 1, lines: [{ id: 1, type: "item", description: "x", withholding: false, unit_price: 1000 }] } },
    });
    expect(wrongLine.valid).toBe(false);
    expect(wrongLine.errors.join("\n")).toMatch(/body\/invoice\/lines\/0\/unit_price must be string/);
    // Wrong media type for an iv error (the document declares application/problem+json) and an undocumented status.
    expect(iv.validateResponse({ method: "GET", path: "/iv/invoices/1", status: 404, contentType: "application/json", body: {} }).valid).toBe(false);
    expect(acc.validateResponse({ method: "GET", path: "/api/1/partners", status: 418, contentType: "application/json", body: {} }).errors[0]).toContain("not documented");
  });

  it("a corrupted emulator record is caught end to end by the conformance client", async () => {
    const probe = createConformanceClient(h.url);
    const partner = [...h.state.partners.values()].find((p) => p.company_id === C);
    if (!partner) throw new Error("no partner");
    const saved = partner.update_date;
    (partner as unknown as Record<string, unknown>).update_date = 20261128; // a number where the document says string
    try {
      await probe.request("GET", `/api/1/partners/${partner.id}?company_id=${C}`, { token });
    } finally {
      partner.update_date = saved;
    }
    expect(probe.violations.join("\n")).toContain("GET /api/1/partners/{id} 200 application/json: body/partner/update_date must be string");
    expect(() => probe.assertNoViolations()).toThrow(/OpenAPI violations/);
  });

  it("accounting: companies, partners, deals, payments and masters conform", async () => {
    const get = (p: string) => api.request("GET", p, { token });
    expect((await get("/api/1/companies")).status).toBe(200);
    expect((await get(`/api/1/companies/${C}?details=true`)).status).toBe(200);
    const list = await get(`/api/1/partners?company_id=${C}&limit=100`);
    expect(list.status).toBe(200);
    const partners = (list.body as { partners: Json[] }).partners;
    expect(partners.length).toBeGreaterThan(10);
    expect((await get(`/api/1/partners/${partners[0]?.id}?company_id=${C}`)).status).toBe(200);
    expect((await get(`/api/1/partners?company_id=${C}&keyword=${encodeURIComponent("株式会社")}`)).status).toBe(200);

    const created = await api.request("POST", "/api/1/partners", {
      token,
      json: {
        company_id: C,
        name: "株式会社コンフォーマンス検証",
        code: "CONF-001",
        long_name: "株式会社コンフォーマンス検証",
        name_kana: "コンフォーマンスケンショウ",
        qualified_invoice_issuer: true,
        invoice_registration_number: "1234567890123",
        address_attributes: { zipcode: "100-0001", prefecture_code: 12, street_name1: "千代田区1-1" },
        partner_doc_setting_attributes: { sending_method: "email" },
      },
    });
    expect(created.status).toBe(201);
    const p = (created.body as { partner: Json }).partner;
    expect(p.invoice_registration_number).toBe("T1234567890123");
    expect((await api.request("PUT", `/api/1/partners/${p.id}`, { token, json: { company_id: C, name: "株式会社コンフォーマンス検証2" } })).status).toBe(200);
    expect((await api.request("PUT", `/api/1/partners/code/CONF-001`, { token, json: { company_id: C, partner: { name: "株式会社コンフォーマンス検証3" } } })).status).toBe(200);
    const upCreate = await api.request("PUT", "/api/1/partners/upsert_by_code", { token, json: { company_id: C, code: "CONF-002", partner: { name: "合同会社アップサート" } } });
    expect(upCreate.status).toBe(201);
    const upUpdate = await api.request("PUT", "/api/1/partners/upsert_by_code", { token, json: { company_id: C, code: "CONF-002", partner: { name: "合同会社アップサート改" } } });
    expect(upUpdate.status).toBe(200);
    expect((upUpdate.body as { partner: Json }).partner.id).toBe((upCreate.body as { partner: Json }).partner.id);

    // Errors with their documented bodies.
    const dup = await api.request("POST", "/api/1/partners", { token, json: { company_id: C, name: "合同会社アップサート改", code: "CONF-003" } });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ status_code: 400, errors: [{ type: "status" }, { type: "validation" }] });
    expect((await get(`/api/1/partners/999?company_id=${C}`)).status).toBe(404);
    expect((await api.request("GET", `/api/1/partners?company_id=${C}`, { token: "nope" })).status).toBe(401);
    // DELETE archives, and only a partner set available:false first (freee's 2024 notice).
    const upId = (upCreate.body as { partner: Json }).partner.id;
    expect((await api.request("DELETE", `/api/1/partners/${upId}?company_id=${C}`, { token })).status).toBe(400);
    expect((await api.request("PUT", `/api/1/partners/${upId}`, { token, json: { company_id: C, name: "合同会社アップサート改", available: false } })).status).toBe(200);
    expect((await api.request("DELETE", `/api/1/partners/${upId}?company_id=${C}`, { token })).status).toBe(204);
    expect(((await get(`/api/1/partners/${upId}?company_id=${C}`)).body as { partner: Json }).partner.available).toBe(false);
    expect(((await get(`/api/1/partners?company_id=${C}&keyword=${encodeURIComponent("アップサート")}`)).body as { partners: Json[] }).partners).toHaveLength(0);

    const deals = await get(`/api/1/deals?company_id=${C}&type=income&limit=100`);
    expect(deals.status).toBe(200);
    const dealRows = (deals.body as { deals: Json[]; meta: { total_count: number } }).deals;
    expect(dealRows.some((d) => Array.isArray(d.payments))).toBe(true);
    expect((await get(`/api/1/deals/${dealRows[0]?.id}?company_id=${C}`)).status).toBe(200);
    expect((await get(`/api/1/deals?company_id=${C}&status=unsettled`)).status).toBe(200);

    const taxes = await get(`/api/1/taxes/companies/${C}`);
    expect(taxes.status).toBe(200);
    const accountItems = await get(`/api/1/account_items?company_id=${C}`);
    const sales = (accountItems.body as { account_items: Json[] }).account_items.find((a) => a.name === "売上高") as Json;
    const walletables = await get(`/api/1/walletables?company_id=${C}&with_balance=true`);
    const bank = (walletables.body as { walletables: Json[] }).walletables.find((w) => w.type === "bank_account") as Json;
    const newDeal = await api.request("POST", "/api/1/deals", {
      token,
      json: { company_id: C, issue_date: "2026-10-01", due_date: "2026-11-30", type: "income", partner_id: p.id, ref_number: "KK-1", details: [{ tax_code: 129, account_item_id: sales.id, amount: 110000 }] },
    });
    expect(newDeal.status).toBe(201);
    const deal = (newDeal.body as { deal: Json }).deal;
    expect(deal).toMatchObject({ status: "unsettled", due_amount: 110000 });
    const paid = await api.request("POST", `/api/1/deals/${deal.id}/payments`, {
      token,
      json: { company_id: C, date: "2026-11-30", from_walletable_type: "bank_account", from_walletable_id: bank.id, amount: 109340 },
    });
    expect(paid.status).toBe(201);
    expect((paid.body as { deal: Json }).deal).toMatchObject({ status: "unsettled", due_amount: 660 });
    const paymentId = ((paid.body as { deal: { payments: Json[] } }).deal.payments[0] as Json).id;
    const fixed = await api.request("PUT", `/api/1/deals/${deal.id}/payments/${paymentId}`, {
      token,
      json: { company_id: C, date: "2026-11-30", from_walletable_type: "bank_account", from_walletable_id: bank.id, amount: 110000 },
    });
    expect((fixed.body as { deal: Json }).deal).toMatchObject({ status: "settled", due_amount: 0 });

    for (const p2 of [`/api/1/items?company_id=${C}`, `/api/1/sections?company_id=${C}`, `/api/1/wallet_txns?company_id=${C}&limit=50`]) {
      expect((await get(p2)).status).toBe(200);
    }
    const txns = await get(`/api/1/wallet_txns?company_id=${C}&limit=1`);
    expect((await get(`/api/1/wallet_txns/${(txns.body as { wallet_txns: Json[] }).wallet_txns[0]?.id}?company_id=${C}`)).status).toBe(200);
    const items = await get(`/api/1/items?company_id=${C}`);
    expect((await get(`/api/1/items/${(items.body as { items: Json[] }).items[0]?.id}?company_id=${C}`)).status).toBe(200);
    expect((await api.request("POST", "/api/1/items", { token, json: { company_id: C, name: "検証用品目" } })).status).toBe(201);

    expect((await get("/api/1/users/me?companies=true")).status).toBe(200);

    api.assertNoViolations();
    expect(api.checked.length).toBeGreaterThan(25);
  });

  it("401 (expired token) and 403 (excessive access) bodies conform on both products", async () => {
    const own = ((await (await fetch(`${h.url}/_sandbox/tokens`, { method: "POST" })).json()) as { access_token: string }).access_token;
    await fetch(`${h.url}/_sandbox/excessive-access`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ companyId: C, minutes: 1 }) });
    expect((await api.request("GET", `/api/1/partners?company_id=${C}`, { token: own })).status).toBe(403);
    expect((await api.request("GET", `/iv/invoices?company_id=${C}`, { token: own })).status).toBe(403);
    await fetch(`${h.url}/_sandbox/rate-limits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: true }) });
    await fetch(`${h.url}/_sandbox/tokens/expire`, { method: "POST" });
    const expired = await api.request("GET", `/api/1/deals?company_id=${C}`, { token: own });
    expect(expired.status).toBe(401);
    expect((expired.body as Json).code).toBe("expired_access_token");
    expect((await api.request("GET", `/iv/invoices?company_id=${C}`, { token: own })).status).toBe(401);
    api.assertNoViolations();
    // Every token was expired: give the following tests a fresh one.
    token = ((await (await fetch(`${h.url}/_sandbox/tokens`, { method: "POST" })).json()) as { access_token: string }).access_token;
  });

  it("freee請求書: create, get, list by our reference, update, cancel and uncancel conform", async () => {
    const partners = await api.request("GET", `/api/1/partners?company_id=${C}&limit=5`, { token });
    const partner = (partners.body as { partners: Json[] }).partners[0] as Json;
    const body = {
      company_id: C,
      partner_id: partner.id,
      partner_title: "御中",
      invoice_number: "KKH-2026-000123",
      subject: "Kakehashi 2026年11月分",
      billing_date: "2026-11-20",
      payment_date: "2026-12-31",
      tax_entry_method: "out",
      tax_fraction: "omit",
      withholding_tax_entry_method: "out",
      lines: [
        { type: "item", description: "コンサルティング", quantity: 1, unit_price: "150000", tax_rate: 10 },
        { type: "item", description: "お茶菓子セット", quantity: 3, unit_price: "1080", tax_rate: 8, reduced_tax_rate: true },
        { type: "text", description: "いつもお世話になっております。" },
      ],
    };
    const created = await api.request("POST", "/iv/invoices", { token, json: body });
    expect(created.status).toBe(201);
    const inv = (created.body as { invoice: Json }).invoice;
    // 150,000 × 10 % = 15,000; 3,240 × 8 % = 259.2 → 259 (tax_fraction omit = 切り捨て, once per rate).
    expect(inv).toMatchObject({ amount_excluding_tax: 153240, amount_tax: 15259, total_amount: 168499, deal_status: "unregistered", sending_status: "unsent", payment_status: "unsettled" });
    expect(created.headers.get("x-ratelimit-remaining-minute")).not.toBeNull();

    expect((await api.request("GET", `/iv/invoices/${inv.id}?company_id=${C}`, { token })).status).toBe(200);
    const found = await api.request("GET", `/iv/invoices?company_id=${C}&invoice_number=KKH-2026-000123`, { token });
    expect((found.body as { invoices: Json[] }).invoices.map((i) => i.id)).toEqual([inv.id]);
    expect(((await api.request("GET", `/iv/invoices?company_id=${C}&subject=${encodeURIComponent("Kakehashi 2026")}`, { token })).body as { invoices: Json[] }).invoices.length).toBe(1);
    expect((await api.request("GET", `/iv/invoices?company_id=${C}&payment_status=settled&limit=100`, { token })).status).toBe(200);
    expect((await api.request("GET", `/iv/invoices/templates?company_id=${C}`, { token })).status).toBe(200);

    const updated = await api.request("PUT", `/iv/invoices/${inv.id}`, { token, json: { ...body, subject: "Kakehashi 2026年11月分（修正）" } });
    expect(updated.status).toBe(200);
    expect((await api.request("PUT", `/iv/invoices/${inv.id}/cancel`, { token, json: { company_id: C } })).body).toEqual({ invoice: { id: inv.id, cancel_status: "canceled" } });
    expect((await api.request("PUT", `/iv/invoices/${inv.id}/uncancel`, { token, json: { company_id: C } })).status).toBe(200);

    // Errors: iv bodies are application/problem+json per the document.
    const bad = await api.request("POST", "/iv/invoices", { token, json: { ...body, lines: [{ type: "item", description: "x", quantity: 1, unit_price: 1000, tax_rate: 10 }] } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await api.request("GET", `/iv/invoices/1?company_id=${C}`, { token })).status).toBe(404);
    expect((await api.request("GET", `/iv/invoices?company_id=${C}`, { token: "expired-or-wrong" })).status).toBe(401);

    api.assertNoViolations();
  });
});
