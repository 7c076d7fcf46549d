import { describe, expect, it } from "vitest";
import { SYNC_PROPERTIES } from "./transform";
import { COMPUTED_PROPERTIES, planWebhookSubscriptions, requiredWebhookSubscriptions, type RemoteSubscription } from "./webhook-subscriptions";

const required = requiredWebhookSubscriptions();
const sub = (id: string, eventType: string, active: boolean, propertyName?: string): RemoteSubscription => ({ id, eventType, active, ...(propertyName ? { propertyName } : {}) });

describe("requiredWebhookSubscriptions", () => {
  it("subscribes a change of every property the sync reads, except the ones HubSpot computes", () => {
    const types = { companies: "company", deals: "deal", line_items: "line_item", products: "product" } as const;
    for (const [object, type] of Object.entries(types) as [keyof typeof SYNC_PROPERTIES, string][]) {
      const subscribed = required.filter((s) => s.eventType === `${type}.propertyChange`).map((s) => s.propertyName);
      const expected = SYNC_PROPERTIES[object].filter((p) => !COMPUTED_PROPERTIES[object].includes(p));
      expect(subscribed.sort()).toEqual([...expected].sort());
      // A computed property named here must really be synced (a stale exclusion would hide nothing but mislead).
      for (const p of COMPUTED_PROPERTIES[object]) expect(SYNC_PROPERTIES[object]).toContain(p);
    }
    expect(required).toContainEqual({ eventType: "company.propertyChange", propertyName: "invoice_registration_number" });
    expect(required).toContainEqual({ eventType: "deal.propertyChange", propertyName: "dealstage" });
  });

  it("has the lifecycle events per object; products have no associationChange event type", () => {
    for (const type of ["company", "deal", "line_item"]) {
      for (const kind of ["creation", "deletion", "merge", "restore", "associationChange"]) expect(required).toContainEqual({ eventType: `${type}.${kind}` });
    }
    expect(required).toContainEqual({ eventType: "product.merge" });
    expect(required).not.toContainEqual({ eventType: "product.associationChange" });
    expect(new Set(required.map((s) => `${s.eventType}|${s.propertyName ?? ""}`)).size).toBe(required.length);
  });
});

describe("planWebhookSubscriptions", () => {
  const spec = [{ eventType: "deal.creation" }, { eventType: "deal.propertyChange", propertyName: "dealstage" }, { eventType: "deal.propertyChange", propertyName: "amount" }, { eventType: "deal.deletion" }];

  it("creates what is missing, switches paused ones on, keeps active ones, and leaves foreign ones alone", () => {
    const plan = planWebhookSubscriptions(
      [sub("1", "deal.creation", true), sub("2", "deal.propertyChange", false, "dealstage"), sub("3", "deal.propertyChange", true, "closedate"), sub("4", "contact.creation", true)],
      spec,
    );
    expect(plan.create).toEqual([{ eventType: "deal.propertyChange", propertyName: "amount" }, { eventType: "deal.deletion" }]);
    expect(plan.activate.map((s) => s.id)).toEqual(["2"]);
    expect(plan.active.map((s) => s.id)).toEqual(["1"]);
    expect(plan.extra.map((s) => s.id)).toEqual(["3", "4"]);
  });

  it("a property subscription matches on the property name, and a duplicate paused twin of an active one needs nothing", () => {
    const plan = planWebhookSubscriptions([sub("1", "deal.propertyChange", false, "dealstage"), sub("2", "deal.propertyChange", true, "dealstage")], [{ eventType: "deal.propertyChange", propertyName: "dealstage" }]);
    expect(plan).toMatchObject({ create: [], activate: [], active: [{ id: "2" }] });
    expect(planWebhookSubscriptions([sub("1", "deal.propertyChange", true, "amount")], [{ eventType: "deal.propertyChange", propertyName: "dealstage" }]).create).toHaveLength(1);
  });

  it("is a no-op on a fully set up app", () => {
    const all = required.map((s, i) => sub(String(i + 1), s.eventType, true, s.propertyName));
    expect(planWebhookSubscriptions(all)).toMatchObject({ create: [], activate: [], extra: [] });
  });
});
