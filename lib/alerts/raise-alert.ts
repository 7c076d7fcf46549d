import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertEvents } from "@/db/schema";
import { logger } from "@/lib/logger";
import { getAlertChannels } from "./channels";
import { deliverAlert, type AlertMessage, type DeliveryResult } from "./deliver-alert";

export type RaiseAlertInput = {
  /** Deduplication: a second alert with the same key is not sent (e.g. `job-failed:<jobId>`). */
  dedupKey: string;
  kind: string;
  title: string;
  body: string;
  severity?: AlertMessage["severity"];
  context?: Record<string, unknown> | null;
};

/**
 * Records the alert once (unique dedup key: concurrent raisers race on the insert, exactly one wins) and delivers it
 * to the configured channels. Returns null when the alert had already been raised.
 */
export async function raiseAlert(db: DbOrTx, input: RaiseAlertInput, options: { fetch?: typeof fetch } = {}): Promise<DeliveryResult[] | null> {
  const [row] = await db
    .insert(alertEvents)
    .values({ dedupKey: input.dedupKey, kind: input.kind, severity: input.severity ?? "error", title: input.title, body: input.body, context: input.context ?? null })
    .onConflictDoNothing({ target: alertEvents.dedupKey })
    .returning({ id: alertEvents.id });
  if (!row) return null;
  const message: AlertMessage = { title: input.title, body: input.body, severity: input.severity ?? "error", context: input.context ?? null };
  const results = await deliverAlert(await getAlertChannels(db), message, options);
  for (const r of results) if (!r.ok) logger.warn("alert delivery failed", { channel: r.channel, error: r.error, kind: input.kind });
  await db.update(alertEvents).set({ deliveries: results, deliveredAt: results.some((r) => r.ok) ? new Date() : null }).where(eq(alertEvents.id, row.id));
  return results;
}
