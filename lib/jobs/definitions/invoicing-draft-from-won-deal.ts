import { z } from "zod";
import { defineJob } from "../types";

// Consumes one deal_won_events row (enqueued by the HubSpot sync). Idempotent on the event: one draft per event,
// re-entry flagged on an open draft. Retried: the deal may land in the mirror a moment after its event.
export const invoicingDraftFromWonDeal = defineJob({
  name: "invoicing.draft-from-won-deal",
  schema: z.object({ wonEventId: z.uuid() }),
  queue: { policy: "stately", retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  concurrency: 2,
  handler: () => import("./invoicing-draft-from-won-deal.handler"),
});
