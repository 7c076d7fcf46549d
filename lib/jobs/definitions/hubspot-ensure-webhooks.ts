import { z } from "zod";
import { defineJob } from "../types";

/**
 * Point the HubSpot app's webhooks at this installation and subscribe what the sync reads, after an OAuth connect.
 * A job, not part of the callback: on a first connect it is one request per missing subscription (~40), too slow for
 * a browser redirect. Idempotent (a reconcile); retried with backoff; a final failure alerts once, and until then
 * the 5-minute catch-up poll keeps the mirror fresh. One at a time (the subscriptions belong to the app).
 */
export const hubspotEnsureWebhooks = defineJob({
  name: "hubspot.ensure-webhooks",
  schema: z.object({}).strict(),
  queue: { policy: "stately", retryLimit: 4, retryDelay: 30, retryBackoff: true, expireInSeconds: 10 * 60 },
  handler: () => import("./hubspot-ensure-webhooks.handler"),
});
