import { and, asc, desc, eq, gte, inArray, isNotNull, lte, max, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  accountingPartners,
  connections,
  crmCompanies,
  crmDeals,
  crmLineItems,
  crmProducts,
  dealWonEvents,
  hubspotOwners,
  hubspotStages,
  invoiceDraftLines,
  invoiceDrafts,
  invoicePostingAttempts,
  mappingRuleVersions,
  partnerLinks,
  type InvoiceDraftRow,
  type InvoiceDraftStatus,
  type InvoicePostingAttempt,
  type MappingRuleVersion,
  type NewInvoiceDraftRow,
} from "../schema";

// --- mapping rule versions ------------------------------------------------------------------------------------------

export async function getActiveRuleVersion(db: DbOrTx): Promise<MappingRuleVersion | null> {
  const [row] = await db.select().from(mappingRuleVersions).orderBy(desc(mappingRuleVersions.version)).limit(1);
  return row ?? null;
}

export async function getRuleVersion(db: DbOrTx, id: string): Promise<MappingRuleVersion | null> {
  const [row] = await db.select().from(mappingRuleVersions).where(eq(mappingRuleVersions.id, id));
  return row ?? null;
}

export async function listRuleVersions(db: DbOrTx, limit = 20): Promise<MappingRuleVersion[]> {
  return db.select().from(mappingRuleVersions).orderBy(desc(mappingRuleVersions.version)).limit(limit);
}

/** Next version number; the unique constraint turns a concurrent save into an error instead of two "version 3"s. */
export async function insertRuleVersion(db: DbOrTx, values: { rules: unknown; note: string | null; createdBy: string | null }): Promise<MappingRuleVersion> {
  const [current] = await db.select({ v: max(mappingRuleVersions.version) }).from(mappingRuleVersions);
  const [row] = await db
    .insert(mappingRuleVersions)
    .values({ ...values, version: (current?.v ?? 0) + 1 })
    .returning();
  if (!row) throw new Error("insert mapping_rule_versions returned no row");
  return row;
}

/** Version 1 with the defaults, unless a version exists; concurrent first drafts wait for each other's insert. */
export async function insertFirstRuleVersion(db: DbOrTx, rules: unknown): Promise<void> {
  await db.insert(mappingRuleVersions).values({ version: 1, rules, note: "既定値 / defaults", createdBy: null }).onConflictDoNothing({ target: mappingRuleVersions.version });
}

// --- drafts ---------------------------------------------------------------------------------------------------------

export const OPEN_DRAFT_STATUSES: InvoiceDraftStatus[] = ["draft", "blocked", "approved", "posting", "post_failed"];

export async function getDraft(db: DbOrTx, id: string): Promise<InvoiceDraftRow | null> {
  const [row] = await db.select().from(invoiceDrafts).where(eq(invoiceDrafts.id, id));
  return row ?? null;
}

/** Row-locks the draft for the rest of the transaction (edits, approval and posting transitions serialise on it). */
export async function getDraftForUpdate(db: DbOrTx, id: string): Promise<InvoiceDraftRow | null> {
  const [row] = await db.select().from(invoiceDrafts).where(eq(invoiceDrafts.id, id)).for("update");
  return row ?? null;
}

export async function getDraftByWonEvent(db: DbOrTx, wonEventId: string): Promise<InvoiceDraftRow | null> {
  const [row] = await db.select().from(invoiceDrafts).where(eq(invoiceDrafts.wonEventId, wonEventId));
  return row ?? null;
}

export async function listDraftsForDeal(db: DbOrTx, crmConnectionId: string, dealId: string): Promise<InvoiceDraftRow[]> {
  return db
    .select()
    .from(invoiceDrafts)
    .where(and(eq(invoiceDrafts.crmConnectionId, crmConnectionId), eq(invoiceDrafts.dealId, dealId)))
    .orderBy(desc(invoiceDrafts.createdAt));
}

export async function insertDraft(db: DbOrTx, values: NewInvoiceDraftRow): Promise<InvoiceDraftRow> {
  const [row] = await db.insert(invoiceDrafts).values(values).returning();
  if (!row) throw new Error("insert invoice_drafts returned no row");
  return row;
}

export async function updateDraft(db: DbOrTx, id: string, values: Partial<NewInvoiceDraftRow>): Promise<InvoiceDraftRow> {
  const [row] = await db
    .update(invoiceDrafts)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(invoiceDrafts.id, id))
    .returning();
  if (!row) throw new Error(`invoice draft ${id} not found`);
  return row;
}

export type DraftLineValues = Omit<typeof invoiceDraftLines.$inferInsert, "draftId">;

export async function replaceDraftLines(db: DbOrTx, draftId: string, lines: DraftLineValues[]): Promise<void> {
  await db.delete(invoiceDraftLines).where(eq(invoiceDraftLines.draftId, draftId));
  if (lines.length > 0) await db.insert(invoiceDraftLines).values(lines.map((l) => ({ ...l, draftId })));
}

