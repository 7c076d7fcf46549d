import { describe, expect, it } from "vitest";
import { webhookBatchSchema } from "@/lib/integrations/hubspot/schemas";
import { planWebhookEvents } from "./plan-webhook-events";

const base = { portalId: 1000001, appId: 2000001, subscriptionId: 100001, attemptNumber: 0, changeSource: "CRM_UI" };

describe("planWebhookEvents", () => {
  it("collects touched ids per object once, whatever the order or duplicates", () => {
    const events = webhookBatchSchema.parse([
      { ...base, eventId: 3, occurredAt: 3, subscriptionType: "deal.propertyChange", objectId: 30000000001, propertyName: "dealstage", propertyValue: "closedwon" },
      { ...base, eventId: 1, occurredAt: 1, subscriptionType: "deal.creation", objectId: 30000000001, changeFlag: "CREATED" },
      { ...base, eventId: 3, occurredAt: 3, subscriptionType: "deal.propertyChange", objectId: 30000000001, propertyName: "dealstage", propertyValue: "closedwon" },
      { ...base, eventId: 4, occurredAt: 4, eventType: "company.deletion", objectId: 20000000009 },
      { ...base, eventId: 5, occurredAt: 5, subscriptionType: "line_item.associationChange", objectId: 80000000001, associationType: "LINE_ITEM_TO_DEAL", fromObjectId: 80000000001, toObjectId: 30000000001, associationRemoved: false },
      { ...base, eventId: 6, occurredAt: 6, subscriptionType: "contact.creation", objectId: 1 },
    ]);
    const plan = planWebhookEvents(events);
    expect(plan.refresh).toEqual({ companies: ["20000000009"], deals: ["30000000001"], line_items: ["80000000001"], products: [] });
    expect(plan.ignored).toBe(1);
  });

  it("archives merged-away ids instead of re-reading them", () => {
    const events = webhookBatchSchema.parse([
      { ...base, eventId: 7, occurredAt: 7, subscriptionType: "company.merge", objectId: 20000000001, primaryObjectId: 20000000001, mergedObjectIds: [20000000002], newObjectId: 20000000001 },
      { ...base, eventId: 8, occurredAt: 8, subscriptionType: "company.propertyChange", objectId: 20000000002, propertyName: "name", propertyValue: "x" },
    ]);
    const plan = planWebhookEvents(events);
    expect(plan.merged).toEqual([{ object: "companies", mergedIds: ["20000000002"], intoId: "20000000001" }]);
    expect(plan.refresh.companies).toEqual(["20000000001"]);
  });
});
