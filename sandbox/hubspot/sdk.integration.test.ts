/**
 * Proof of fidelity: the official @hubspot/api-client (13.5.x) drives every HubSpot call the product makes against
 * the emulator and accepts each response as it would HubSpot's (exact success codes, 207 multi-status, repeated
 * query params, object type ids, ApiException bodies). No database needed.
 */
import { Client } from "@hubspot/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHubSpotEmulator, type HubSpotEmulator } from "./emulator";

let hs: HubSpotEmulator;
let client: Client;

// The SDK's enums live under @hubspot/api-client/lib/codegen/…, which the sandbox lint rule forbids importing
// (its "**/lib/*" pattern); their runtime values are these strings.
const HD = "HUBSPOT_DEFINED" as never;
const FilterOperatorEnum = { Eq: "EQ" as never, Gte: "GTE" as never, In: "IN" as never, Between: "BETWEEN" as never, HasProperty: "HAS_PROPERTY" as never };
const PropertyCreateTypeEnum = { String: "string" as never };
const PropertyCreateFieldTypeEnum = { Text: "text" as never };

async function apiError(p: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: number; body: unknown; headers: Record<string, string> };
    return { code: err.code, body: (typeof err.body === "string" ? JSON.parse(err.body) : err.body) as Record<string, unknown>, headers: err.headers };
  }
  throw new Error("expected the SDK to throw ApiException");
}

beforeAll(async () => {
  hs = await startHubSpotEmulator({ port: 0, seed: { seed: 42, companies: 200, deals: 1000 }, rateLimits: false, webhookUrl: null });
  client = new Client({ accessToken: "pat-sandbox-0000", basePath: hs.url });
});
afterAll(() => hs.stop());