export type DraftFilter = {
  statuses?: InvoiceDraftStatus[];
  ownerId?: string | null;
  from?: string | null;
  to?: string | null;
  provider?: string | null;
  limit?: number;
  offset?: number;
};

function draftConditions(filter: DraftFilter): SQL | undefined {
  const conditions = [
    filter.statuses && filter.statuses.length > 0 ? inArray(invoiceDrafts.status, filter.statuses) : undefined,
    filter.ownerId ? eq(invoiceDrafts.ownerId, filter.ownerId) : undefined,
    filter.from ? gte(invoiceDrafts.billingDate, filter.from) : undefined,
    filter.to ? lte(invoiceDrafts.billingDate, filter.to) : undefined,
    filter.provider ? eq(invoiceDrafts.provider, filter.provider) : undefined,
  ].filter((c) => c !== undefined);
  return conditions.length > 0 ? and(...conditions) : undefined;
}

export async function listDrafts(db: DbOrTx, filter: DraftFilter = {}): Promise<InvoiceDraftRow[]> {
  return db
    .select()
    .from(invoiceDrafts)
    .where(draftConditions(filter))
    .orderBy(desc(invoiceDrafts.createdAt), asc(invoiceDrafts.id))
    .limit(filter.limit ?? 200)
    .offset(filter.offset ?? 0);
}

export type DraftTotals = { count: number; subtotal: number; tax: number; total: number; byStatus: Record<string, { count: number; total: number }> };

export async function draftTotals(db: DbOrTx, filter: DraftFilter = {}): Promise<DraftTotals> {
  const rows = await db
    .select({
      status: invoiceDrafts.status,
      count: sql<number>`count(*)::int`,
      subtotal: sql<number>`coalesce(sum(${invoiceDrafts.subtotal}), 0)::bigint`,
      tax: sql<number>`coalesce(sum(${invoiceDrafts.tax}), 0)::bigint`,
      total: sql<number>`coalesce(sum(${invoiceDrafts.total}), 0)::bigint`,
    })
    .from(invoiceDrafts)
    .where(draftConditions(filter))
    .groupBy(invoiceDrafts.status);
  const totals: DraftTotals = { count: 0, subtotal: 0, tax: 0, total: 0, byStatus: {} };
  for (const r of rows) {
    totals.count += Number(r.count);
    totals.subtotal += Number(r.subtotal);
    totals.tax += Number(r.tax);
    totals.total += Number(r.total);
    totals.byStatus[r.status] = { count: Number(r.count), total: Number(r.total) };
  }
  return totals;
}

/** Owners appearing on drafts, for the queue's owner filter. */
export async function listDraftOwners(db: DbOrTx): Promise<{ id: string; label: string }[]> {
  const rows = await db
    .selectDistinct({ id: invoiceDrafts.ownerId, email: hubspotOwners.email, firstName: hubspotOwners.firstName, lastName: hubspotOwners.lastName })
    .from(invoiceDrafts)
    .leftJoin(hubspotOwners, and(eq(hubspotOwners.connectionId, invoiceDrafts.crmConnectionId), eq(hubspotOwners.id, invoiceDrafts.ownerId)));
  return rows
    .filter((r): r is typeof r & { id: string } => r.id !== null)
    .map((r) => ({ id: r.id, label: [r.lastName, r.firstName].filter(Boolean).join(" ") || r.email || r.id }));
}

// --- posting attempts -----------------------------------------------------------------------------------------------

export async function listPostingAttempts(db: DbOrTx, draftId: string): Promise<InvoicePostingAttempt[]> {
  return db.select().from(invoicePostingAttempts).where(eq(invoicePostingAttempts.draftId, draftId)).orderBy(asc(invoicePostingAttempts.attemptNo));
}

export async function insertPostingAttempt(
  db: DbOrTx,
  values: Omit<typeof invoicePostingAttempts.$inferInsert, "id" | "attemptNo">,
): Promise<InvoicePostingAttempt> {
  const [current] = await db.select({ n: max(invoicePostingAttempts.attemptNo) }).from(invoicePostingAttempts).where(eq(invoicePostingAttempts.draftId, values.draftId));
  const [row] = await db
    .insert(invoicePostingAttempts)
    .values({ ...values, attemptNo: (current?.n ?? 0) + 1 })
    .returning();
  if (!row) throw new Error("insert invoice_posting_attempts returned no row");
  return row;
}

export async function finishPostingAttempt(
  db: DbOrTx,
  id: string,
  values: Pick<typeof invoicePostingAttempts.$inferInsert, "status" | "action" | "providerInvoiceId" | "invoiceNumber" | "error">,
): Promise<void> {
  await db
    .update(invoicePostingAttempts)
    .set({ ...values, finishedAt: new Date() })
    .where(eq(invoicePostingAttempts.id, id));
}

// --- CRM mirror reads (tables owned by the sync; read-only here) ---------------------------------------------------

export async function getWonEvent(db: DbOrTx, id: string) {
  const [row] = await db.select().from(dealWonEvents).where(eq(dealWonEvents.id, id));
  return row ?? null;
}

