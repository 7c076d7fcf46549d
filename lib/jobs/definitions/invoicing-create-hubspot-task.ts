import { z } from "zod";
import { defineJob } from "../types";

// After a rejection with "create a HubSpot task": a task for the deal owner, associated with the deal.
export const invoicingCreateHubspotTask = defineJob({
  name: "invoicing.create-hubspot-task",
  schema: z.object({ draftId: z.uuid() }),
  queue: { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  handler: () => import("./invoicing-create-hubspot-task.handler"),
});
