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

/**
 * Nightly full pass (03:30 JST, away from office hours): partners relisted, 13 months of invoices re-read. The
 * 15-minute runs re-read only the last 3 months of invoices (freee請求書 has no "updated since" filter), so a
 * cancellation or correction of an older invoice in freee/MF would otherwise never reach the board. It fans out
 * full-mode jobs into `accounting.sync` (same queue and singleton key as the 15-minute runs, so never two at once
 * per connection). Cost: the partner pages plus ~14 invoice pages per 100 invoices a month, far below the caps.
 */
export const accountingSyncNightly = defineJob({
  name: "accounting.sync-nightly",
  schema: accountingSyncPayload,
  queue: { policy: "stately", retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 15 * 60 },
  schedule: { cron: "30 3 * * *", payload: { mode: "full" } },
  handler: () => import("./accounting-sync.handler"),
});
