/**
 * Pure mapping from HubSpot wire objects (schemas.ts) to our rows (db/schema/crm.ts). No I/O, no clock: the
 * caller passes `syncedAt`. Snapshot-tested on realistic payloads in transform.unit.test.ts.
 */
import { isValidCorporateNumber } from "@/lib/japan/registration-number";
import type { HsObject, HsOwner, HsPipeline, HsStage } from "./schemas";

export type StageKind = "open" | "won" | "lost";

/**
 * Won/lost from stage METADATA, never from ids (custom pipelines have numeric ids): probability "1.0" = Closed Won,
 * "0.0" = Closed Lost, plus `isClosed` (api-hubspot.md §4, rule 5). A closed stage with another probability counts
 * as lost (closed without winning); probability 1.0 counts as won even if a portal forgot isClosed.
 */
export function stageKind(metadata: Record<string, string>): StageKind {
  const probability = metadata.probability === undefined || metadata.probability === "" ? NaN : Number(metadata.probability);
  const isClosed = metadata.isClosed === "true";
  if (probability === 1) return "won";
  if (isClosed) return "lost";
  if (probability === 0 && metadata.isClosed === undefined) return "lost";
  return "open";
}

const toDate = (v: string | null | undefined): Date | null => {
  if (!v) return null;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms) : null;
};

/** JST calendar date (YYYY-MM-DD) of an instant. HubSpot sends closedate as an ISO instant (or ms). */
export function jstDate(v: string | null | undefined): string | null {
  const d = toDate(v);
  if (!d) return null;
  return new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Properties kept in the jsonb column, without nulls: HubSpot returns every requested property (null when unset),
 * and deals request two stage-entry properties per stage, so nulls would double the row size for nothing.
 */
function compact(p: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== null && v !== "") out[k] = v;
  return out;
}

const clean = (v: string | null | undefined): string | null => {
  if (v === undefined || v === null) return null;
  const t = v.trim();
  return t === "" ? null : t;
};

/** HubSpot numbers are decimal strings; keep them as sent (numeric column), or null when not a number. */
const decimal = (v: string | null | undefined): string | null => {
  const t = clean(v);
  return t !== null && Number.isFinite(Number(t)) ? t : null;
};

const taxRate = (v: string | null | undefined): number | null => {
  const n = Number(clean(v));
  return clean(v) !== null && [10, 8, 0].includes(n) ? n : null;
};

/** HubSpot tax-rate groups seen in portals set up for Japan (sandbox: 1001 = 10 %, 1002 = 8 %, 1003 = 0 %). */
const TAX_GROUP_RATES: Record<string, number> = { "1001": 10, "1002": 8, "1003": 0 };

function lineTaxRate(p: Record<string, string | null>): number | null {
  return taxRate(p.hs_tax_rate) ?? (p.hs_tax_rate_group_id ? (TAX_GROUP_RATES[p.hs_tax_rate_group_id] ?? null) : null);
}

export function companyRow(connectionId: string, o: HsObject, syncedAt: Date) {
  const p = o.properties;
  const corp = clean(p.corporate_number ?? p.houjin_bangou)?.replace(/[^0-9]/g, "") ?? null;
  return {
    connectionId,
    id: o.id,
    name: clean(p.name),
    domain: clean(p.domain),
    corporateNumber: corp && corp.length === 13 && isValidCorporateNumber(corp) ? corp : null,
    registrationNumber: clean(p.invoice_registration_number ?? p.registration_number ?? p.qualified_invoice_issuer_number),
    address: [clean(p.state), clean(p.city), clean(p.address)].filter(Boolean).join(" ") || null,
    phone: clean(p.phone),
    ownerId: clean(p.hubspot_owner_id),
    properties: compact(p),
    hsLastModifiedAt: toDate(p.hs_lastmodifieddate) ?? toDate(o.updatedAt),
    archivedAt: o.archived ? (toDate(o.archivedAt) ?? syncedAt) : null,
    syncedAt,
  };
}

/** The deal's company: the primary association (v3 type "deal_to_company") first, else the first one. */
export function primaryCompanyId(o: HsObject): string | null {
  const refs = o.associations?.companies?.results ?? [];
  return (refs.find((r) => r.type === "deal_to_company") ?? refs[0])?.id ?? null;
}

