import "server-only";
import type { Database } from "@/db/client";
import { getDealBundle, getDraftForUpdate, listDraftsForDeal, updateDraft } from "@/db/queries/invoicing";
import { recordAudit } from "@/lib/audit/record-audit";

import { buildDraftForBundle, ensureActiveRuleVersion, loadRuleVersion, resolvePartnerAndConnection, reviewStatusOf, rowValuesFromDraft, saveDraftLines, storedDraft } from "./load-draft";
import { detectDealMismatch, mergeRegeneratedDraft } from "./regenerate-draft";

export type DealChangeResult = { regenerated: string[]; mismatched: string[]; unchanged: string[] };

const UNAPPROVED = new Set(["draft", "blocked"]);
const ISSUED = new Set(["approved", "posting", "posted", "post_failed"]);

/**
 * The deal changed in HubSpot after drafting (job `invoicing.deal-changed`, enqueued by the sync):
 * - an unapproved draft is rebuilt from the deal with the ACTIVE rules, and finance's manual edits are re-applied on
 *   top (flagged when the deal value under them changed);
 * - an approved / posted invoice is never rebuilt: it gets a mismatch flag listing what the deal change would alter,
 *   compared under the rule version it was approved with (so a rules edit is not reported as a deal change).
 */
export async function handleDealChange(db: Database, crmConnectionId: string, dealId: string): Promise<DealChangeResult> {
  const result: DealChangeResult = { regenerated: [], mismatched: [], unchanged: [] };
  const drafts = await listDraftsForDeal(db, crmConnectionId, dealId);
  for (const candidate of drafts) {
    if (!UNAPPROVED.has(candidate.status) && !ISSUED.has(candidate.status)) continue;
    await db.transaction(async (tx) => {
      const row = await getDraftForUpdate(tx, candidate.id);
      if (!row) return;
      const bundle = await getDealBundle(tx, crmConnectionId, dealId);
      if (!bundle) return;
      const previous = storedDraft(row);
      if (UNAPPROVED.has(row.status)) {
        const { version, rules } = await ensureActiveRuleVersion(tx);
        const { partner } = await resolvePartnerAndConnection(tx, bundle, rules);
        const regenerated = buildDraftForBundle({ bundle, rules, ruleVersionId: version.id, partner, existingInvoice: previous.source.existingInvoice });
        const merged = mergeRegeneratedDraft(previous, regenerated);
        if (JSON.stringify(merged) === JSON.stringify(previous)) {
          result.unchanged.push(row.id);
          return;
        }
        const status = reviewStatusOf(merged);
        await updateDraft(tx, row.id, { ...rowValuesFromDraft(merged), status, ownerId: bundle.deal.ownerId, departmentId: partner?.departmentId ?? row.departmentId });
        await saveDraftLines(tx, row.id, merged);
        await recordAudit(tx, {
          actor: "system",
          action: "invoice_draft.regenerated",
          entityType: "invoice_draft",
          entityId: row.id,
          before: { status: row.status, total: row.total, billingDate: row.billingDate, lines: previous.lines.length },
          after: {
            status,
            total: merged.total,
            billingDate: merged.billingDate,
            lines: merged.lines.length,
            ruleVersion: version.version,
            keptEdits: merged.manualEdits.map((e) => ({ target: e.target, status: e.status })),
          },
        });
        result.regenerated.push(row.id);
        return;
      }
      const { rules, version } = await loadRuleVersion(tx, row.ruleVersionId);
      const { partner } = await resolvePartnerAndConnection(tx, bundle, rules);
      const regenerated = buildDraftForBundle({ bundle, rules, ruleVersionId: version?.id ?? null, partner, existingInvoice: null });
      const mismatches = detectDealMismatch(previous, regenerated);
      const mismatch = mismatches.length > 0;
      if (mismatch === row.mismatch && JSON.stringify(mismatches) === JSON.stringify(row.mismatchDetails ?? [])) {
        result.unchanged.push(row.id);
        return;
      }
      await updateDraft(tx, row.id, { mismatch, mismatchDetails: mismatches });
      await recordAudit(tx, {
        actor: "system",
        action: mismatch ? "invoice_draft.mismatch_flagged" : "invoice_draft.mismatch_cleared",
        entityType: "invoice_draft",
        entityId: row.id,
        before: { mismatch: row.mismatch },
        after: { mismatch, details: mismatches },
      });
      if (mismatch) result.mismatched.push(row.id);
      else result.unchanged.push(row.id);
    });
  }
  return result;
}
