import { z } from "zod";

import { DEFAULT_PAYMENT_TERMS, paymentTermsSchema } from "@/lib/japan/payment-terms";

import { billingDateRuleSchema, productMappingSchema, roundingSchema, taxCodeMappingSchema, taxEntrySchema, type InvoiceSettings } from "./schemas";

/**
 * The mapping rules an admin edits (settings → mapping). Stored as immutable versions in mapping_rule_versions; the
 * highest version is active and every draft records the version it was built with. Pure: shared by the settings
 * form (client), the services and the dry-run preview.
 */
export const companyTermsSchema = z.object({
  companyId: z.string().trim().min(1),
  /** Shown in the settings list only; the id is what matches. */
  companyName: z.string().optional(),
  terms: paymentTermsSchema,
});

export const mappingRulesSchema = z.object({
  taxEntry: taxEntrySchema.default("exclusive"),
  rounding: roundingSchema.default("floor"),
  paymentTerms: paymentTermsSchema.default({ ...DEFAULT_PAYMENT_TERMS }),
  companyPaymentTerms: z.array(companyTermsSchema).default([]),
  billingDateRule: billingDateRuleSchema.default("close_date"),
  defaultTaxRate: z.number().int().min(0).max(100).default(10),
  productMappings: z.array(productMappingSchema).default([]),
  taxCodeMappings: z.array(taxCodeMappingSchema).default([]),
  /** HubSpot stage ids that trigger drafting; empty = every stage whose kind is "won". */
  triggerStageIds: z.array(z.string().min(1)).default([]),
  subjectTemplate: z.string().max(500).default("{{deal.name}} ご請求書"),
  notesTemplate: z.string().max(4000).default(""),
  /** After posting, move the deal to this stage (e.g. "invoiced"); null = leave it. */
  invoicedStageId: z.string().min(1).nullable().default(null),
  /** The accounting connection drafts are posted to; null = the one active freee / MF connection. */
  accountingConnectionId: z.string().uuid().nullable().default(null),
});

export type MappingRules = z.infer<typeof mappingRulesSchema>;
export type MappingRulesInput = z.input<typeof mappingRulesSchema>;

export const DEFAULT_MAPPING_RULES: MappingRules = mappingRulesSchema.parse({});

export function parseMappingRules(raw: unknown): MappingRules {
  return mappingRulesSchema.parse(raw ?? {});
}

/** The rule's settings for one company's draft (per-company payment terms are applied on the company input). */
export function settingsFromRules(rules: MappingRules, ruleVersionId: string | null): InvoiceSettings {
  return {
    taxEntry: rules.taxEntry,
    rounding: rules.rounding,
    paymentTerms: { ...rules.paymentTerms },
    billingDateRule: rules.billingDateRule,
    defaultTaxRate: rules.defaultTaxRate,
    productMappings: rules.productMappings,
    taxCodeMappings: rules.taxCodeMappings,
    subjectTemplate: rules.subjectTemplate,
    notesTemplate: rules.notesTemplate,
    ruleVersionId,
  };
}

export function companyTermsFor(rules: MappingRules, companyId: string | null): MappingRules["paymentTerms"] | null {
  if (!companyId) return null;
  return rules.companyPaymentTerms.find((c) => c.companyId === companyId)?.terms ?? null;
}

/** Does this stage trigger drafting? `stageKind` is the synced stage's kind (won/lost/open). */
export function stageTriggersDrafting(rules: MappingRules, stageId: string, stageKind: string | null): boolean {
  if (rules.triggerStageIds.length > 0) return rules.triggerStageIds.includes(stageId);
  return stageKind === "won" || stageKind === null;
}
