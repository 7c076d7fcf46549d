import { z } from "zod";
import { defineJob } from "../types";

// Posts one approved draft to freee / MF exactly once (lib/invoicing/post-invoice.ts). stately + singletonKey = draft
// id: at most one queued and one active job per draft. Retries look the invoice up by our reference before creating.
// Two handlers per worker: the provider gate (lib/integrations/rate-limit) paces bulk posting within its limits.
export const invoicingPostInvoice = defineJob({
  name: "invoicing.post-invoice",
  schema: z.object({ draftId: z.uuid() }),
  queue: { policy: "stately", retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 300 },
  concurrency: 2,
  handler: () => import("./invoicing-post-invoice.handler"),
});
