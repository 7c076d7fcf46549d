import type { Database } from "@/db/client";

/** A job failed for good (last retry spent, invalid payload, or non-retryable error). */
export type FinalFailure = {
  jobName: string;
  jobId: string;
  payload: unknown;
  reason: string;
  kind: "retries_exhausted" | "invalid_payload" | "non_retryable";
};

type Listener = (failure: FinalFailure, db: Database) => Promise<void>;
const listeners: Listener[] = [];

/** Alerts subscribe here (lib/alerts). Called once per job, never once per attempt. */
export function onFinalJobFailure(listener: Listener): void {
  listeners.push(listener);
}

export async function notifyFinalJobFailure(failure: FinalFailure, db: Database): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener(failure, db);
    } catch {
      // An alert channel being down must not turn into a retry of the job itself.
    }
  }
}