describe("companies / deals / line items CRUD through the SDK", () => {
  it("creates (201), reads, updates, archives (204) a company", async () => {
    const created = await client.crm.companies.basicApi.create({ properties: { name: "株式会社テスト商事", domain: "test-shoji.co.jp" }, associations: [] });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties.name).toBe("株式会社テスト商事");
    expect(created.createdAt).toBeInstanceOf(Date);
    const got = await client.crm.companies.basicApi.getById(created.id, ["name", "domain"]);
    expect(got.properties).toMatchObject({ name: "株式会社テスト商事", domain: "test-shoji.co.jp", hs_object_id: created.id });
    const updated = await client.crm.companies.basicApi.update(created.id, { properties: { phone: "03-1234-5678" } });
    expect(updated.properties.phone).toBe("03-1234-5678");
    expect(Date.parse(updated.properties.hs_lastmodifieddate as string)).toBeGreaterThanOrEqual(Date.parse(got.properties.hs_lastmodifieddate as string));
    await client.crm.companies.basicApi.archive(created.id);
    const err = await apiError(client.crm.companies.basicApi.getById(created.id));
    expect(err.code).toBe(404);
    expect(err.body).toMatchObject({ status: "error", category: "OBJECT_NOT_FOUND" });
    expect(typeof err.body.correlationId).toBe("string");
    const archived = await client.crm.companies.basicApi.getPage(100, undefined, ["name"], undefined, undefined, true);
    expect(archived.results.some((c) => c.id === created.id && c.archived)).toBe(true);
  });

  it("lists with after paging, repeated properties params and associations", async () => {
    const page1 = await client.crm.deals.basicApi.getPage(100, undefined, ["dealname", "amount", "dealstage"], undefined, ["companies", "line_items"]);
    expect(page1.results).toHaveLength(100);
    expect(page1.paging?.next?.after).toBeTruthy();
    const first = page1.results[0]!;
    expect(Object.keys(first.properties)).toEqual(expect.arrayContaining(["dealname", "amount", "dealstage", "hs_object_id"]));
    expect(first.associations?.companies?.results.length).toBeGreaterThan(0);
    expect(first.associations?.line_items?.results[0]?.type).toBe("deal_to_line_item");
    const page2 = await client.crm.deals.basicApi.getPage(100, page1.paging!.next!.after);
    expect(page2.results[0]!.id).not.toBe(first.id);
    expect(new Set([...page1.results, ...page2.results].map((d) => d.id)).size).toBe(200);
    const all = await client.crm.deals.getAll(100, undefined, ["dealname"]);
    expect(all).toHaveLength(1000);

    // The SDK sends arrays as repeated keys; HubSpot also accepts the comma form.
    const repeated = await fetch(`${hs.url}/crm/v3/objects/deals?limit=1&properties=dealname&properties=amount`, { headers: { authorization: "Bearer pat-sandbox-0000" } }).then((r) => r.json());
    const comma = await fetch(`${hs.url}/crm/v3/objects/deals?limit=1&properties=dealname,amount`, { headers: { authorization: "Bearer pat-sandbox-0000" } }).then((r) => r.json());
    expect(comma).toEqual(repeated);
    expect(Object.keys(repeated.results[0].properties).sort()).toEqual(["amount", "createdate", "dealname", "hs_lastmodifieddate", "hs_object_id"]);
    expect((await apiError(client.crm.deals.basicApi.getPage(101))).code).toBe(400);
  });

  it("accepts object type ids (0-3, 0-2, 0-8) wherever HubSpot does", async () => {
    const deals = await client.crm.objects.basicApi.getPage("0-3", 5, undefined, ["dealname"]);
    expect(deals.results).toHaveLength(5);
    const one = await client.crm.objects.basicApi.getById("0-3", deals.results[0]!.id, ["dealname"]);
    expect(one.properties.dealname).toBe(deals.results[0]!.properties.dealname);
    const viaPath = await client.apiRequest({ method: "GET", path: `/crm/v3/objects/0-2?limit=2` });
    expect(viaPath.status).toBe(200);
    const assoc = await client.crm.associations.v4.basicApi.getPage("0-3", one.id, "0-8");
    expect(assoc.results.length).toBeGreaterThan(0);
  });

  it("creates a deal with line items (201) and inline associations", async () => {
    const company = (await client.crm.companies.basicApi.getPage(1)).results[0]!;
    const deal = await client.crm.deals.basicApi.create({
      properties: { dealname: "SDK案件", amount: "110000", dealstage: "appointmentscheduled", pipeline: "default", deal_currency_code: "JPY" },
      associations: [{ to: { id: company.id }, types: [{ associationCategory: HD, associationTypeId: 5 }] }],
    });
    expect(deal.properties.dealstage).toBe("appointmentscheduled");
    const li = await client.crm.lineItems.basicApi.create({
      properties: { name: "保守", quantity: "2", price: "50000", hs_tax_rate_group_id: "1001" },
      associations: [{ to: { id: deal.id }, types: [{ associationCategory: HD, associationTypeId: 20 }] }],
    });
    const liRead = await client.crm.lineItems.basicApi.getById(li.id, ["amount", "hs_tax_rate", "hs_tax_amount"]);
    expect(liRead.properties).toMatchObject({ amount: "100000", hs_tax_rate: "10", hs_tax_amount: "10000" });
    const withAssoc = await client.crm.deals.basicApi.getById(deal.id, ["dealname"], undefined, ["companies", "line_items"]);
    expect(withAssoc.associations?.companies?.results.map((r) => r.id)).toContain(company.id);
    expect(withAssoc.associations?.line_items?.results.map((r) => r.id)).toEqual([li.id]);
  });

  it("creates a task (201) associated to a deal with type 216", async () => {
    const deal = (await client.crm.deals.basicApi.getPage(1)).results[0]!;
    const owners = await client.crm.owners.ownersApi.getPage();
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: { hs_timestamp: new Date().toISOString(), hs_task_subject: "入金確認", hs_task_priority: "HIGH", hubspot_owner_id: owners.results[0]!.id },
      associations: [{ to: { id: deal.id }, types: [{ associationCategory: HD, associationTypeId: 216 }] }],
    });
    expect(task.id).toBeTruthy();
    const links = await client.crm.associations.v4.basicApi.getPage("tasks", task.id, "deals");
    expect(links.results[0]).toMatchObject({ toObjectId: Number(deal.id), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 216, label: null }] });
    const bad = await apiError(client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: "no due date" }, associations: [] }));
    expect(bad.code).toBe(400);
    expect(bad.body.category).toBe("VALIDATION_ERROR");
  });

  it("rejects unknown properties with HubSpot's validation error", async () => {
    const err = await apiError(client.crm.deals.basicApi.create({ properties: { dealname: "x", no_such_prop: "1" }, associations: [] }));
    expect(err.code).toBe(400);
    expect(err.body).toMatchObject({ status: "error", category: "VALIDATION_ERROR" });
    expect(String(err.body.message)).toContain("PROPERTY_DOESNT_EXIST");
  });
});

