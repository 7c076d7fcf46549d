import "server-only";
import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import {
  findAccountingConnection,
  findConfirmedPartner,
  getActiveRuleVersion,
  getRuleVersion,
  insertFirstRuleVersion,
  replaceDraftLines,
  type DealBundle,
} from "@/db/queries/invoicing";
import type { InvoiceDraftRow, MappingRuleVersion, NewInvoiceDraftRow } from "@/db/schema";
import { plainDateInJst } from "@/lib/japan/bank-calendar";

import { buildInvoiceDraft, parseDraftInput } from "./build-draft";
import { companyTermsFor, DEFAULT_MAPPING_RULES, parseMappingRules, settingsFromRules, type MappingRules } from "./mapping-rules";
import type { DraftInputRaw, ExistingInvoice } from "./schemas";
import type { InvoiceDraft } from "./types";

/**
 * From the CRM mirror + partner link + mapping rules to the pure draft (build-draft.ts), and from the pure draft to
 * the invoice_drafts row. Shared by draft creation, regeneration after deal changes and the dry-run preview.
 */

/** The active rule version; the defaults are saved as version 1 the first time, so every draft names a version. */
export async function ensureActiveRuleVersion(db: DbOrTx): Promise<{ version: MappingRuleVersion; rules: MappingRules }> {
  let version = await getActiveRuleVersion(db);
  if (!version) {
    // ON CONFLICT DO NOTHING: the first won deals arrive together; each waits for the other's insert, none fails.
    await insertFirstRuleVersion(db, DEFAULT_MAPPING_RULES);
    version = await getActiveRuleVersion(db);
    if (!version) throw new Error("no mapping rule version");
  }
  return { version, rules: parseMappingRules(version.rules) };
}

export async function loadRuleVersion(db: DbOrTx, id: string | null): Promise<{ version: MappingRuleVersion | null; rules: MappingRules }> {
  const version = id ? await getRuleVersion(db, id) : null;
  return { version, rules: version ? parseMappingRules(version.rules) : DEFAULT_MAPPING_RULES };
}

export type PartnerForDraft = Awaited<ReturnType<typeof findConfirmedPartner>>;

/** The pure builder's input for a synced deal. Lenient where the mirror can be incomplete (no company, no close date). */
export function draftInputFromBundle(args: {
  bundle: DealBundle;
  rules: MappingRules;
  ruleVersionId: string | null;
  partner: PartnerForDraft;
  existingInvoice: ExistingInvoice | null;
}): DraftInputRaw {
  const { deal, company, lineItems, products, owner } = args.bundle;
  const closedate = deal.closeDate ?? (deal.stageEnteredAt ? plainDateInJst(deal.stageEnteredAt) : plainDateInJst(new Date()));
  const ownerName = owner ? [owner.lastName, owner.firstName].filter(Boolean).join(" ") || owner.email || owner.id : null;
  const companyId = deal.companyId ?? company?.id ?? "-";
  return {
    deal: {
      id: deal.id,
      name: deal.name?.trim() || `Deal ${deal.id}`,
      amount: deal.amountYen ?? (deal.amount !== null && deal.amount !== "" ? deal.amount : null),
      currency: deal.currency ?? "JPY",
      closedate,
      owner: owner ? { id: owner.id, name: ownerName ?? undefined, email: owner.email ?? undefined } : deal.ownerId,
    },
    company: {
      id: companyId,
      name: company?.name?.trim() || (deal.companyId ? `Company ${deal.companyId}` : "（会社の関連付けなし）"),
      registrationNumber: company?.registrationNumber ?? null,
      paymentTerms: companyTermsFor(args.rules, deal.companyId),
    },
    partner: args.partner ? { id: args.partner.partnerId, name: args.partner.name ?? company?.name ?? args.partner.partnerId, registrationNumber: args.partner.registrationNumber } : null,
    lineItems: lineItems.map((li) => ({
      id: li.id,
      name: li.name?.trim() || `Line ${li.id}`,
      productId: li.productId,
      quantity: li.quantity ?? "1",
      unitPrice: li.unitPrice ?? "0",
      taxRate: li.taxRate,
    })),
    products: products.map((p) => ({ id: p.id, name: p.name ?? undefined, defaultTaxRate: p.taxRate })),
    settings: settingsFromRules(args.rules, args.ruleVersionId),
    existingInvoice: args.existingInvoice,
  };
}

/** Builds the pure draft for a deal; input the mirror cannot express (e.g. 5 decimals) becomes a readable error. */
export function buildDraftForBundle(args: Parameters<typeof draftInputFromBundle>[0]): InvoiceDraft {
  return buildInvoiceDraft(parseDraftInput(draftInputFromBundle(args)));
}

export async function resolvePartnerAndConnection(db: DbOrTx, bundle: DealBundle, rules: MappingRules) {
  const accounting = await findAccountingConnection(db, rules.accountingConnectionId);
  const partner = bundle.deal.companyId
    ? await findConfirmedPartner(db, { crmConnectionId: bundle.deal.connectionId, companyId: bundle.deal.companyId, accountingConnectionId: accounting?.id ?? null })
    : null;
  return { accounting, partner };
}

/** Our reference printed into the provider's invoice: stable for the draft's life, unique, short enough for any field. */
export function newOurReference(draftId: string): string {
  return `KKH-${draftId.replace(/-/g, "").slice(0, 12).toUpperCase()}`;
}

export function newDraftId(): string {
  return randomUUID();
}

/** The columns mirrored from the pure draft (kept in sync on every save). */
export function rowValuesFromDraft(draft: InvoiceDraft): Partial<NewInvoiceDraftRow> {
  return {
    dealName: draft.dealName,
    companyId: draft.companyId,
    companyName: draft.companyName,
    partnerId: draft.partner?.id ?? null,
    partnerName: draft.partner?.name ?? null,
    ruleVersionId: draft.ruleVersionId,
    billingDate: draft.billingDate,
    dueDate: draft.dueDate,
    dueDateDerivation: draft.dueDateDerivation,
    subject: draft.subject,
    notes: draft.notes,
    subtotal: draft.subtotal,
    tax: draft.tax,
    total: draft.total,
    taxSummary: draft.taxSummary,
    issues: draft.issues,
    manualEdits: draft.manualEdits,
    blocked: draft.blocked,
    draft,
  };
}

/** An unapproved draft's status follows its checks. */
export function reviewStatusOf(draft: InvoiceDraft): "draft" | "blocked" {
  return draft.blocked ? "blocked" : "draft";
}

export async function saveDraftLines(db: DbOrTx, draftId: string, draft: InvoiceDraft): Promise<void> {
  await replaceDraftLines(
    db,
    draftId,
    draft.lines.map((l, position) => ({
      position,
      lineKey: l.key,
      name: l.name,
      quantity: String(l.quantity),
      unitPrice: String(l.unitPrice),
      amount: l.amount,
      taxRate: l.taxRate,
      reducedRate: l.reducedRate,
      taxCode: l.taxCode,
      accountItemId: l.accountItemId,
      accountItemName: l.accountItemName,
      edited: l.editedFields.length > 0,
    })),
  );
}

export function storedDraft(row: InvoiceDraftRow): InvoiceDraft {
  return row.draft as InvoiceDraft;
}
