import { z } from "zod";
import { defineJob } from "../types";

// A cheap recurring job: proves the worker and the scheduler are alive (doctor and sync health read its time).
export const systemHeartbeat = defineJob({
  name: "system.heartbeat",
  schema: z.object({}).strict(),
  queue: { policy: "short", retryLimit: 0, retryDelay: 1, retryBackoff: false, expireInSeconds: 60 },
  schedule: { cron: "* * * * *", payload: {} },
  handler: () => import("./system-heartbeat.handler"),
});
