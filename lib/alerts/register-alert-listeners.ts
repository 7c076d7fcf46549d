import "server-only";
import { onFinalJobFailure, type FinalFailure } from "@/lib/jobs/final-failure";
import type { Database } from "@/db/client";
import { raiseAlert } from "./raise-alert";

/**
 * A job that failed for good alerts ONCE: the worker calls the final-failure listeners only after the last retry
 * (never per attempt), and the dedup key `job-failed:<jobId>` makes a redelivered final failure a no-op too.
 */
export async function alertOnFinalFailure(failure: FinalFailure, db: Database): Promise<void> {
  const reason = failure.kind === "retries_exhausted" ? "リトライ上限に達しました / retries exhausted" : failure.kind === "invalid_payload" ? "不正なペイロード / invalid payload" : "リトライ不可のエラー / non-retryable error";
  await raiseAlert(db, {
    dedupKey: `job-failed:${failure.jobId}`,
    kind: "job.failed",
    title: `ジョブ失敗 / Job failed: ${failure.jobName}`,
    body: `${reason}: ${failure.reason.slice(0, 1000)}`,
    context: { jobName: failure.jobName, jobId: failure.jobId, kind: failure.kind },
  });
}

let registered = false;
export function registerAlertListeners(): void {
  if (registered) return;
  registered = true;
  onFinalJobFailure(alertOnFinalFailure);
}