describe("batch APIs", () => {
  it("batch read 100 (200), and 207 with OBJECT_NOT_FOUND for missing ids", async () => {
    const ids = (await client.crm.deals.basicApi.getPage(100)).results.map((d) => ({ id: d.id }));
    const ok = await client.crm.deals.batchApi.read({ inputs: ids, properties: ["dealname", "amount"], propertiesWithHistory: [] });
    expect(ok.status).toBe("COMPLETE");
    expect(ok.results).toHaveLength(100);
    const partial = await client.crm.deals.batchApi.read({ inputs: [ids[0]!, { id: "1" }, { id: "2" }], properties: ["dealname"], propertiesWithHistory: [] });
    expect(partial.results).toHaveLength(1);
    const withErrors = partial as typeof partial & { numErrors?: number; errors?: { category: string; context: Record<string, string[]> }[] };
    expect(withErrors.numErrors).toBe(1);
    expect(withErrors.errors?.[0]).toMatchObject({ category: "OBJECT_NOT_FOUND", context: { ids: ["1", "2"] } });
    const tooMany = await apiError(client.crm.deals.batchApi.read({ inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })), properties: [], propertiesWithHistory: [] }));
    expect(tooMany.code).toBe(400);
  });

  it("batch create (201) and 207 with objectWriteTraceId on partial failure", async () => {
    const created = await client.crm.companies.batchApi.create({ inputs: [{ properties: { name: "A社" }, associations: [] }, { properties: { name: "B社" }, associations: [] }] });
    expect(created.results).toHaveLength(2);
    const res = await client.apiRequest({
      method: "POST", path: "/crm/v3/objects/companies/batch/create",
      body: { inputs: [{ properties: { name: "C社" }, objectWriteTraceId: "t1" }, { properties: { name: "D社", bogus: "x" }, objectWriteTraceId: "t2" }] },
    });
    expect(res.status).toBe(207);
    const body = (await res.json()) as { results: unknown[]; numErrors: number; errors: { context: { objectWriteTraceId: string[] } }[] };
    expect(body.results).toHaveLength(1);
    expect(body.numErrors).toBe(1);
    expect(body.errors[0]!.context.objectWriteTraceId).toEqual(["t2"]);
    // The SDK resolves a 207 from batch create without throwing.
    const sdk207 = await client.crm.companies.batchApi.create({ inputs: [{ properties: { name: "E社" }, associations: [], objectWriteTraceId: "a" }, { properties: { name: "F社", bogus: "1" }, associations: [], objectWriteTraceId: "b" }] });
    expect(sdk207.results).toHaveLength(1);
  });

  it("batch update (200) and upsert by a unique custom property", async () => {
    await client.crm.properties.coreApi.create("companies", {
      name: "freee_partner_id", label: "freee取引先ID", type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text,
      groupName: "companyinformation", hasUniqueValue: true,
    });
    const companies = (await client.crm.companies.basicApi.getPage(2)).results;
    const upd = await client.crm.companies.batchApi.update({ inputs: companies.map((c, i) => ({ id: c.id, properties: { freee_partner_id: `P-${i}` } })) });
    expect(upd.results.map((r) => r.properties.freee_partner_id).sort()).toEqual(["P-0", "P-1"]);
    const ups = await client.crm.companies.batchApi.upsert({
      inputs: [
        { id: "P-0", idProperty: "freee_partner_id", properties: { name: "更新された会社" } },
        { id: "P-NEW", idProperty: "freee_partner_id", properties: { name: "新しい会社" } },
      ],
    });
    const byId = Object.fromEntries(ups.results.map((r) => [r.properties.freee_partner_id, r]));
    expect(byId["P-0"]!.id).toBe(companies[0]!.id);
    expect(byId["P-0"]!._new).toBe(false);
    expect(byId["P-NEW"]!._new).toBe(true);
    const read = await client.crm.companies.basicApi.getById("P-NEW", ["name"], undefined, undefined, false, "freee_partner_id");
    expect(read.properties.name).toBe("新しい会社");
    const dup = await apiError(client.crm.companies.basicApi.update(companies[1]!.id, { properties: { freee_partner_id: "P-0" } }));
    expect(dup.code).toBe(400);
    const missing = await client.crm.companies.batchApi.update({ inputs: [{ id: "999", properties: { name: "x" } }] }) as { numErrors?: number };
    expect(missing.numErrors).toBe(1);
  });
});