export function dealRow(connectionId: string, o: HsObject, syncedAt: Date) {
  const p = o.properties;
  const currency = clean(p.deal_currency_code) ?? "JPY";
  const amount = decimal(p.amount);
  const stageId = clean(p.dealstage);
  const entered = stageId ? (p[`hs_v2_date_entered_${stageId}`] ?? p[`hs_date_entered_${stageId}`]) : null;
  return {
    connectionId,
    id: o.id,
    name: clean(p.dealname),
    amount,
    // Money is integer yen: HubSpot may send "1200000.0"; round half away from zero only if a fraction slipped in.
    amountYen: currency === "JPY" && amount !== null ? Math.round(Number(amount)) : null,
    currency,
    pipelineId: clean(p.pipeline),
    stageId,
    closeDate: jstDate(p.closedate),
    ownerId: clean(p.hubspot_owner_id),
    companyId: primaryCompanyId(o),
    stageEnteredAt: toDate(entered),
    properties: compact(p),
    hsLastModifiedAt: toDate(p.hs_lastmodifieddate) ?? toDate(o.updatedAt),
    archivedAt: o.archived ? (toDate(o.archivedAt) ?? syncedAt) : null,
    syncedAt,
  };
}

export function lineItemRow(connectionId: string, o: HsObject, syncedAt: Date) {
  const p = o.properties;
  return {
    connectionId,
    id: o.id,
    dealId: o.associations?.deals?.results[0]?.id ?? null,
    productId: clean(p.hs_product_id),
    name: clean(p.name),
    quantity: decimal(p.quantity),
    unitPrice: decimal(p.price),
    taxRate: lineTaxRate(p),
    properties: compact(p),
    hsLastModifiedAt: toDate(p.hs_lastmodifieddate) ?? toDate(o.updatedAt),
    archivedAt: o.archived ? (toDate(o.archivedAt) ?? syncedAt) : null,
    syncedAt,
  };
}

export function productRow(connectionId: string, o: HsObject, syncedAt: Date) {
  const p = o.properties;
  return {
    connectionId,
    id: o.id,
    name: clean(p.name),
    sku: clean(p.hs_sku),
    price: decimal(p.price),
    taxRate: lineTaxRate(p),
    properties: compact(p),
    hsLastModifiedAt: toDate(p.hs_lastmodifieddate) ?? toDate(o.updatedAt),
    archivedAt: o.archived ? (toDate(o.archivedAt) ?? syncedAt) : null,
    syncedAt,
  };
}

export function ownerRow(connectionId: string, o: HsOwner, syncedAt: Date) {
  return { connectionId, id: o.id, email: o.email ?? null, firstName: o.firstName ?? null, lastName: o.lastName ?? null, archived: o.archived, syncedAt };
}

export function pipelineRows(connectionId: string, pipelines: HsPipeline[], syncedAt: Date) {
  const stageRow = (pipelineId: string, s: HsStage) => {
    const probability = s.metadata.probability;
    return {
      connectionId,
      pipelineId,
      id: s.id,
      label: s.label,
      displayOrder: s.displayOrder,
      probability: probability !== undefined && Number.isFinite(Number(probability)) ? probability : null,
      isClosed: s.metadata.isClosed === "true",
      kind: stageKind(s.metadata),
      archived: s.archived,
      syncedAt,
    };
  };
  return {
    pipelines: pipelines.map((p) => ({ connectionId, id: p.id, label: p.label, displayOrder: p.displayOrder, archived: p.archived, syncedAt })),
    stages: pipelines.flatMap((p) => p.stages.map((s) => stageRow(p.id, s))),
  };
}

/** Properties the sync asks for, per object. Deal stage-entry properties are added per stage at run time. */
export const SYNC_PROPERTIES = {
  companies: ["name", "domain", "corporate_number", "invoice_registration_number", "address", "city", "state", "phone", "hubspot_owner_id", "hs_lastmodifieddate", "hs_merged_object_ids"],
  deals: ["dealname", "amount", "deal_currency_code", "closedate", "pipeline", "dealstage", "hubspot_owner_id", "hs_lastmodifieddate", "hs_is_closed_won", "hs_merged_object_ids"],
  line_items: ["name", "quantity", "price", "amount", "hs_product_id", "hs_sku", "hs_tax_rate", "hs_tax_rate_group_id", "hs_tax_amount", "hs_line_item_currency_code", "discount", "hs_discount_percentage", "hs_lastmodifieddate"],
  products: ["name", "hs_sku", "price", "hs_tax_rate_group_id", "description", "hs_lastmodifieddate"],
} as const;

/** Stage-entry timestamp properties for every stage (both hs_v2_ and legacy names), for won-entry detection. */
export function stageEntryProperties(stageIds: string[]): string[] {
  return stageIds.flatMap((id) => [`hs_v2_date_entered_${id}`, `hs_date_entered_${id}`]);
}
