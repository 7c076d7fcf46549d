import type { z } from "zod";
import type { Database } from "@/db/client";
import type { Logger } from "@/lib/logger";

export type JobContext = {
  db: Database;
  log: Logger;
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
  /** Enqueue follow-up work from inside a job. */
  send: <N extends string>(name: N, payload: unknown, options?: SendOptions) => Promise<string | null>;
};

export type SendOptions = {
  /** With policy "short"/"stately" (or singletonSeconds) a second job with the same key is not queued. */
  singletonKey?: string;
  singletonSeconds?: number;
  startAfter?: number | string | Date;
  priority?: number;
};

export type JobHandler<P> = (payload: P, context: JobContext) => Promise<unknown>;

/**
 * One job type: its queue options live next to the reason for them. Handlers must be idempotent: pg-boss
 * delivers at least once and retries by default.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  queue: {
    /** standard: every send queued; short: one queued per key; stately: one queued + one active per key. */
    policy?: "standard" | "short" | "singleton" | "stately";
    retryLimit: number;
    /** seconds; with retryBackoff pg-boss doubles it per attempt and adds random jitter. */
    retryDelay: number;
    retryBackoff: boolean;
    expireInSeconds?: number;
  };
  /** Concurrent handlers of this queue per worker process. */
  concurrency?: number;
  /** Recurring: cron in Asia/Tokyo. */
  schedule?: { cron: string; payload: z.infer<S> };
  handler: () => Promise<{ default: JobHandler<z.infer<S>> }>;
};

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