describe("search", () => {
  it("filters on hs_lastmodifieddate with ms values, sorts ascending, pages with after", async () => {
    const since = Date.now() - 200 * 86_400_000;
    const request = {
      filterGroups: [{ filters: [{ propertyName: "hs_lastmodifieddate", operator: FilterOperatorEnum.Gte, value: String(since) }] }],
      sorts: ["hs_lastmodifieddate"], properties: ["dealname", "hs_lastmodifieddate"], limit: 200, after: "0",
    };
    const p1 = await client.crm.deals.searchApi.doSearch(request);
    expect(p1.total).toBeGreaterThan(200);
    expect(p1.results).toHaveLength(200);
    const stamps = p1.results.map((r) => Date.parse(r.properties.hs_lastmodifieddate as string));
    expect(stamps.every((t, i) => t >= since && (i === 0 || t >= stamps[i - 1]!))).toBe(true);
    const p2 = await client.crm.deals.searchApi.doSearch({ ...request, after: p1.paging!.next!.after });
    expect(Date.parse(p2.results[0]!.properties.hs_lastmodifieddate as string)).toBeGreaterThanOrEqual(stamps[199]!);
    expect((await apiError(client.crm.deals.searchApi.doSearch({ ...request, limit: 201 }))).code).toBe(400);
  });

  it("ORs filter groups, supports IN / BETWEEN / associations.company, and caps at 10,000", async () => {
    const won = await client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: "dealstage", operator: FilterOperatorEnum.Eq, value: "closedwon" }] }, { filters: [{ propertyName: "dealstage", operator: FilterOperatorEnum.Eq, value: "11348542" }] }], limit: 1 });
    const wonIn = await client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: "dealstage", operator: FilterOperatorEnum.In, values: ["closedwon", "11348542"] }] }], limit: 1 });
    expect(won.total).toBe(wonIn.total);
    expect(won.total).toBeGreaterThan(0);
    const between = await client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: "amount", operator: FilterOperatorEnum.Between, value: "100000", highValue: "200000" }] }], properties: ["amount"], limit: 50 });
    expect(between.results.every((d) => Number(d.properties.amount) >= 100000 && Number(d.properties.amount) <= 200000)).toBe(true);
    const deal = (await client.crm.deals.basicApi.getById((await client.crm.deals.basicApi.getPage(1)).results[0]!.id, undefined, undefined, ["companies"]));
    const companyId = deal.associations!.companies!.results[0]!.id;
    const ofCompany = await client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: "associations.company", operator: FilterOperatorEnum.Eq, value: companyId }] }], limit: 100 });
    expect(ofCompany.results.map((r) => r.id)).toContain(deal.id);
    const beyond = await apiError(client.crm.deals.searchApi.doSearch({ filterGroups: [], limit: 100, after: "10000" }));
    expect(beyond.code).toBe(400);
    const tooManyGroups = await apiError(client.crm.deals.searchApi.doSearch({ filterGroups: Array.from({ length: 6 }, () => ({ filters: [{ propertyName: "amount", operator: FilterOperatorEnum.HasProperty }] })), limit: 1 }));
    expect(tooManyGroups.code).toBe(400);
  });

  it("never returns archived records", async () => {
    const c = await client.crm.companies.basicApi.create({ properties: { name: "検索削除テスト株式会社" }, associations: [] });
    const q = { filterGroups: [{ filters: [{ propertyName: "name", operator: FilterOperatorEnum.Eq, value: "検索削除テスト株式会社" }] }], limit: 10 };
    expect((await client.crm.companies.searchApi.doSearch(q)).total).toBe(1);
    await client.crm.companies.basicApi.archive(c.id);
    expect((await client.crm.companies.searchApi.doSearch(q)).total).toBe(0);
  });
});

