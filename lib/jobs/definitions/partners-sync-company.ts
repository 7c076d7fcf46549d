import { z } from "zod";
import { defineJob } from "../types";

// A HubSpot company was created or changed (enqueued by the HubSpot sync, and after review decisions): upsert its
// accounting partner and write the partner id back. Stately + singletonKey `${crmConnectionId}:${companyId}` so one
// company is never synced twice at once (two concurrent creations are what would duplicate a partner). Retries back
// off from 15 s: a timeout may have committed, and the retry looks the partner up by code before creating.
export const partnersSyncCompany = defineJob({
  name: "partners.sync-company",
  schema: z.object({ crmConnectionId: z.uuid(), companyId: z.string().min(1) }),
  queue: { policy: "stately", retryLimit: 6, retryDelay: 15, retryBackoff: true, expireInSeconds: 300 },
  concurrency: 2,
  handler: () => import("./partners-sync-company.handler"),
});
