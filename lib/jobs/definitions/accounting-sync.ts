import { z } from "zod";
import { defineJob } from "../types";

export const accountingSyncPayload = z
  .object({
    /** Absent: fan out one job per active accounting connection (the schedule's form). */
    connectionId: z.uuid().optional(),
    mode: z.enum(["full", "incremental", "due"]).default("incremental"),
    objects: z.array(z.enum(["partners", "invoices", "settlements"])).optional(),
  })
  .strict();

/**
 * Accounting polling (freee / MF have no webhooks for these objects). Every 15 minutes: ~6 requests a run keeps a
 * freee company far below its 3,000/day cap with room for posting. Retries: 3 with exponential backoff from 30 s —
 * a provider hiccup usually clears within minutes, and every page upsert is idempotent. `stately` + singletonKey
 * per connection: never two syncs of one connection at once.
 */
export const accountingSync = defineJob({
  name: "accounting.sync",
  schema: accountingSyncPayload,
  queue: { policy: "stately", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 30 * 60 },
  schedule: { cron: "*/15 * * * *", payload: { mode: "incremental" } },
  handler: () => import("./accounting-sync.handler"),
});

/**
 * Settlement of invoices due within a week or overdue, every 10 minutes: that is when money arrives and finance
 * looks. Listed through the due-date filter (100 per request), so ~3 requests a run: ~430 a day of freee's 3,000.
 */
export const accountingSyncDue = defineJob({
  name: "accounting.sync-due",
  schema: accountingSyncPayload,
  queue: { policy: "stately", retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 },
  schedule: { cron: "*/10 * * * *", payload: { mode: "due" } },
  handler: () => import("./accounting-sync.handler"),
});
