import { z } from "zod";
import { defineJob } from "../types";

// Applies stored HubSpot webhook events (re-reads the touched records). One queued job per connection at a time
// ("short" + singletonKey = connectionId): events arriving while it runs queue one more run, never a pile.
// Retries are quick because the webhook path is the 2-second freshness path; events stay stored if all fail and
// the 5-minute catch-up poll covers them anyway.
export const hubspotProcessWebhooks = defineJob({
  name: "hubspot.process-webhooks",
  schema: z.object({ connectionId: z.uuid() }),
  queue: { policy: "short", retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 5 * 60 },
  concurrency: 2,
  handler: () => import("./hubspot-process-webhooks.handler"),
});