describe("associations v4", () => {
  it("PUT with types (201), default (200), batch read (207 when some have none), batch archive (204)", async () => {
    const [c1, c2] = (await client.crm.companies.batchApi.create({ inputs: [{ properties: { name: "関連A" }, associations: [] }, { properties: { name: "関連B" }, associations: [] }] })).results;
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: "関連テスト", dealstage: "qualifiedtobuy" }, associations: [] });
    const labels = await client.crm.associations.v4.basicApi.create("deals", deal.id, "companies", c1!.id, [{ associationCategory: HD, associationTypeId: 5 }]);
    expect(labels).toMatchObject({ fromObjectTypeId: "0-3", toObjectTypeId: "0-2", labels: ["Primary"] });
    await client.crm.associations.v4.basicApi.createDefault("deals", deal.id, "companies", c2!.id);
    const list = await client.crm.associations.v4.basicApi.getPage("deals", deal.id, "companies");
    expect(list.results.map((r) => String(r.toObjectId)).sort()).toEqual([c1!.id, c2!.id].sort());
    const read = await client.crm.associations.v4.batchApi.getPage("deals", "companies", { inputs: [{ id: deal.id }, { id: "30000999999" }] });
    expect(read.results).toHaveLength(1);
    expect(read.results[0]!.to).toHaveLength(2);
    expect((read as { numErrors?: number }).numErrors).toBe(1);
    const created = await client.crm.associations.v4.batchApi.create("deals", "line_items", { inputs: [] });
    expect(created.status).toBe("COMPLETE");
    await client.crm.associations.v4.batchApi.archive("deals", "companies", { inputs: [{ _from: { id: deal.id }, to: [{ id: c2!.id }] }] });
    const after = await client.crm.associations.v4.basicApi.getPage("deals", deal.id, "companies");
    expect(after.results.map((r) => String(r.toObjectId))).toEqual([c1!.id]);
    const bad = await apiError(client.crm.associations.v4.basicApi.create("deals", deal.id, "companies", c1!.id, [{ associationCategory: HD, associationTypeId: 19 }]));
    expect(bad.code).toBe(400);
    await client.crm.associations.v4.basicApi.archive("deals", deal.id, "companies", c1!.id);
    expect((await client.crm.associations.v4.basicApi.getPage("deals", deal.id, "companies")).results).toHaveLength(0);
  });
});