export async function markWonEventConsumed(db: DbOrTx, id: string): Promise<void> {
  await db
    .update(dealWonEvents)
    .set({ consumedAt: new Date() })
    .where(and(eq(dealWonEvents.id, id), sql`${dealWonEvents.consumedAt} is null`));
}

export async function getDealBundle(db: DbOrTx, connectionId: string, dealId: string) {
  const [deal] = await db.select().from(crmDeals).where(and(eq(crmDeals.connectionId, connectionId), eq(crmDeals.id, dealId)));
  if (!deal) return null;
  const [company] = deal.companyId
    ? await db.select().from(crmCompanies).where(and(eq(crmCompanies.connectionId, connectionId), eq(crmCompanies.id, deal.companyId)))
    : [];
  const lineItems = await db
    .select()
    .from(crmLineItems)
    .where(and(eq(crmLineItems.connectionId, connectionId), eq(crmLineItems.dealId, dealId), sql`${crmLineItems.archivedAt} is null`))
    .orderBy(asc(crmLineItems.id));
  const productIds = [...new Set(lineItems.map((l) => l.productId).filter((p): p is string => !!p))];
  const products =
    productIds.length > 0 ? await db.select().from(crmProducts).where(and(eq(crmProducts.connectionId, connectionId), inArray(crmProducts.id, productIds))) : [];
  const [owner] = deal.ownerId ? await db.select().from(hubspotOwners).where(and(eq(hubspotOwners.connectionId, connectionId), eq(hubspotOwners.id, deal.ownerId))) : [];
  const [stage] = deal.stageId
    ? await db
        .select()
        .from(hubspotStages)
        .where(and(eq(hubspotStages.connectionId, connectionId), eq(hubspotStages.id, deal.stageId)))
        .limit(1)
    : [];
  return { deal, company: company ?? null, lineItems, products, owner: owner ?? null, stage: stage ?? null };
}

export type DealBundle = NonNullable<Awaited<ReturnType<typeof getDealBundle>>>;

/** Recently won deals (for the mapping dry-run preview). */
export async function listRecentWonEvents(db: DbOrTx, limit: number) {
  return db.select().from(dealWonEvents).orderBy(desc(dealWonEvents.enteredAt)).limit(limit);
}

/** The accounting connection to post to: the given one, else the single active freee / MF connection. */
export async function findAccountingConnection(db: DbOrTx, id: string | null) {
  if (id) {
    const [row] = await db.select().from(connections).where(eq(connections.id, id));
    return row ?? null;
  }
  const [row] = await db
    .select()
    .from(connections)
    .where(and(inArray(connections.provider, ["freee", "moneyforward"]), eq(connections.status, "active")))
    .orderBy(asc(connections.createdAt))
    .limit(1);
  return row ?? null;
}

export async function getConnection(db: DbOrTx, id: string) {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row ?? null;
}

/** The CONFIRMED partner link of a CRM company, joined to the accounting mirror for name / registration number. */
export async function findConfirmedPartner(
  db: DbOrTx,
  args: { crmConnectionId: string; companyId: string; accountingConnectionId: string | null },
): Promise<{ partnerId: string; name: string | null; registrationNumber: string | null; departmentId: string | null; accountingConnectionId: string } | null> {
  const [row] = await db
    .select({
      partnerId: partnerLinks.partnerId,
      accountingConnectionId: partnerLinks.accountingConnectionId,
      linkDepartmentId: partnerLinks.departmentId,
      name: accountingPartners.name,
      registrationNumber: accountingPartners.registrationNumber,
      departmentId: accountingPartners.departmentId,
    })
    .from(partnerLinks)
    .leftJoin(accountingPartners, and(eq(accountingPartners.connectionId, partnerLinks.accountingConnectionId), eq(accountingPartners.id, partnerLinks.partnerId)))
    .where(
      and(
        eq(partnerLinks.crmConnectionId, args.crmConnectionId),
        eq(partnerLinks.companyId, args.companyId),
        eq(partnerLinks.status, "confirmed"),
        isNotNull(partnerLinks.partnerId),
        args.accountingConnectionId ? eq(partnerLinks.accountingConnectionId, args.accountingConnectionId) : undefined,
      ),
    )
    .limit(1);
  if (!row?.partnerId) return null;
  return {
    partnerId: row.partnerId,
    name: row.name,
    registrationNumber: row.registrationNumber,
    departmentId: row.linkDepartmentId ?? row.departmentId,
    accountingConnectionId: row.accountingConnectionId,
  };
}

/** Approved (or mid-posting) drafts untouched since `before`: the post sweep re-queues them. */
export async function listStalePostableDrafts(db: DbOrTx, before: Date, limit = 500): Promise<{ id: string }[]> {
  return db
    .select({ id: invoiceDrafts.id })
    .from(invoiceDrafts)
    .where(and(inArray(invoiceDrafts.status, ["approved", "posting"]), lte(invoiceDrafts.updatedAt, before)))
    .orderBy(asc(invoiceDrafts.updatedAt))
    .limit(limit);
}
