import { z } from "zod";
import { defineJob } from "../types";

// The 名寄せ migration run queued from the partners screen: all CRM companies against all partners (seconds even for
// 10,000 × 10,000). Re-running is safe: it replaces the open suggestions only.
export const partnersRunMatching = defineJob({
  name: "partners.run-matching",
  schema: z.object({ runId: z.uuid() }),
  queue: { policy: "short", retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  handler: () => import("./partners-run-matching.handler"),
});