describe("properties, pipelines, owners", () => {
  it("creates properties (201) and groups (201), rejects duplicates with 409", async () => {
    const g = await client.crm.properties.groupsApi.create("deals", { name: "kakehashi", label: "かけはし" });
    expect(g.name).toBe("kakehashi");
    const p = await client.crm.properties.coreApi.create("deals", { name: "invoice_number", label: "請求書番号", type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text, groupName: "kakehashi" });
    expect(p.hasUniqueValue).toBe(false);
    expect((await apiError(client.crm.properties.coreApi.create("deals", { name: "invoice_number", label: "x", type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text, groupName: "kakehashi" }))).code).toBe(409);
    const all = await client.crm.properties.coreApi.getAll("deals");
    const names = all.results.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(["dealname", "amount", "dealstage", "invoice_number", "hs_date_entered_closedwon", "hs_v2_date_entered_11348542"]));
    const deal = (await client.crm.deals.basicApi.getPage(1)).results[0]!;
    const upd = await client.crm.deals.basicApi.update(deal.id, { properties: { invoice_number: "INV-0001" } });
    expect(upd.properties.invoice_number).toBe("INV-0001");
  });

  it("serves the default pipeline with built-in stages and a custom pipeline with numeric stage ids, with metadata", async () => {
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll("deals");
    const def = pipelines.results.find((p) => p.id === "default")!;
    expect(def.stages.map((s) => s.id)).toEqual(["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"]);
    expect(def.stages.find((s) => s.id === "closedwon")!.metadata).toEqual({ isClosed: "true", probability: "1.0" });
    expect(def.stages.find((s) => s.id === "closedlost")!.metadata).toEqual({ isClosed: "true", probability: "0.0" });
    const custom = pipelines.results.find((p) => p.id !== "default")!;
    expect(custom.stages.every((s) => /^\d+$/.test(s.id))).toBe(true);
    expect(custom.stages.some((s) => s.metadata?.probability === "1.0")).toBe(true);
    expect(custom.stages.some((s) => s.metadata?.probability === "0.0")).toBe(true);
    const stage = await client.crm.pipelines.pipelineStagesApi.create("deals", custom.id, { label: "検収", displayOrder: 9, metadata: { probability: "0.8" } });
    expect(stage.id).toMatch(/^\d+$/);
    const stages = await client.crm.pipelines.pipelineStagesApi.getAll("deals", custom.id);
    expect(stages.results.map((s) => s.id)).toContain(stage.id);
  });

  it("maintains stage-entry timestamps and hs_lastmodifieddate when the SDK moves a deal", async () => {
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: "ステージ移動", dealstage: "appointmentscheduled" }, associations: [] });
    await new Promise((r) => setTimeout(r, 5));
    const moved = await client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: "closedwon" } });
    const read = await client.crm.deals.basicApi.getById(deal.id, ["dealstage", "hs_date_entered_closedwon", "hs_v2_date_entered_closedwon", "hs_date_exited_appointmentscheduled", "hs_is_closed_won", "hs_deal_stage_probability"]);
    expect(read.properties).toMatchObject({ dealstage: "closedwon", hs_is_closed_won: "true", hs_deal_stage_probability: "1.0" });
    expect(read.properties.hs_date_entered_closedwon).toBe(moved.properties.hs_lastmodifieddate);
    expect(read.properties.hs_v2_date_entered_closedwon).toBe(read.properties.hs_date_entered_closedwon);
    expect(read.properties.hs_date_exited_appointmentscheduled).toBe(read.properties.hs_date_entered_closedwon);
    expect(Date.parse(moved.properties.hs_lastmodifieddate as string)).toBeGreaterThan(Date.parse(deal.properties.hs_lastmodifieddate as string));
    const bad = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: "11348542" } }));
    expect(bad.code).toBe(400);
    const ok = await client.crm.deals.basicApi.update(deal.id, { properties: { pipeline: "75318642", dealstage: "11348542" } });
    expect(ok.properties.dealstage).toBe("11348542");
  });

  it("lists owners at /crm/v3/owners/ with ids and emails, filters by email", async () => {
    const owners = await client.crm.owners.ownersApi.getPage();
    expect(owners.results.length).toBeGreaterThanOrEqual(5);
    expect(owners.results.length).toBeLessThanOrEqual(8);
    const o = owners.results[0]!;
    expect(o).toMatchObject({ id: expect.stringMatching(/^\d+$/), email: expect.stringContaining("@") });
    const byEmail = await client.crm.owners.ownersApi.getPage(o.email);
    expect(byEmail.results.map((x) => x.id)).toEqual([o.id]);
    expect((await client.crm.owners.ownersApi.getById(Number(o.id))).email).toBe(o.email);
  });
});

describe("merge", () => {
  it("merges companies and deals; the merged id then resolves to the primary", async () => {
    const [a, b] = (await client.crm.companies.batchApi.create({ inputs: [{ properties: { name: "統合先" }, associations: [] }, { properties: { name: "統合元", phone: "06-0000-0000" }, associations: [] }] })).results;
    const merged = await client.crm.companies.basicApi.merge({ primaryObjectId: a!.id, objectIdToMerge: b!.id });
    expect(merged.id).toBe(a!.id);
    const viaOld = await client.crm.companies.basicApi.getById(b!.id, ["name", "phone", "hs_merged_object_ids"]);
    expect(viaOld.id).toBe(a!.id);
    expect(viaOld.properties).toMatchObject({ name: "統合先", phone: "06-0000-0000", hs_merged_object_ids: b!.id });
    const [d1, d2] = (await client.crm.deals.batchApi.create({ inputs: [{ properties: { dealname: "D1" }, associations: [] }, { properties: { dealname: "D2" }, associations: [] }] })).results;
    expect((await client.crm.deals.basicApi.merge({ primaryObjectId: d1!.id, objectIdToMerge: d2!.id })).id).toBe(d1!.id);
  });
});
