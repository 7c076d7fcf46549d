"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getLink, listActiveConnections, searchPartners } from "@/db/queries/partners";
import { ActionError, authedAction } from "@/lib/auth/guards";
import { sendJob } from "@/lib/jobs/boss";
import { logger } from "@/lib/logger";
import { bulkConfirmAuto, confirmSuggestion, flagForCreation, linkToPartner, PartnerReviewError, rejectSuggestion } from "@/lib/partners/review-links";
import { legalFormOf } from "@/lib/partners/review-screen";
import { queueMatchRun } from "@/lib/partners/run-matching";

const actorOf = (user: { id: string; email: string }) => ({ id: user.id, label: user.email });

/** The review screen shows an action's failure as is: worded here, in the reader's language (locale cookie). */
async function failure(key: string, values?: Record<string, string>): Promise<ActionError> {
  const t = await getTranslations("partners.errors");
  return new ActionError(t(key, values));
}

async function rethrow(error: unknown): Promise<never> {
  if (error instanceof PartnerReviewError) throw await failure(error.code, error.values);
  throw error;
}

async function connectionsFor(accountingConnectionId: string) {
  const db = await getDb();
  const active = await listActiveConnections(db);
  const crm = active.find((c) => c.provider === "hubspot");
  const accounting = active.find((c) => c.id === accountingConnectionId && (c.provider === "freee" || c.provider === "moneyforward"));
  if (!crm) throw await failure("hubspotNotConnected");
  if (!accounting) throw await failure("accountingNotConnected");
  return { db, crm, accounting };
}

/** Sync is queued after the decision committed; a lost enqueue is caught up by the next company change or "再同期". */
async function queueSync(crmConnectionId: string, companyIds: string[]): Promise<void> {
  for (const companyId of companyIds) {
    await sendJob("partners.sync-company", { crmConnectionId, companyId }, { singletonKey: `${crmConnectionId}:${companyId}` }).catch((error: unknown) =>
      logger.warn("partner sync not queued", { companyId, error }),
    );
  }
}

const acct = z.object({ accountingConnectionId: z.uuid() });

export const runMatchingAction = authedAction("partners.review", acct, async ({ accountingConnectionId }, user) => {
  const { db, crm, accounting } = await connectionsFor(accountingConnectionId);
  const run = await queueMatchRun(db, { crmConnectionId: crm.id, accountingConnectionId: accounting.id, actor: actorOf(user) });
  await sendJob("partners.run-matching", { runId: run.id }, { singletonKey: run.id });
  revalidatePath("/partners");
  return { runId: run.id };
});

export const confirmLinkAction = authedAction("partners.review", z.object({ linkId: z.uuid() }), async ({ linkId }, user) => {
  const db = await getDb();
  const link = await confirmSuggestion(db, actorOf(user), linkId).catch(rethrow);
  await queueSync(link.crmConnectionId, [link.companyId]);
  revalidatePath("/partners");
  return { linkId: link.id };
});

export const rejectLinkAction = authedAction("partners.review", z.object({ linkId: z.uuid() }), async ({ linkId }, user) => {
  const db = await getDb();
  const link = await rejectSuggestion(db, actorOf(user), linkId).catch(rethrow);
  revalidatePath("/partners");
  return { linkId: link.id };
});

export const linkPartnerAction = authedAction("partners.review", acct.extend({ companyId: z.string().min(1), partnerId: z.string().min(1) }), async (input, user) => {
  const { db, crm, accounting } = await connectionsFor(input.accountingConnectionId);
  const link = await linkToPartner(db, actorOf(user), { crmConnectionId: crm.id, accountingConnectionId: accounting.id, companyId: input.companyId, partnerId: input.partnerId }).catch(rethrow);
  await queueSync(crm.id, [input.companyId]);
  revalidatePath("/partners");
  return { linkId: link.id };
});

export const createPartnerAction = authedAction("partners.review", acct.extend({ companyId: z.string().min(1) }), async (input, user) => {
  const { db, crm, accounting } = await connectionsFor(input.accountingConnectionId);
  const link = await flagForCreation(db, actorOf(user), { crmConnectionId: crm.id, accountingConnectionId: accounting.id, companyId: input.companyId }).catch(rethrow);
  await queueSync(crm.id, [input.companyId]);
  revalidatePath("/partners");
  return { linkId: link.id };
});

export const bulkConfirmAutoAction = authedAction("partners.review", acct, async ({ accountingConnectionId }, user) => {
  const { db, crm, accounting } = await connectionsFor(accountingConnectionId);
  const result = await bulkConfirmAuto(db, actorOf(user), { crmConnectionId: crm.id, accountingConnectionId: accounting.id }).catch(rethrow);
  await queueSync(crm.id, result.confirmed.map((l) => l.companyId));
  revalidatePath("/partners");
  return { confirmed: result.confirmed.length, skipped: result.skipped };
});

export const retrySyncAction = authedAction("partners.review", z.object({ linkId: z.uuid() }), async ({ linkId }) => {
  const db = await getDb();
  const link = await getLink(db, linkId);
  if (!link || link.status !== "confirmed") throw await failure("linkNotFound");
  await queueSync(link.crmConnectionId, [link.companyId]);
  revalidatePath("/partners");
  return { queued: true };
});

export const searchPartnersAction = authedAction("partners.review", acct.extend({ query: z.string().trim().min(1).max(100) }), async ({ accountingConnectionId, query }) => {
  const db = await getDb();
  const rows = await searchPartners(db, accountingConnectionId, query, 20);
  return rows.map((p) => ({ id: p.id, name: p.name, code: p.code, legalForm: legalFormOf(p.name), registrationNumber: p.registrationNumber, address: p.address, phone: p.phone }));
});
