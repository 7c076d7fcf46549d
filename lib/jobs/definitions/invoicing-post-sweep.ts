import { z } from "zod";
import { defineJob } from "../types";

// Safety net: approval commits first and enqueues after, so an approved draft whose enqueue was lost (or whose job
// expired with a killed worker) is re-queued here. The singleton key makes a duplicate enqueue a no-op.
export const invoicingPostSweep = defineJob({
  name: "invoicing.post-sweep",
  schema: z.object({}).strict(),
  queue: { policy: "short", retryLimit: 0, retryDelay: 1, retryBackoff: false, expireInSeconds: 120 },
  schedule: { cron: "*/5 * * * *", payload: {} },
  handler: () => import("./invoicing-post-sweep.handler"),
});
