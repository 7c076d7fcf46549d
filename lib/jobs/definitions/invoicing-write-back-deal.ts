import { z } from "zod";
import { defineJob } from "../types";

// After posting: invoice number and link to HubSpot deal properties (and the optional "invoiced" stage). Separate from
// posting so a HubSpot outage is retried here and can never re-post the invoice.
export const invoicingWriteBackDeal = defineJob({
  name: "invoicing.write-back-deal",
  schema: z.object({ draftId: z.uuid() }),
  queue: { policy: "stately", retryLimit: 6, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  handler: () => import("./invoicing-write-back-deal.handler"),
});
