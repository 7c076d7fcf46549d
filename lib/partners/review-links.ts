import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { getActiveLink, getConfirmedLinkForPartner, getPartner, insertLinks, latestMatchRun, listAutoSuggestions, updateLink } from "@/db/queries/partners";
import { partnerLinks, type PartnerLink } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { matchReasons } from "@/lib/matching/match-reasons";

/**
 * Review decisions on the 名寄せ screen. Each one is a transaction with its audit row; the partner sync is queued by
 * the caller after commit (a confirmed link is what allows a company to be synced).
 */

export type Reviewer = { id: string; label: string };
export type CompanyRef = { crmConnectionId: string; accountingConnectionId: string; companyId: string };

export const PARTNER_REVIEW_ERROR_CODES = ["suggestionNotFound", "partnerTaken", "companyLinked", "notConfirmable", "notRejectable", "partnerNotFound", "runMatchingFirst"] as const;
export type PartnerReviewErrorCode = (typeof PARTNER_REVIEW_ERROR_CODES)[number];

/**
 * A decision that cannot be made. The message (Japanese / English) is for logs and tests; the screen shows
 * `partners.errors.<code>` with `values` in the reader's language.
 */
export class PartnerReviewError extends Error {
  override name = "PartnerReviewError";
  constructor(
    readonly code: PartnerReviewErrorCode,
    message: string,
    readonly values: Record<string, string> = {},
  ) {
    super(message);
  }
}

const auditView = (l: PartnerLink) => ({
  companyId: l.companyId,
  partnerId: l.partnerId,
  method: l.method,
  decision: l.decision,
  confidence: l.confidence,
  status: l.status,
});

/** Closing a suggestion that named a partner is a rejection of that partner; a `none` row is merely superseded. */
const closeAction = (open: PartnerLink) => (open.partnerId ? "partner_link.rejected" : "partner_link.superseded");

async function lockedLink(tx: DbOrTx, linkId: string): Promise<PartnerLink> {
  const [link] = await tx.select().from(partnerLinks).where(eq(partnerLinks.id, linkId)).for("update");
  if (!link) throw new PartnerReviewError("suggestionNotFound", "候補が見つかりません（再実行された可能性があります） / Suggestion not found (the matching may have been re-run)");
  return link;
}

async function assertPartnerFree(tx: DbOrTx, accountingConnectionId: string, partnerId: string, companyId: string): Promise<void> {
  const other = await getConfirmedLinkForPartner(tx, accountingConnectionId, partnerId);
  if (other && other.companyId !== companyId) {
    throw new PartnerReviewError("partnerTaken", `この取引先は既に別の会社（HubSpot ${other.companyId}）に紐付いています / This partner is already linked to HubSpot company ${other.companyId}`, { companyId: other.companyId });
  }
}

async function assertNotLinked(tx: DbOrTx, ref: CompanyRef): Promise<PartnerLink | null> {
  const active = await getActiveLink(tx, ref.crmConnectionId, ref.companyId, ref.accountingConnectionId, true);
  if (active?.status === "confirmed") throw new PartnerReviewError("companyLinked", "この会社は既に紐付け済みです / This company is already linked");
  return active;
}

async function confirmInTx(tx: DbOrTx, reviewer: Reviewer | "system", link: PartnerLink): Promise<PartnerLink> {
  if (link.status !== "suggested" || !link.partnerId) throw new PartnerReviewError("notConfirmable", "確定できる候補ではありません / This suggestion cannot be confirmed");
  await assertPartnerFree(tx, link.accountingConnectionId, link.partnerId, link.companyId);
  const method = link.method ?? (link.decision === "auto" ? "auto" : "review");
  const updated = await updateLink(tx, link.id, { status: "confirmed", method, decidedBy: reviewer === "system" ? null : reviewer.id, decidedAt: new Date() });
  await recordAudit(tx, { actor: reviewer, action: "partner_link.confirmed", entityType: "partner_link", entityId: link.id, before: auditView(link), after: auditView(updated!) });
  return updated!;
}

export async function confirmSuggestion(db: Database, reviewer: Reviewer, linkId: string): Promise<PartnerLink> {
  return db.transaction(async (tx) => confirmInTx(tx, reviewer, await lockedLink(tx, linkId)));
}

export async function rejectSuggestion(db: Database, reviewer: Reviewer, linkId: string): Promise<PartnerLink> {
  return db.transaction(async (tx) => {
    const link = await lockedLink(tx, linkId);
    if (link.status !== "suggested") throw new PartnerReviewError("notRejectable", "却下できる候補ではありません / This suggestion cannot be rejected");
    const updated = await updateLink(tx, link.id, { status: "rejected", decidedBy: reviewer.id, decidedAt: new Date() });
    await recordAudit(tx, { actor: reviewer, action: "partner_link.rejected", entityType: "partner_link", entityId: link.id, before: auditView(link), after: auditView(updated!) });
    return updated!;
  });
}

