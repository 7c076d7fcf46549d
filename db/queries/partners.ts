import { and, desc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  accountingPartners,
  connections,
  crmCompanies,
  partnerLinks,
  partnerMatchRuns,
  type NewPartnerLink,
  type PartnerLink,
  type PartnerMatchRun,
} from "../schema";

/** Partner linking queries (名寄せ review and partner sync). `db` first, as everywhere. */

export async function listActiveConnections(db: DbOrTx) {
  return db.select().from(connections).where(eq(connections.status, "active")).orderBy(connections.createdAt);
}

export async function getConnectionRow(db: DbOrTx, id: string) {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row ?? null;
}

/** CRM companies that take part in matching: live (not archived, not merged away). */
export async function listCompaniesForMatching(db: DbOrTx, crmConnectionId: string) {
  return db
    .select({ id: crmCompanies.id, name: crmCompanies.name, corporateNumber: crmCompanies.corporateNumber, registrationNumber: crmCompanies.registrationNumber })
    .from(crmCompanies)
    .where(and(eq(crmCompanies.connectionId, crmConnectionId), isNull(crmCompanies.archivedAt), isNull(crmCompanies.mergedIntoId)));
}

export async function getCompany(db: DbOrTx, crmConnectionId: string, companyId: string) {
  const [row] = await db.select().from(crmCompanies).where(and(eq(crmCompanies.connectionId, crmConnectionId), eq(crmCompanies.id, companyId)));
  return row ?? null;
}

export async function listPartnersForMatching(db: DbOrTx, accountingConnectionId: string) {
  return db
    .select({ id: accountingPartners.id, name: accountingPartners.name, registrationNumber: accountingPartners.registrationNumber })
    .from(accountingPartners)
    .where(and(eq(accountingPartners.connectionId, accountingConnectionId), isNull(accountingPartners.archivedAt)));
}

export async function getPartner(db: DbOrTx, accountingConnectionId: string, partnerId: string) {
  const [row] = await db.select().from(accountingPartners).where(and(eq(accountingPartners.connectionId, accountingConnectionId), eq(accountingPartners.id, partnerId)));
  return row ?? null;
}

export async function getPartners(db: DbOrTx, accountingConnectionId: string, partnerIds: string[]) {
  if (partnerIds.length === 0) return [];
  return db.select().from(accountingPartners).where(and(eq(accountingPartners.connectionId, accountingConnectionId), inArray(accountingPartners.id, partnerIds)));
}

/** Name, code or registration number contains the query (case-insensitive); live partners only. */
export async function searchPartners(db: DbOrTx, accountingConnectionId: string, query: string, limit = 20) {
  const q = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select()
    .from(accountingPartners)
    .where(
      and(
        eq(accountingPartners.connectionId, accountingConnectionId),
        isNull(accountingPartners.archivedAt),
        or(ilike(accountingPartners.name, q), ilike(accountingPartners.code, q), ilike(accountingPartners.registrationNumber, q), ilike(accountingPartners.nameKana, q)),
      ),
    )
    .orderBy(accountingPartners.name)
    .limit(limit);
}

export async function listLinks(db: DbOrTx, crmConnectionId: string, accountingConnectionId: string, statuses: PartnerLink["status"][]) {
  return db
    .select()
    .from(partnerLinks)
    .where(and(eq(partnerLinks.crmConnectionId, crmConnectionId), eq(partnerLinks.accountingConnectionId, accountingConnectionId), inArray(partnerLinks.status, statuses)));
}

export async function getLink(db: DbOrTx, id: string) {
  const [row] = await db.select().from(partnerLinks).where(eq(partnerLinks.id, id));
  return row ?? null;
}

