import { z } from "zod";
import { defineJob } from "../types";

// Full or incremental HubSpot sync. Scheduled every 5 minutes as the catch-up poll (webhooks can be lost or late);
// without a connectionId it syncs the installation's active HubSpot connection. Full syncs resume from their
// checkpoint, so a retry after a crash continues where it stopped. Backoff: a provider outage should not be
// hammered; 3 retries from 30 s doubling.
export const hubspotSync = defineJob({
  name: "hubspot.sync",
  schema: z.object({
    connectionId: z.uuid().optional(),
    mode: z.enum(["full", "incremental"]).default("incremental"),
    objects: z.array(z.enum(["companies", "deals", "line_items", "products"])).optional(),
    restart: z.boolean().optional(),
  }),
  queue: { policy: "short", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 60 * 60 },
  schedule: { cron: "*/5 * * * *", payload: { mode: "incremental" } },
  handler: () => import("./hubspot-sync.handler"),
});
