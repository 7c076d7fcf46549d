import { describe, expect, it } from "vitest";
import { serializeJson } from "./objects";
import { HubSpotStore, ValidationError } from "./store";
import type { HubSpotContext } from "./context";

describe("HubSpotStore", () => {
  it("derives line-item amount and tax from quantity, price, discount and the tax-rate group", () => {
    const s = new HubSpotStore();
    const li = s.create("line_items", s.normalize("line_items", { name: "弁当", quantity: "3", price: "1080", hs_tax_rate_group_id: "1002" }), "API");
    expect(li.props).toMatchObject({ amount: "3240", hs_tax_rate: "8", hs_tax_amount: "259" });
    s.update(li, s.normalize("line_items", { discount: "80", hs_tax_rate_group_id: "1001" }), "API");
    expect(li.props).toMatchObject({ amount: "3000", hs_tax_rate: "10", hs_tax_amount: "300" });
    expect(() => s.normalize("line_items", { price: "abc" })).toThrow(ValidationError);
  });

  it("keeps stage bookkeeping on deals and rejects a stage of another pipeline", () => {
    const s = new HubSpotStore();
    const d = s.create("deals", s.normalize("deals", { dealname: "x" }), "API");
    expect(d.props).toMatchObject({ pipeline: "default", dealstage: "appointmentscheduled", hs_is_closed: "false" });
    expect(d.props.hs_date_entered_appointmentscheduled).toBe(d.props.hs_lastmodifieddate);
    s.update(d, s.normalize("deals", { dealstage: "closedlost" }), "API");
    expect(d.props).toMatchObject({ hs_is_closed: "true", hs_is_closed_won: "false", hs_deal_stage_probability: "0.0" });
    expect(d.props.hs_date_exited_appointmentscheduled).toBe(d.props.hs_date_entered_closedlost);
    expect(() => s.update(d, s.normalize("deals", { dealstage: "11348542" }), "API")).toThrow(ValidationError);
  });

  it("memoised JSON never serves a stale record, even for writes in the same millisecond", () => {
    const s = new HubSpotStore();
    const ctx = { store: s } as unknown as HubSpotContext;
    const c = s.create("companies", s.normalize("companies", { name: "一" }), "API");
    expect(serializeJson(ctx, c, ["name"], "name")).toContain('"一"');
    s.update(c, s.normalize("companies", { name: "二" }), "API");
    s.update(c, s.normalize("companies", { name: "三" }), "API");
    expect(serializeJson(ctx, c, ["name"], "name")).toContain('"三"');
  });

  it("merge archives the merged record, aliases its id and moves associations", () => {
    const s = new HubSpotStore();
    const a = s.create("companies", s.normalize("companies", { name: "A" }), "API");
    const b = s.create("companies", s.normalize("companies", { name: "B", phone: "03" }), "API");
    const d = s.create("deals", s.normalize("deals", { dealname: "d" }), "API");
    s.associate("deals", d.id, "companies", b.id, [341], "API");
    s.merge(a, b, "API");
    expect(s.get("companies", b.id)).toBe(a);
    expect(a.props.phone).toBe("03");
    expect([...(s.links("deals", d.id, "companies")?.keys() ?? [])]).toEqual([a.id]);
    expect(s.counts().companies).toBe(1);
  });
});
