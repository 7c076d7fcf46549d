import "server-only";
import type PgBoss from "pg-boss";
import { createDb } from "@/db/client";
import { createLogger } from "@/lib/logger";
import { createBoss, deadLetterName, sendJob } from "./boss";
import { NonRetryableJobError } from "./errors";
import { notifyFinalJobFailure } from "./final-failure";
import { jobDefinitions } from "./registry";
import type { JobContext, JobDefinition } from "./types";

const TZ = "Asia/Tokyo";

export type RunningWorker = { boss: PgBoss; stop: () => Promise<void> };

/**
 * Starts handlers for every queue (or the given ones), the cron schedules and pg-boss maintenance.
 * Used by the worker process and by integration tests.
 */
export async function startWorker(options: { url: string; definitions?: JobDefinition[]; schedules?: boolean; pollingIntervalSeconds?: number }): Promise<RunningWorker> {
  const log = createLogger({ component: "worker", pid: process.pid });
  const definitions = options.definitions ?? jobDefinitions;
  const { db, close } = createDb(options.url, { max: 8 });
  const boss = await createBoss(options.url, { schedule: options.schedules ?? true, supervise: true, definitions });

  for (const definition of definitions) {
    const concurrency = definition.concurrency ?? 1;
    for (let i = 0; i < concurrency; i++) {
      await boss.work(
        definition.name,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 },
        async ([job]) => {
          if (!job) return;
          const jobLog = log.child({ job: definition.name, jobId: job.id, attempt: job.retryCount + 1 });
          const parsed = definition.schema.safeParse(job.data);
          if (!parsed.success) {
            // Not retried: the same payload would fail the same way. Parked in the dead-letter queue for a person.
            const reason = `invalid payload: ${parsed.error.message}`;
            jobLog.error("job rejected", { reason });
            await boss.send(deadLetterName(definition.name), { payload: job.data, reason, jobId: job.id });
            await notifyFinalJobFailure({ jobName: definition.name, jobId: job.id, payload: job.data, reason, kind: "invalid_payload" }, db);
            return { rejected: reason };
          }
          const context: JobContext = {
            db,
            log: jobLog,
            jobId: job.id,
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
            send: (name, payload, sendOptions) => sendJob(name, payload, sendOptions, boss),
          };
          const handler = (await definition.handler()).default;
          try {
            return await handler(parsed.data, context);
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            if (error instanceof NonRetryableJobError) {
              jobLog.warn("job failed, not retryable", { reason });
              await boss.send(deadLetterName(definition.name), { payload: job.data, reason, jobId: job.id });
              await notifyFinalJobFailure({ jobName: definition.name, jobId: job.id, payload: job.data, reason, kind: "non_retryable" }, db);
              return { failed: reason };
            }
            const last = job.retryCount >= job.retryLimit;
            jobLog[last ? "error" : "warn"](last ? "job failed, retries exhausted" : "job failed, will retry", { reason });
            // pg-boss moves the job to its dead-letter queue itself after the last retry; we only alert, once.
            if (last) await notifyFinalJobFailure({ jobName: definition.name, jobId: job.id, payload: job.data, reason, kind: "retries_exhausted" }, db);
            throw error;
          }
        },
      );
    }
    if (definition.schedule && (options.schedules ?? true)) {
      await boss.schedule(definition.name, definition.schedule.cron, definition.schedule.payload as object, { tz: TZ });
    }
  }
  log.info("worker started", { queues: definitions.map((d) => d.name) });

  return {
    boss,
    stop: async () => {
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
      await close();
      log.info("worker stopped");
    },
  };
}