/** The company's live link for one accounting connection: the confirmed one, else the open suggestion. */
export async function getActiveLink(db: DbOrTx, crmConnectionId: string, companyId: string, accountingConnectionId: string, forUpdate = false) {
  const query = db
    .select()
    .from(partnerLinks)
    .where(
      and(
        eq(partnerLinks.crmConnectionId, crmConnectionId),
        eq(partnerLinks.companyId, companyId),
        eq(partnerLinks.accountingConnectionId, accountingConnectionId),
        inArray(partnerLinks.status, ["confirmed", "suggested"]),
      ),
    )
    .orderBy(sql`(${partnerLinks.status} = 'confirmed') desc`)
    .limit(1);
  const [row] = forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export async function getConfirmedLinkForPartner(db: DbOrTx, accountingConnectionId: string, partnerId: string) {
  const [row] = await db
    .select()
    .from(partnerLinks)
    .where(and(eq(partnerLinks.accountingConnectionId, accountingConnectionId), eq(partnerLinks.partnerId, partnerId), eq(partnerLinks.status, "confirmed")));
  return row ?? null;
}

export async function insertLinks(db: DbOrTx, rows: NewPartnerLink[]): Promise<PartnerLink[]> {
  if (rows.length === 0) return [];
  const out: PartnerLink[] = [];
  // Chunked: 22 columns × 1,000 rows stays far below Postgres' 65,535 parameter limit.
  for (let i = 0; i < rows.length; i += 1000) out.push(...(await db.insert(partnerLinks).values(rows.slice(i, i + 1000)).returning()));
  return out;
}

export async function updateLink(db: DbOrTx, id: string, patch: Partial<NewPartnerLink>): Promise<PartnerLink | null> {
  const [row] = await db.update(partnerLinks).set({ ...patch, updatedAt: new Date() }).where(eq(partnerLinks.id, id)).returning();
  return row ?? null;
}

/** Open suggestions are replaced by a new match run; confirmed and rejected rows are history and stay. */
export async function deleteOpenSuggestions(db: DbOrTx, crmConnectionId: string, accountingConnectionId: string): Promise<number> {
  const rows = await db
    .delete(partnerLinks)
    .where(and(eq(partnerLinks.crmConnectionId, crmConnectionId), eq(partnerLinks.accountingConnectionId, accountingConnectionId), eq(partnerLinks.status, "suggested")))
    .returning({ id: partnerLinks.id });
  return rows.length;
}

export async function createMatchRun(db: DbOrTx, input: { crmConnectionId: string; accountingConnectionId: string; startedBy: string | null }): Promise<PartnerMatchRun> {
  const [row] = await db.insert(partnerMatchRuns).values(input).returning();
  return row!;
}

export async function updateMatchRun(db: DbOrTx, id: string, patch: Partial<typeof partnerMatchRuns.$inferInsert>) {
  await db.update(partnerMatchRuns).set(patch).where(eq(partnerMatchRuns.id, id));
}

export async function getMatchRun(db: DbOrTx, id: string) {
  const [row] = await db.select().from(partnerMatchRuns).where(eq(partnerMatchRuns.id, id));
  return row ?? null;
}

export async function latestMatchRun(db: DbOrTx, crmConnectionId: string, accountingConnectionId: string, status?: PartnerMatchRun["status"]) {
  const [row] = await db
    .select()
    .from(partnerMatchRuns)
    .where(
      and(
        eq(partnerMatchRuns.crmConnectionId, crmConnectionId),
        eq(partnerMatchRuns.accountingConnectionId, accountingConnectionId),
        status ? eq(partnerMatchRuns.status, status) : undefined,
      ),
    )
    .orderBy(desc(partnerMatchRuns.createdAt))
    .limit(1);
  return row ?? null;
}

export type ReviewTab = "auto" | "review" | "unmatched" | "linked" | "errors";

export type ReviewRow = {
  companyId: string;
  companyName: string | null;
  corporateNumber: string | null;
  registrationNumber: string | null;
  address: string | null;
  phone: string | null;
  link: PartnerLink | null;
};

/**
 * Where a company stands: linked (confirmed), a suggestion decided auto / review, or unmatched (a `none` suggestion,
 * a rejected one, or never matched). The lateral join picks the company's most relevant link row.
 */
const TAB_CONDITION: Record<ReviewTab, ReturnType<typeof sql>> = {
  linked: sql`l.status = 'confirmed'`,
  auto: sql`l.status = 'suggested' and l.decision = 'auto'`,
  review: sql`l.status = 'suggested' and l.decision = 'review'`,
  unmatched: sql`(l.id is null or l.status = 'rejected' or (l.status = 'suggested' and l.decision = 'none'))`,
  errors: sql`l.status = 'confirmed' and l.sync_error is not null`,
};

const LATERAL = (accountingConnectionId: string) => sql`
  left join lateral (
    select * from partner_links pl
    where pl.crm_connection_id = c.connection_id and pl.company_id = c.id and pl.accounting_connection_id = ${accountingConnectionId}
    order by case pl.status when 'confirmed' then 0 when 'suggested' then 1 else 2 end, pl.updated_at desc
    limit 1
  ) l on true`;

export async function countReviewTabs(db: DbOrTx, crmConnectionId: string, accountingConnectionId: string): Promise<Record<ReviewTab, number>> {
  const rows = (await db.execute(sql`
    select
      count(*) filter (where ${TAB_CONDITION.auto})::int as auto,
      count(*) filter (where ${TAB_CONDITION.review})::int as review,
      count(*) filter (where ${TAB_CONDITION.unmatched})::int as unmatched,
      count(*) filter (where ${TAB_CONDITION.linked})::int as linked,
      count(*) filter (where ${TAB_CONDITION.errors})::int as errors
    from crm_companies c ${LATERAL(accountingConnectionId)}
    where c.connection_id = ${crmConnectionId} and c.archived_at is null and c.merged_into_id is null`)) as unknown as Record<ReviewTab, number>[];
  return rows[0] ?? { auto: 0, review: 0, unmatched: 0, linked: 0, errors: 0 };
}

export async function listReviewRows(
  db: DbOrTx,
  opts: { crmConnectionId: string; accountingConnectionId: string; tab: ReviewTab; query?: string; limit: number; offset: number },
): Promise<ReviewRow[]> {
  const q = opts.query?.trim() ? `%${opts.query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = (await db.execute(sql`
    select c.id as company_id, c.name as company_name, c.corporate_number, c.registration_number, c.address, c.phone,
           l.id as link_id
    from crm_companies c ${LATERAL(opts.accountingConnectionId)}
    where c.connection_id = ${opts.crmConnectionId} and c.archived_at is null and c.merged_into_id is null
      and ${TAB_CONDITION[opts.tab]}
      ${q ? sql`and (c.name ilike ${q} or c.id = ${opts.query!.trim()})` : sql``}
    order by l.confidence desc nulls last, c.name, c.id
    limit ${opts.limit} offset ${opts.offset}`)) as unknown as {
    company_id: string;
    company_name: string | null;
    corporate_number: string | null;
    registration_number: string | null;
    address: string | null;
    phone: string | null;
    link_id: string | null;
  }[];
  const linkIds = rows.map((r) => r.link_id).filter((id): id is string => !!id);
  const links = linkIds.length ? await db.select().from(partnerLinks).where(inArray(partnerLinks.id, linkIds)) : [];
  const byId = new Map(links.map((l) => [l.id, l]));
  return rows.map((r) => ({
    companyId: r.company_id,
    companyName: r.company_name,
    corporateNumber: r.corporate_number,
    registrationNumber: r.registration_number,
    address: r.address,
    phone: r.phone,
    link: r.link_id ? (byId.get(r.link_id) ?? null) : null,
  }));
}

/** Suggested links the matcher decided `auto`, for bulk confirmation. */
export async function listAutoSuggestions(db: DbOrTx, crmConnectionId: string, accountingConnectionId: string) {
  return db
    .select()
    .from(partnerLinks)
    .where(
      and(
        eq(partnerLinks.crmConnectionId, crmConnectionId),
        eq(partnerLinks.accountingConnectionId, accountingConnectionId),
        eq(partnerLinks.status, "suggested"),
        eq(partnerLinks.decision, "auto"),
      ),
    );
}
