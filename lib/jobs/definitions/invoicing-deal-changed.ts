import { z } from "zod";
import { defineJob } from "../types";

// Enqueued by the HubSpot sync when a deal that may have a draft changed (singletonKey `${connectionId}:${dealId}`
// coalesces bursts): unapproved drafts are regenerated keeping manual edits, approved/posted ones get a mismatch flag.
export const invoicingDealChanged = defineJob({
  name: "invoicing.deal-changed",
  schema: z.object({ connectionId: z.uuid(), dealId: z.string().min(1) }),
  queue: { policy: "short", retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  handler: () => import("./invoicing-deal-changed.handler"),
});
