import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rateLimitObservations } from "@/db/schema";
import { syncAccounting, THROTTLE_BUCKET, type SyncAccountingOptions, type SyncSummary } from "./sync-accounting";

/** When a run was stopped by freee's excessive-access block (or a long 429), later runs wait until it is over. */
export async function throttledUntil(db: Database, connectionId: string, now = new Date()): Promise<Date | null> {
  const [row] = await db
    .select()
    .from(rateLimitObservations)
    .where(and(eq(rateLimitObservations.connectionId, connectionId), eq(rateLimitObservations.bucket, THROTTLE_BUCKET)));
  const until = (row?.details as { pausedUntil?: string } | null)?.pausedUntil;
  const at = until ? new Date(until) : null;
  return at && at > now ? at : null;
}

export async function isThrottled(db: Database, connectionId: string, now = new Date()): Promise<boolean> {
  return (await throttledUntil(db, connectionId, now)) !== null;
}

export function runAccountingSync(options: SyncAccountingOptions): Promise<SyncSummary> {
  return syncAccounting(options);
}
