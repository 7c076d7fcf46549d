import "server-only";
import type { Database, DbOrTx } from "@/db/client";
import { getActiveRuleVersion, getDealBundle, insertRuleVersion, listDraftsForDeal, listRecentWonEvents } from "@/db/queries/invoicing";
import { recordAudit } from "@/lib/audit/record-audit";

import { buildDraftForBundle, ensureActiveRuleVersion, resolvePartnerAndConnection } from "./load-draft";

const PREVIEW_REFERENCE = "KKH-PREVIEW";
import { mappingRulesSchema, type MappingRules, type MappingRulesInput } from "./mapping-rules";
import { invoiceInputFromDraft } from "./post-invoice";
import type { InvoiceDraft } from "./types";

/** Saving never edits a version: it appends the next one (drafts keep pointing at the version they used). */
export async function saveMappingRules(db: Database, actor: { id: string; label: string }, input: { rules: MappingRulesInput; note: string | null }) {
  const rules = mappingRulesSchema.parse(input.rules);
  return db.transaction(async (tx) => {
    const { version: previous } = await ensureActiveRuleVersion(tx);
    const row = await insertRuleVersion(tx, { rules, note: input.note, createdBy: actor.id });
    await recordAudit(tx, {
      actor,
      action: "mapping_rules.saved",
      entityType: "mapping_rule_version",
      entityId: row.id,
      before: { version: previous.version, rules: previous.rules },
      after: { version: row.version, rules, note: input.note },
    });
    return row;
  });
}

export type PreviewRow = {
  wonEventId: string;
  dealId: string;
  dealName: string;
  companyName: string;
  current: { total: number; tax: number; billingDate: string; dueDate: string; blocked: boolean } | null;
  proposed: { total: number; tax: number; billingDate: string; dueDate: string; blocked: boolean; issues: string[] };
  /** What the provider would receive under the edited rules. */
  payload: ReturnType<typeof invoiceInputFromDraft>;
  changed: string[];
  error?: string;
};

/** Dry run: the drafts and provider payloads that the most recent won deals would produce under `rules`. Writes nothing. */
export async function previewMappingRules(db: DbOrTx, rawRules: MappingRulesInput, limit = 10): Promise<PreviewRow[]> {
  const rules: MappingRules = mappingRulesSchema.parse(rawRules);
  const active = await ensureActiveRuleVersionReadOnly(db);
  const events = await listRecentWonEvents(db, limit);
  const rows: PreviewRow[] = [];
  for (const event of events) {
    const bundle = await getDealBundle(db, event.connectionId, event.dealId);
    if (!bundle) continue;
    const { partner } = await resolvePartnerAndConnection(db, bundle, rules);
    const posted = (await listDraftsForDeal(db, event.connectionId, event.dealId)).find((d) => d.status === "posted");
    const existingInvoice = posted ? { id: posted.providerInvoiceId ?? posted.id, number: posted.invoiceNumber } : null;
    let proposed: InvoiceDraft;
    try {
      proposed = buildDraftForBundle({ bundle, rules, ruleVersionId: null, partner, existingInvoice });
    } catch (error) {
      rows.push({
        wonEventId: event.id,
        dealId: event.dealId,
        dealName: bundle.deal.name ?? event.dealId,
        companyName: bundle.company?.name ?? "",
        current: null,
        proposed: { total: 0, tax: 0, billingDate: "", dueDate: "", blocked: true, issues: [] },
        payload: { ourReference: "", partnerId: "", billingDate: "", subject: "", taxEntry: rules.taxEntry, rounding: rules.rounding, lines: [] },
        changed: [],
        error: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    let current: InvoiceDraft | null = null;
    if (active) {
      try {
        current = buildDraftForBundle({ bundle, rules: active.rules, ruleVersionId: active.id, partner, existingInvoice });
      } catch {
        current = null;
      }
    }
    const changed: string[] = [];
    if (current) {
      for (const field of ["total", "tax", "billingDate", "dueDate", "subject", "notes"] as const) if (current[field] !== proposed[field]) changed.push(field);
      if (JSON.stringify(current.lines.map((l) => [l.taxCode, l.accountItemId, l.taxRate])) !== JSON.stringify(proposed.lines.map((l) => [l.taxCode, l.accountItemId, l.taxRate]))) changed.push("lines");
    }
    rows.push({
      wonEventId: event.id,
      dealId: event.dealId,
      dealName: proposed.dealName,
      companyName: proposed.companyName,
      current: current ? { total: current.total, tax: current.tax, billingDate: current.billingDate, dueDate: current.dueDate, blocked: current.blocked } : null,
      proposed: { total: proposed.total, tax: proposed.tax, billingDate: proposed.billingDate, dueDate: proposed.dueDate, blocked: proposed.blocked, issues: proposed.issues.map((i) => i.ja) },
      payload: invoiceInputFromDraft({ ourReference: PREVIEW_REFERENCE, partnerId: partner?.partnerId ?? null, departmentId: partner?.departmentId ?? null }, proposed),
      changed,
    });
  }
  return rows;
}

async function ensureActiveRuleVersionReadOnly(db: DbOrTx): Promise<{ id: string; rules: MappingRules } | null> {
  const version = await getActiveRuleVersion(db);
  return version ? { id: version.id, rules: mappingRulesSchema.parse(version.rules) } : null;
}
