import "server-only";
import type { Database, DbOrTx } from "@/db/client";
import {
  getDealBundle,
  getDraftByWonEvent,
  getDraftForUpdate,
  getWonEvent,
  insertDraft,
  listDraftsForDeal,
  markWonEventConsumed,
  OPEN_DRAFT_STATUSES,
  updateDraft,
} from "@/db/queries/invoicing";
import type { InvoiceDraftRow } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";

import { stageTriggersDrafting } from "./mapping-rules";
import {
  buildDraftForBundle,
  ensureActiveRuleVersion,
  newDraftId,
  newOurReference,
  resolvePartnerAndConnection,
  reviewStatusOf,
  rowValuesFromDraft,
  saveDraftLines,
} from "./load-draft";

export type DraftFromWonDealResult =
  | { outcome: "created"; draftId: string; status: string }
  | { outcome: "already_drafted"; draftId: string }
  | { outcome: "reentry_flagged"; draftId: string }
  | { outcome: "skipped"; reason: string };

export class WonEventError extends Error {
  override name = "WonEventError";
  /** false when retrying cannot help (the event row is gone); true for races such as a deal not synced yet. */
  retryable = true;
}

/**
 * Consumes one closed-won event: builds the draft from the CRM mirror, the partner link and the active mapping rules.
 * Idempotent: one draft per event (unique won_event_id), and one OPEN draft per deal (partial unique index) — a second
 * won event while a draft is open flags re-entry on it instead of duplicating. A deal already invoiced gets a new
 * draft blocked by the "invoice already exists" check, so finance sees the re-entry without billing twice.
 */
export async function draftFromWonDeal(db: Database, wonEventId: string): Promise<DraftFromWonDealResult> {
  return db.transaction(async (tx) => {
    const event = await getWonEvent(tx, wonEventId);
    if (!event) {
      // Events are committed before their job is queued, so a missing row was deleted (e.g. the connection was
      // removed): retrying cannot bring it back.
      const error = new WonEventError(`won event ${wonEventId} not found`);
      error.retryable = false;
      throw error;
    }
    const existing = await getDraftByWonEvent(tx, wonEventId);
    if (existing) return { outcome: "already_drafted", draftId: existing.id };

    const { version, rules } = await ensureActiveRuleVersion(tx);
    const bundle = await getDealBundle(tx, event.connectionId, event.dealId);
    if (!bundle) throw new WonEventError(`deal ${event.dealId} is not in the CRM mirror yet`);
    if (!stageTriggersDrafting(rules, event.stageId, bundle.stage?.kind ?? null)) {
      await markWonEventConsumed(tx, event.id);
      return { outcome: "skipped", reason: `stage ${event.stageId} does not trigger drafting (mapping rules v${version.version})` };
    }

    const drafts = await listDraftsForDeal(tx, event.connectionId, event.dealId);
    const open = drafts.find((d) => OPEN_DRAFT_STATUSES.includes(d.status));
    if (open) {
      await flagReentry(tx, open, event.id);
      await markWonEventConsumed(tx, event.id);
      return { outcome: "reentry_flagged", draftId: open.id };
    }
    const posted = drafts.find((d) => d.status === "posted");

    const { accounting, partner } = await resolvePartnerAndConnection(tx, bundle, rules);
    const draft = buildDraftForBundle({
      bundle,
      rules,
      ruleVersionId: version.id,
      partner,
      existingInvoice: posted ? { id: posted.providerInvoiceId ?? posted.id, number: posted.invoiceNumber, status: posted.status } : null,
    });
    const id = newDraftId();
    const row = await insertDraft(tx, {
      id,
      crmConnectionId: event.connectionId,
      dealId: event.dealId,
      wonEventId: event.id,
      status: reviewStatusOf(draft),
      accountingConnectionId: partner?.accountingConnectionId ?? accounting?.id ?? null,
      provider: accounting?.provider ?? null,
      departmentId: partner?.departmentId ?? null,
      ownerId: bundle.deal.ownerId,
      reentry: event.isReentry || !!posted,
      ourReference: newOurReference(id),
      ...rowValuesFromDraft(draft),
      billingDate: draft.billingDate,
      dueDate: draft.dueDate,
      dueDateDerivation: draft.dueDateDerivation,
      subject: draft.subject,
      subtotal: draft.subtotal,
      tax: draft.tax,
      total: draft.total,
      taxSummary: draft.taxSummary,
      draft,
    });
    await saveDraftLines(tx, row.id, draft);
    await recordAudit(tx, {
      actor: "system",
      action: "invoice_draft.created",
      entityType: "invoice_draft",
      entityId: row.id,
      after: { dealId: row.dealId, wonEventId: event.id, status: row.status, total: row.total, ruleVersion: version.version, issues: draft.issues.map((i) => i.code) },
    });
    await markWonEventConsumed(tx, event.id);
    return { outcome: "created", draftId: row.id, status: row.status };
  });
}

async function flagReentry(tx: DbOrTx, open: InvoiceDraftRow, wonEventId: string): Promise<void> {
  const locked = await getDraftForUpdate(tx, open.id);
  if (!locked || locked.reentry) return;
  await updateDraft(tx, open.id, { reentry: true });
  await recordAudit(tx, {
    actor: "system",
    action: "invoice_draft.reentry_flagged",
    entityType: "invoice_draft",
    entityId: open.id,
    before: { reentry: false },
    after: { reentry: true, wonEventId },
  });
}
