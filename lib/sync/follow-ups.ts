import "server-only";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { crmLineItems } from "@/db/schema";
import { sendJob } from "@/lib/jobs/boss";
import { jobDefinitions } from "@/lib/jobs/registry";
import type { Logger } from "@/lib/logger";
import type { SendFn } from "./won-events";

export const PARTNER_SYNC_JOB = "partners.sync-company";
export const DEAL_CHANGED_JOB = "invoicing.deal-changed";

export type ChangedIds = { companies?: string[]; deals?: string[]; lineItems?: string[] };

/**
 * After an incremental change (webhook or catch-up poll) has COMMITTED: a changed company goes to the partner sync
 * (CRM is the master for partner data), a changed deal or line item to invoicing (an open draft is regenerated, a
 * posted one flagged). Only the jobs that are registered are sent; both handlers are idempotent and cheap when
 * there is nothing to do, and singleton keys keep a burst of events for one record to one queued job. The initial
 * full sync does not call this: migration partners wait for review, and no draft exists yet.
 */
export async function enqueueFollowUps(db: DbOrTx, connectionId: string, changed: ChangedIds, log: Logger, send: SendFn = (n, p, o) => sendJob(n, p, o)): Promise<{ partners: number; deals: number }> {
  const registered = new Set(jobDefinitions.map((d) => d.name));
  let partners = 0;
  let deals = 0;
  if (registered.has(PARTNER_SYNC_JOB)) {
    for (const companyId of new Set(changed.companies ?? [])) {
      try {
        if (await send(PARTNER_SYNC_JOB, { crmConnectionId: connectionId, companyId }, { singletonKey: `${connectionId}:${companyId}` })) partners++;
      } catch (error) {
        log.warn("could not enqueue partner sync", { companyId, error });
      }
    }
  }
  if (registered.has(DEAL_CHANGED_JOB)) {
    const dealIds = new Set(changed.deals ?? []);
    if (changed.lineItems?.length) {
      const rows = await db
        .select({ dealId: crmLineItems.dealId })
        .from(crmLineItems)
        .where(and(eq(crmLineItems.connectionId, connectionId), inArray(crmLineItems.id, changed.lineItems), isNotNull(crmLineItems.dealId)));
      for (const row of rows) if (row.dealId) dealIds.add(row.dealId);
    }
    for (const dealId of dealIds) {
      try {
        if (await send(DEAL_CHANGED_JOB, { connectionId, dealId }, { singletonKey: `${connectionId}:${dealId}` })) deals++;
      } catch (error) {
        log.warn("could not enqueue deal change", { dealId, error });
      }
    }
  }
  return { partners, deals };
}

/** The follow-up key of a synced object type. */
export function changedIdsOf(object: "companies" | "deals" | "line_items" | "products", ids: string[]): ChangedIds {
  if (object === "companies") return { companies: ids };
  if (object === "deals") return { deals: ids };
  if (object === "line_items") return { lineItems: ids };
  return {};
}