/** "Pick another partner": the open suggestion (if any, and for another partner) is rejected, a manual link confirmed. */
export async function linkToPartner(db: Database, reviewer: Reviewer, ref: CompanyRef & { partnerId: string }): Promise<PartnerLink> {
  return db.transaction(async (tx) => {
    const open = await assertNotLinked(tx, ref);
    if (!(await getPartner(tx, ref.accountingConnectionId, ref.partnerId))) throw new PartnerReviewError("partnerNotFound", "取引先が見つかりません / Partner not found");
    if (open?.partnerId === ref.partnerId) return confirmInTx(tx, reviewer, open);
    await assertPartnerFree(tx, ref.accountingConnectionId, ref.partnerId, ref.companyId);
    if (open) {
      const rejected = await updateLink(tx, open.id, { status: "rejected", decidedBy: reviewer.id, decidedAt: new Date() });
      await recordAudit(tx, { actor: reviewer, action: closeAction(open), entityType: "partner_link", entityId: open.id, before: auditView(open), after: auditView(rejected!) });
    }
    const candidate = open?.candidates.find((c) => c.partnerId === ref.partnerId);
    const [created] = await insertLinks(tx, [
      {
        crmConnectionId: ref.crmConnectionId,
        companyId: ref.companyId,
        accountingConnectionId: ref.accountingConnectionId,
        partnerId: ref.partnerId,
        method: "manual",
        status: "confirmed",
        confidence: candidate?.confidence ?? null,
        reasons: candidate ? candidate.reasons : [matchReasons.format("chosenByPerson")],
        candidates: open?.candidates ?? [],
        matchRunId: open?.matchRunId ?? null,
        decidedBy: reviewer.id,
        decidedAt: new Date(),
      },
    ]);
    await recordAudit(tx, { actor: reviewer, action: "partner_link.linked_manually", entityType: "partner_link", entityId: created!.id, after: auditView(created!) });
    return created!;
  });
}

/** "Create a new partner": a confirmed `created` link without a partner yet; the sync job creates it (code = company id). */
export async function flagForCreation(db: Database, reviewer: Reviewer | "system", ref: CompanyRef): Promise<PartnerLink> {
  return db.transaction(async (tx) => {
    const open = await assertNotLinked(tx, ref);
    // Creating before the company was ever matched is how duplicates are born: the matching comes first.
    if (!open && !(await latestMatchRun(tx, ref.crmConnectionId, ref.accountingConnectionId, "done"))) {
      throw new PartnerReviewError("runMatchingFirst", "先に「名寄せを実行」してください / Run the matching first");
    }
    const decidedBy = reviewer === "system" ? null : reviewer.id;
    if (open) {
      const rejected = await updateLink(tx, open.id, { status: "rejected", decidedBy, decidedAt: new Date() });
      await recordAudit(tx, { actor: reviewer, action: closeAction(open), entityType: "partner_link", entityId: open.id, before: auditView(open), after: auditView(rejected!) });
    }
    const [created] = await insertLinks(tx, [
      {
        crmConnectionId: ref.crmConnectionId,
        companyId: ref.companyId,
        accountingConnectionId: ref.accountingConnectionId,
        partnerId: null,
        method: "created",
        status: "confirmed",
        confidence: null,
        reasons: [matchReasons.format(reviewer === "system" ? "createdOnArrival" : "createdByPerson")],
        candidates: open?.candidates ?? [],
        matchRunId: open?.matchRunId ?? null,
        decidedBy,
        decidedAt: new Date(),
      },
    ]);
    await recordAudit(tx, { actor: reviewer, action: "partner_link.flagged_for_creation", entityType: "partner_link", entityId: created!.id, after: auditView(created!) });
    return created!;
  });
}

/**
 * Bulk-confirm every `auto` suggestion. One transaction: each confirmation has its own audit row; a partner that got
 * linked meanwhile (a person picked it for another company) is skipped and reported, not forced.
 */
export async function bulkConfirmAuto(db: Database, reviewer: Reviewer, ref: Omit<CompanyRef, "companyId">): Promise<{ confirmed: PartnerLink[]; skipped: { linkId: string; reason: string }[] }> {
  return db.transaction(async (tx) => {
    const confirmed: PartnerLink[] = [];
    const skipped: { linkId: string; reason: string }[] = [];
    const suggestions = await listAutoSuggestions(tx, ref.crmConnectionId, ref.accountingConnectionId);
    for (const s of suggestions) {
      const [link] = await tx.select().from(partnerLinks).where(and(eq(partnerLinks.id, s.id), eq(partnerLinks.status, "suggested"))).for("update");
      if (!link) continue;
      try {
        confirmed.push(await confirmInTx(tx, reviewer, link));
      } catch (error) {
        if (!(error instanceof PartnerReviewError)) throw error;
        skipped.push({ linkId: link.id, reason: error.message });
      }
    }
    await recordAudit(tx, { actor: reviewer, action: "partner_link.bulk_confirmed", entityType: "partner_match", entityId: `${ref.crmConnectionId}:${ref.accountingConnectionId}`, after: { confirmed: confirmed.length, skipped: skipped.length } });
    return { confirmed, skipped };
  });
}
