import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { overdueFollowUps, type NewOverdueFollowUpRow, type OverdueFollowUpRow } from "../schema";

/**
 * The overdue list (未入金一覧) reads the board's read model, board_deals: a won deal whose invoice is posted, not
 * paid and not cancelled has phase 'posted' and its unpaid balance in `outstanding` (partial payments already
 * deducted). Overdue = due on or before the caller's cutoff (lib/overdue/aging.ts decides it, bank holidays
 * included). Filters, sorting, totals and paging all run here; display details are joined for one page only.
 */
export type OverdueSort = "days_late" | "amount" | "due_date";
export type SortDir = "asc" | "desc";

export type OverdueQuery = {
  /** JST today: days late and the aging buckets are counted against it. */
  today: string;
  /** The latest overdue due date (lib/overdue/aging.ts overdueCutoff). */
  cutoff: string;
  /** Already scoped by the service: a sales user's own owner id, whatever the request asked. */
  ownerId?: string | null;
  /** Due-date range of one aging bucket (inclusive; from null = open). */
  dueFrom?: string | null;
  dueTo?: string | null;
  q?: string | null;
  /** Only invoices whose latest promised payment date has passed unpaid. */
  brokenPromise?: boolean;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const and_ = (conds: SQL[]) => sql.join(conds, sql` and `);

/** The latest promised payment date of a deal (from its newest follow-up that recorded one). */
const latestPromise = sql`(select f.promised_on from overdue_follow_ups f where f.connection_id = b.connection_id and f.deal_id = b.deal_id and f.promised_on is not null
  order by f.contacted_on desc, f.created_at desc limit 1)`;

function where(q: OverdueQuery, options: { bucket: boolean } = { bucket: true }): SQL {
  const out: SQL[] = [sql`b.phase = 'posted'`, sql`b.outstanding > 0`, sql`b.due_date <= ${q.cutoff}::date`];
  if (q.ownerId) out.push(sql`b.owner_id = ${q.ownerId}`);
  if (options.bucket && q.dueFrom) out.push(sql`b.due_date >= ${q.dueFrom}::date`);
  if (options.bucket && q.dueTo) out.push(sql`b.due_date <= ${q.dueTo}::date`);
  if (q.q) out.push(sql`b.search_text like ${`%${escapeLike(q.q.toLowerCase())}%`}`);
  // Broken: the latest promise is in the past and no payment arrived on or after it (the rule of isPromiseBroken).
  // Written as a semi-join from the follow-ups side: one pass over the promises instead of a lookup per overdue row.
  if (q.brokenPromise) {
    out.push(sql`(b.connection_id, b.deal_id) in (
      select p.connection_id, p.deal_id from (
        select distinct on (f.connection_id, f.deal_id) f.connection_id, f.deal_id, f.promised_on from overdue_follow_ups f
        where f.promised_on is not null order by f.connection_id, f.deal_id, f.contacted_on desc, f.created_at desc) p
      where p.promised_on < ${q.today}::date and not exists (
        select 1 from board_deals b2 join invoice_drafts x on x.id = b2.draft_id
        join accounting_invoices ai on ai.connection_id = x.accounting_connection_id and ai.id = x.provider_invoice_id
        where b2.connection_id = p.connection_id and b2.deal_id = p.deal_id and ai.last_paid_on >= p.promised_on))`);
  }
  return and_(out);
}

/** Bucket of a row by due date (the same boundaries as lib/overdue/aging.ts agingBucketOf). */
const bucketExpr = (today: string) =>
  sql`(case when b.due_date >= ${today}::date - 30 then '1-30' when b.due_date >= ${today}::date - 60 then '31-60' when b.due_date >= ${today}::date - 90 then '61-90' else '91+' end)`;

export type OverdueBucketTotalRow = { bucket: string; count: number; outstanding: number };

/** Count and unpaid yen per aging bucket under the filters, ignoring the bucket filter (the summary shows every bucket). */
export async function overdueTotals(db: DbOrTx, q: OverdueQuery): Promise<OverdueBucketTotalRow[]> {
  const rows = await db.execute<{ bucket: string; n: string; outstanding: string | null }>(sql`
    select ${bucketExpr(q.today)} as bucket, count(*) as n, sum(b.outstanding) as outstanding
    from board_deals b where ${where(q, { bucket: false })} group by 1`);
  return rows.map((r) => ({ bucket: r.bucket, count: Number(r.n), outstanding: Number(r.outstanding ?? 0) }));
}

export type OverdueRow = {
  connectionId: string;
  dealId: string;
  dealName: string | null;
  companyName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  state: string;
  provider: string | null;
  invoiceNumber: string | null;
  billingDate: string | null;
  dueDate: string;
  /** Invoice total (tax included). */
  total: number;
  outstanding: number;
  paidAmount: number;
  lastPaidOn: string | null;
  accountingUrl: string | null;
  portalId: string | null;
  followUpCount: number;
  lastContactOn: string | null;
  lastChannel: string | null;
  lastMemo: string | null;
  lastContactBy: string | null;
  promisedOn: string | null;
};

function orderBy(sort: OverdueSort, dir: SortDir): SQL {
  // Every order ends on the primary key, so pages never overlap or skip rows that tie.
  switch (sort) {
    case "amount":
      return dir === "asc" ? sql`b.outstanding asc, b.due_date desc, b.connection_id, b.deal_id` : sql`b.outstanding desc, b.due_date asc, b.connection_id, b.deal_id`;
    case "due_date":
      return dir === "asc" ? sql`b.due_date asc, b.connection_id, b.deal_id` : sql`b.due_date desc, b.connection_id desc, b.deal_id desc`;
    default:
      // Most days late first = oldest due date first.
      return dir === "desc" ? sql`b.due_date asc, b.connection_id, b.deal_id` : sql`b.due_date desc, b.connection_id desc, b.deal_id desc`;
  }
}

/** One page of rows in the requested order, with what the list shows (limit null: all, for the CSV export). */
export async function overduePage(db: DbOrTx, q: OverdueQuery, page: { sort: OverdueSort; dir: SortDir; limit: number | null; offset: number }): Promise<OverdueRow[]> {
  const order = orderBy(page.sort, page.dir);
  const rows = await db.execute<Record<string, unknown>>(sql`
    with page as (
      select b.connection_id, b.deal_id, b.deal_name, b.company_id, b.owner_id, b.state, b.provider, b.invoice_number, b.billing_date, b.due_date,
        b.amount, b.outstanding, b.draft_id
      from board_deals b where ${where(q)}
      order by ${order} ${page.limit === null ? sql`` : sql`limit ${page.limit}`} offset ${page.offset}
    )
    select b.connection_id, b.deal_id, b.deal_name, co.name as company_name, b.owner_id,
      nullif(trim(concat_ws(' ', o.last_name, o.first_name)), '') as owner_name, b.state, b.provider, b.invoice_number,
      b.billing_date::text as billing_date, b.due_date::text as due_date, b.amount as total, b.outstanding,
      coalesce(ai.paid_amount, 0) as paid_amount, ai.last_paid_on::text as last_paid_on, coalesce(ai.url, x.invoice_url) as accounting_url,
      c.external_account_id as portal_id,
      fu.n as follow_up_count, fu.contacted_on::text as last_contact_on, fu.channel::text as last_channel, fu.memo as last_memo, fu.created_by_name as last_contact_by,
      ${latestPromise}::text as promised_on
    from page b
    left join crm_companies co on co.connection_id = b.connection_id and co.id = b.company_id
    left join hubspot_owners o on o.connection_id = b.connection_id and o.id = b.owner_id
    left join connections c on c.id = b.connection_id
    left join invoice_drafts x on x.id = b.draft_id
    left join accounting_invoices ai on ai.connection_id = x.accounting_connection_id and ai.id = x.provider_invoice_id
    left join lateral (
      select f.contacted_on, f.channel, f.memo, f.created_by_name,
        (select count(*) from overdue_follow_ups f2 where f2.connection_id = b.connection_id and f2.deal_id = b.deal_id) as n
      from overdue_follow_ups f where f.connection_id = b.connection_id and f.deal_id = b.deal_id
      order by f.contacted_on desc, f.created_at desc limit 1
    ) fu on true
    order by ${order}`);
  return rows.map((r) => ({
    connectionId: String(r.connection_id),
    dealId: String(r.deal_id),
    dealName: (r.deal_name as string | null) ?? null,
    companyName: (r.company_name as string | null) ?? null,
    ownerId: (r.owner_id as string | null) ?? null,
    ownerName: (r.owner_name as string | null) ?? null,
    state: String(r.state),
    provider: (r.provider as string | null) ?? null,
    invoiceNumber: (r.invoice_number as string | null) ?? null,
    billingDate: (r.billing_date as string | null) ?? null,
    dueDate: String(r.due_date),
    total: Number(r.total ?? 0),
    outstanding: Number(r.outstanding ?? 0),
    paidAmount: Number(r.paid_amount ?? 0),
    lastPaidOn: (r.last_paid_on as string | null) ?? null,
    accountingUrl: (r.accounting_url as string | null) ?? null,
    portalId: (r.portal_id as string | null) ?? null,
    followUpCount: Number(r.follow_up_count ?? 0),
    lastContactOn: (r.last_contact_on as string | null) ?? null,
    lastChannel: (r.last_channel as string | null) ?? null,
    lastMemo: (r.last_memo as string | null) ?? null,
    lastContactBy: (r.last_contact_by as string | null) ?? null,
    promisedOn: (r.promised_on as string | null) ?? null,
  }));
}

/** HubSpot owners for the owner filter (the same labels as the board). */
export async function overdueOwnerOptions(db: DbOrTx): Promise<{ id: string; label: string }[]> {
  const rows = await db.execute<{ id: string; label: string }>(sql`
    select distinct on (o.id) o.id, coalesce(nullif(trim(concat_ws(' ', o.last_name, o.first_name)), ''), o.email, o.id) as label
    from hubspot_owners o where not o.archived order by o.id`);
  return [...rows].sort((a, b) => a.label.localeCompare(b.label, "ja"));
}

export type FollowUpTarget = {
  connectionId: string;
  dealId: string;
  phase: string;
  ownerId: string | null;
  outstanding: number;
  draftId: string | null;
  invoiceNumber: string | null;
  billingDate: string | null;
  dueDate: string | null;
};

/** The board row a follow-up is about (null when the deal is not on the board). */
export async function followUpTarget(db: DbOrTx, connectionId: string, dealId: string): Promise<FollowUpTarget | null> {
  const [row] = await db.execute<Record<string, unknown>>(sql`
    select b.connection_id, b.deal_id, b.phase, b.owner_id, b.outstanding, b.draft_id, b.invoice_number, b.billing_date::text as billing_date, b.due_date::text as due_date
    from board_deals b where b.connection_id = ${connectionId}::uuid and b.deal_id = ${dealId}`);
  if (!row) return null;
  return {
    connectionId: String(row.connection_id),
    dealId: String(row.deal_id),
    phase: String(row.phase),
    ownerId: (row.owner_id as string | null) ?? null,
    outstanding: Number(row.outstanding ?? 0),
    draftId: (row.draft_id as string | null) ?? null,
    invoiceNumber: (row.invoice_number as string | null) ?? null,
    billingDate: (row.billing_date as string | null) ?? null,
    dueDate: (row.due_date as string | null) ?? null,
  };
}

export async function insertFollowUp(db: DbOrTx, row: NewOverdueFollowUpRow): Promise<OverdueFollowUpRow> {
  const [inserted] = await db.insert(overdueFollowUps).values(row).returning();
  if (!inserted) throw new Error("insert overdue_follow_ups returned no row");
  return inserted;
}

/** A deal's follow-ups, newest contact first. */
export async function listFollowUps(db: DbOrTx, connectionId: string, dealId: string, limit = 200): Promise<OverdueFollowUpRow[]> {
  return db
    .select()
    .from(overdueFollowUps)
    .where(and(eq(overdueFollowUps.connectionId, connectionId), eq(overdueFollowUps.dealId, dealId)))
    .orderBy(desc(overdueFollowUps.contactedOn), desc(overdueFollowUps.createdAt))
    .limit(limit);
}

/**
 * Overdue receivables the list cannot show: open invoices issued directly in the accounting product (no draft of ours
 * was posted as them, so no deal, owner or follow-up). The cash forecast counts them; finance sees them named here so
 * the two screens reconcile.
 */
export async function overdueOutsideKakehashi(db: DbOrTx, cutoff: string): Promise<{ count: number; outstanding: number }> {
  const [row] = await db.execute<{ n: string; outstanding: string | null }>(sql`
    select count(*) as n, sum(greatest(ai.total_amount - ai.paid_amount, 0)) as outstanding
    from accounting_invoices ai
    where ai.payment_status in ('unpaid', 'partially_paid') and ai.due_date <= ${cutoff}::date
      and not exists (select 1 from invoice_drafts x where x.accounting_connection_id = ai.connection_id and x.provider_invoice_id = ai.id)`);
  return { count: Number(row?.n ?? 0), outstanding: Number(row?.outstanding ?? 0) };
}
