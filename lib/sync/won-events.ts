import "server-only";
import { sendJob } from "@/lib/jobs/boss";
import { jobDefinitions } from "@/lib/jobs/registry";
import type { Logger } from "@/lib/logger";

export const DRAFT_FROM_WON_DEAL_JOB = "invoicing.draft-from-won-deal";

export type SendFn = (name: string, payload: unknown, options?: { singletonKey?: string }) => Promise<string | null>;

/**
 * Hand new "closed won" entries to invoicing. The invoicing job is registered by another module; until it exists
 * we skip silently (the deal_won_events rows stay unconsumed and can be picked up later). singletonKey = event id,
 * so a replayed sync never queues a second draft for the same entry.
 */
export async function enqueueWonEvents(wonEventIds: string[], log: Logger, send: SendFn = (n, p, o) => sendJob(n, p, o)): Promise<number> {
  if (wonEventIds.length === 0) return 0;
  if (!jobDefinitions.some((d) => d.name === DRAFT_FROM_WON_DEAL_JOB)) return 0;
  // Concurrently: a page of deals can carry several entries and each send is a database round trip.
  const results = await Promise.all(
    wonEventIds.map((wonEventId) =>
      send(DRAFT_FROM_WON_DEAL_JOB, { wonEventId }, { singletonKey: wonEventId }).then(
        () => 1,
        (error: unknown) => {
          log.warn("could not enqueue draft for won deal", { wonEventId, error });
          return 0;
        },
      ),
    ),
  );
  return results.reduce((n: number, r) => n + r, 0);
}
