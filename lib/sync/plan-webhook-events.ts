import type { HsWebhookEvent } from "@/lib/integrations/hubspot/schemas";
import type { HubSpotSyncObject } from "./hubspot-objects";

/**
 * Turn a batch of HubSpot webhook events into work: which records to re-read per object type, and which were
 * merged away (archive with mergedIntoId). Pure. Events may be duplicated, unordered and late (§8); we never apply
 * a payload value, we re-read the record, so all that matters is WHICH ids were touched.
 */
export type WebhookPlan = {
  refresh: Record<HubSpotSyncObject, string[]>;
  merged: { object: HubSpotSyncObject; mergedIds: string[]; intoId: string }[];
  ignored: number;
};

const OBJECT_BY_PREFIX: Record<string, HubSpotSyncObject> = { company: "companies", deal: "deals", line_item: "line_items", product: "products" };

export function objectOfSubscription(subscriptionType: string): HubSpotSyncObject | null {
  return OBJECT_BY_PREFIX[subscriptionType.split(".")[0] ?? ""] ?? null;
}

export function planWebhookEvents(events: HsWebhookEvent[]): WebhookPlan {
  const refresh: Record<HubSpotSyncObject, Set<string>> = { companies: new Set(), deals: new Set(), line_items: new Set(), products: new Set() };
  const merged: WebhookPlan["merged"] = [];
  let ignored = 0;
  for (const e of events) {
    const object = objectOfSubscription(e.subscriptionType);
    if (!object) {
      ignored++;
      continue;
    }
    const kind = e.subscriptionType.split(".")[1];
    if (kind === "merge") {
      const intoId = e.primaryObjectId ?? e.newObjectId ?? e.objectId;
      const mergedIds = (e.mergedObjectIds ?? []).filter((id) => id !== intoId);
      if (intoId) {
        refresh[object].add(intoId);
        if (mergedIds.length) merged.push({ object, mergedIds, intoId });
      }
      continue;
    }
    if (kind === "associationChange") {
      // Both sides get their own event; re-reading the event's own object picks up the new association.
      if (e.objectId) refresh[object].add(e.objectId);
      else if (e.fromObjectId) refresh[object].add(e.fromObjectId);
      continue;
    }
    if (e.objectId) refresh[object].add(e.objectId);
    else ignored++;
  }
  const mergedAway = new Set(merged.flatMap((m) => m.mergedIds.map((id) => `${m.object}:${id}`)));
  const out = {} as Record<HubSpotSyncObject, string[]>;
  for (const [object, ids] of Object.entries(refresh) as [HubSpotSyncObject, Set<string>][]) {
    // A merged-away id reads back as the survivor; archive it instead of re-reading it.
    out[object] = [...ids].filter((id) => !mergedAway.has(`${object}:${id}`));
  }
  return { refresh: out, merged, ignored };
}
