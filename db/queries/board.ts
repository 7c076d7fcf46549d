import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";

/**
 * Pipeline-to-cash board reads. Everything runs on board_deals (the trigger-maintained read model, db/schema/board.ts):
 * totals are one aggregate over the filtered rows, each column page is an index-ordered top-N, and the display
 * details (company, owner, why a card is stuck) are joined for the page rows only.
 */
export type BoardColumnName = "won" | "invoiced" | "awaiting" | "paid";

export type BoardQuery = {
  /** JST calendar date the invoiced/awaiting split and days late are computed against. */
  today: string;
  /** The paid column's payment-date window (inclusive). */
  paidFrom: string;
  paidTo: string;
  ownerId?: string | null;
  pipelineId?: string | null;
  /** An accounting connection id (uuid) or a provider name. */
  target?: string | null;
  minAmount?: number | null;
  maxAmount?: number | null;
  q?: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const columnExpr = (today: string) =>
  sql`(case when b.phase = 'won' then 'won' when b.phase = 'paid' then 'paid' when b.due_date is null or b.due_date > ${today}::date then 'invoiced' else 'awaiting' end)`;
const amountExpr = (today: string) => sql`(case when b.phase = 'posted' and b.due_date <= ${today}::date then b.outstanding else b.amount end)`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterConditions(q: BoardQuery): SQL[] {
  const out: SQL[] = [];
  if (q.ownerId) out.push(sql`b.owner_id = ${q.ownerId}`);
  if (q.pipelineId) out.push(sql`b.pipeline_id = ${q.pipelineId}`);
  if (q.target) out.push(UUID.test(q.target) ? sql`b.accounting_connection_id = ${q.target}::uuid` : sql`b.provider = ${q.target}`);
  if (q.minAmount !== null && q.minAmount !== undefined) out.push(sql`${amountExpr(q.today)} >= ${q.minAmount}`);
  if (q.maxAmount !== null && q.maxAmount !== undefined) out.push(sql`${amountExpr(q.today)} <= ${q.maxAmount}`);
  if (q.q) out.push(sql`b.search_text like ${`%${escapeLike(q.q.toLowerCase())}%`}`);
  return out;
}

const and = (conds: SQL[]) => (conds.length === 0 ? sql`true` : sql.join(conds, sql` and `));

/** Where each column's rows come from, with the column's own order (matching an index on board_deals). */
function columnSource(column: BoardColumnName, q: BoardQuery): { where: SQL; order: SQL } {
  switch (column) {
    case "won":
      return { where: sql`b.phase = 'won'`, order: sql`b.won_at desc nulls last, b.deal_id` };
    case "invoiced":
      return { where: sql`b.phase = 'posted' and (b.due_date is null or b.due_date > ${q.today}::date)`, order: sql`b.due_date asc nulls last, b.deal_id` };
    case "awaiting":
      return { where: sql`b.phase = 'posted' and b.due_date <= ${q.today}::date`, order: sql`b.due_date asc, b.deal_id` };
    case "paid":
      return { where: sql`b.phase = 'paid' and b.last_paid_on between ${q.paidFrom}::date and ${q.paidTo}::date`, order: sql`b.last_paid_on desc, b.deal_id` };
  }
}

export type ColumnTotalRow = { column: BoardColumnName; count: number; total: number };

/** Count and yen total per column under the filters (paid: only payments inside the period). */
export async function boardColumnTotals(db: DbOrTx, q: BoardQuery): Promise<ColumnTotalRow[]> {
  const rows = await db.execute<{ col: BoardColumnName; n: string; total: string | null }>(sql`
    select ${columnExpr(q.today)} as col, count(*) as n, sum(${amountExpr(q.today)}) as total
    from board_deals b
    where (b.phase <> 'paid' or b.last_paid_on between ${q.paidFrom}::date and ${q.paidTo}::date) and ${and(filterConditions(q))}
    group by 1`);
  return rows.map((r) => ({ column: r.col, count: Number(r.n), total: Number(r.total ?? 0) }));
}

export type BoardCardRow = {
  connectionId: string;
  dealId: string;
  column: BoardColumnName;
  phase: string;
  state: string;
  dealName: string | null;
  companyName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  amount: number;
  closeDate: string | null;
  wonAt: string | null;
  draftId: string | null;
  draftStatus: string | null;
  provider: string | null;
  invoiceNumber: string | null;
  billingDate: string | null;
  dueDate: string | null;
  lastPaidOn: string | null;
  issues: unknown;
  lastPostError: string | null;
  rejectedReason: string | null;
  syncFailure: string | null;
};

/** Display details for board rows (the page's ≤ limit rows only). */
const cardSelect = (today: string) => sql`
  b.connection_id as "connectionId", b.deal_id as "dealId", ${columnExpr(today)} as "column", b.phase, b.state, b.deal_name as "dealName",
  co.name as "companyName", b.owner_id as "ownerId", nullif(trim(concat_ws(' ', o.last_name, o.first_name)), '') as "ownerName", ${amountExpr(today)} as amount,
  b.close_date::text as "closeDate", b.won_at as "wonAt", b.draft_id as "draftId", b.draft_status as "draftStatus", b.provider, b.invoice_number as "invoiceNumber",
  b.billing_date::text as "billingDate", b.due_date::text as "dueDate", b.last_paid_on::text as "lastPaidOn",
  case when x.status = 'blocked' then x.issues end as issues, case when x.status = 'post_failed' then x.last_post_error end as "lastPostError",
  case when x.status = 'rejected' then x.rejected_reason end as "rejectedReason",
  (select sf.reason from sync_failures sf where sf.resolved_at is null and (
      (sf.connection_id = b.connection_id and sf.object = 'deals' and sf.external_id = b.deal_id)
      or (x.provider_invoice_id is not null and sf.connection_id = x.accounting_connection_id and sf.external_id = x.provider_invoice_id))
    order by sf.last_failed_at desc limit 1) as "syncFailure"`;

const cardJoins = sql`
  left join crm_companies co on co.connection_id = b.connection_id and co.id = b.company_id
  left join hubspot_owners o on o.connection_id = b.connection_id and o.id = b.owner_id
  left join invoice_drafts x on x.id = b.draft_id`;

function normaliseCard(r: Record<string, unknown>): BoardCardRow {
  const row = r as unknown as BoardCardRow;
  return { ...row, amount: Number(row.amount ?? 0), wonAt: iso(r.wonAt) };
}

/** One page of one column, in the column's order. Returns limit + 1 rows at most so the caller knows if more exist. */
export async function boardColumnPage(db: DbOrTx, q: BoardQuery, column: BoardColumnName, page: { limit: number; offset: number }): Promise<BoardCardRow[]> {
  const source = columnSource(column, q);
  const rows = await db.execute(sql`
    with page as (
      select b.* from board_deals b where ${source.where} and ${and(filterConditions(q))}
      order by ${source.order} limit ${page.limit + 1} offset ${page.offset}
    )
    select ${cardSelect(q.today)} from page b ${cardJoins}
    order by ${source.order}`);
  return rows.map((r) => normaliseCard(r as Record<string, unknown>));
}

/** The first page of every column in one round trip. */
export async function boardFirstPages(db: DbOrTx, q: BoardQuery, limit: number): Promise<BoardCardRow[]> {
  const columns: BoardColumnName[] = ["won", "invoiced", "awaiting", "paid"];
  const parts = columns.map((column) => {
    const source = columnSource(column, q);
    return sql`(select b.* from board_deals b where ${source.where} and ${and(filterConditions(q))} order by ${source.order} limit ${limit + 1})`;
  });
  const rows = await db.execute(sql`
    with page as (${sql.join(parts, sql` union all `)})
    select ${cardSelect(q.today)} from page b ${cardJoins}`);
  return rows.map((r) => normaliseCard(r as Record<string, unknown>));
}

/** A single deal's board row (null when the deal is not on the board, e.g. not won). */
export async function boardCard(db: DbOrTx, today: string, connectionId: string, dealId: string): Promise<BoardCardRow | null> {
  const rows = await db.execute(sql`select ${cardSelect(today)} from board_deals b ${cardJoins} where b.connection_id = ${connectionId}::uuid and b.deal_id = ${dealId}`);
  return rows[0] ? normaliseCard(rows[0] as Record<string, unknown>) : null;
}

export type DataAsOfRow = { provider: string; connectionId: string; name: string | null; lastSuccessAt: string | null; lastError: string | null };

/** Per connection: the latest successful sync of any object, and the latest error if it came after it. */
export async function boardDataAsOf(db: DbOrTx): Promise<DataAsOfRow[]> {
  const rows = await db.execute<{ provider: string; connection_id: string; name: string | null; last_success_at: string | Date | null; last_error: string | null }>(sql`
    select c.provider::text as provider, c.id as connection_id, c.external_account_name as name, max(sc.last_success_at) as last_success_at,
      (select s2.last_error from sync_cursors s2 where s2.connection_id = c.id and s2.last_error is not null
         and (s2.last_success_at is null or s2.last_attempt_at > s2.last_success_at) order by s2.last_attempt_at desc nulls last limit 1) as last_error
    from connections c left join sync_cursors sc on sc.connection_id = c.id
    where c.status <> 'disconnected'
    group by c.id order by c.provider, c.created_at`);
  return rows.map((r) => ({
    provider: r.provider,
    connectionId: r.connection_id,
    name: r.name,
    lastSuccessAt: r.last_success_at ? new Date(r.last_success_at).toISOString() : null,
    lastError: r.last_error,
  }));
}

export async function boardFilterOptions(db: DbOrTx): Promise<{ owners: { id: string; label: string }[]; pipelines: { id: string; label: string }[]; accountingTargets: { id: string; label: string; provider: string }[] }> {
  const [owners, pipelines, targets] = await Promise.all([
    db.execute<{ id: string; label: string }>(sql`
      select distinct on (o.id) o.id, coalesce(nullif(trim(concat_ws(' ', o.last_name, o.first_name)), ''), o.email, o.id) as label
      from hubspot_owners o where not o.archived order by o.id`),
    db.execute<{ id: string; label: string }>(sql`select distinct on (p.id) p.id, p.label from hubspot_pipelines p where not p.archived order by p.id, p.display_order`),
    db.execute<{ id: string; label: string; provider: string }>(sql`
      select c.id, coalesce(c.external_account_name, c.provider::text) as label, c.provider::text as provider
      from connections c where c.provider in ('freee', 'moneyforward') and c.status <> 'disconnected' order by c.created_at`),
  ]);
  return {
    owners: [...owners].sort((a, b) => a.label.localeCompare(b.label, "ja")),
    pipelines: [...pipelines],
    accountingTargets: [...targets],
  };
}

export type TimelineRows = {
  deal: { connectionId: string; dealId: string; name: string | null; ownerId: string | null; closeDate: string | null; stageEnteredAt: string | null; portalId: string | null } | null;
  wonEvents: { enteredAt: string; source: string; isReentry: boolean }[];
  drafts: {
    id: string;
    status: string;
    createdAt: string;
    approvedAt: string | null;
    approvedBy: string | null;
    rejectedBy: string | null;
    rejectedReason: string | null;
    postedAt: string | null;
    lastPostError: string | null;
    invoiceNumber: string | null;
    invoiceUrl: string | null;
    provider: string | null;
    total: number;
    invoice: { paymentStatus: string; paidAmount: number; lastPaidOn: string | null; dueDate: string | null; url: string | null } | null;
  }[];
  syncFailures: { object: string; reason: string; lastFailedAt: string }[];
};

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** Everything the deal's timeline dialog shows: won entries, drafts (approval, posting) and payment. */
export async function boardTimelineRows(db: DbOrTx, connectionId: string, dealId: string): Promise<TimelineRows> {
  const [deals, won, drafts, failures] = await Promise.all([
    db.execute<Record<string, unknown>>(sql`
      select d.connection_id, d.id, d.name, d.owner_id, d.close_date::text as close_date, d.stage_entered_at, c.external_account_id as portal_id
      from crm_deals d join connections c on c.id = d.connection_id where d.connection_id = ${connectionId}::uuid and d.id = ${dealId}`),
    db.execute<Record<string, unknown>>(sql`
      select entered_at, source, is_reentry from deal_won_events where connection_id = ${connectionId}::uuid and deal_id = ${dealId} order by entered_at`),
    db.execute<Record<string, unknown>>(sql`
      select x.id, x.status::text as status, x.created_at, x.approved_at, ua.name as approved_by, ur.name as rejected_by, x.rejected_reason, x.posted_at,
        x.last_post_error, coalesce(ai.invoice_number, x.invoice_number) as invoice_number, coalesce(ai.url, x.invoice_url) as invoice_url, x.provider, x.total,
        ai.payment_status::text as payment_status, ai.paid_amount, ai.last_paid_on::text as last_paid_on, coalesce(ai.due_date, x.due_date)::text as due_date, ai.id is not null as has_invoice
      from invoice_drafts x
      left join users ua on ua.id = x.approved_by
      left join users ur on ur.id = x.rejected_by
      left join accounting_invoices ai on ai.connection_id = x.accounting_connection_id and ai.id = x.provider_invoice_id
      where x.crm_connection_id = ${connectionId}::uuid and x.deal_id = ${dealId} order by x.created_at`),
    db.execute<Record<string, unknown>>(sql`
      select sf.object, sf.reason, sf.last_failed_at from sync_failures sf
      where sf.resolved_at is null and ((sf.connection_id = ${connectionId}::uuid and sf.external_id = ${dealId})
        or exists (select 1 from invoice_drafts x where x.crm_connection_id = ${connectionId}::uuid and x.deal_id = ${dealId}
                   and x.accounting_connection_id = sf.connection_id and x.provider_invoice_id = sf.external_id))
      order by sf.last_failed_at desc limit 10`),
  ]);
  const d = deals[0];
  return {
    deal: d
      ? {
          connectionId: String(d.connection_id),
          dealId: String(d.id),
          name: (d.name as string | null) ?? null,
          ownerId: (d.owner_id as string | null) ?? null,
          closeDate: (d.close_date as string | null) ?? null,
          stageEnteredAt: iso(d.stage_entered_at),
          portalId: (d.portal_id as string | null) ?? null,
        }
      : null,
    wonEvents: won.map((w) => ({ enteredAt: iso(w.entered_at)!, source: String(w.source), isReentry: Boolean(w.is_reentry) })),
    drafts: drafts.map((x) => ({
      id: String(x.id),
      status: String(x.status),
      createdAt: iso(x.created_at)!,
      approvedAt: iso(x.approved_at),
      approvedBy: (x.approved_by as string | null) ?? null,
      rejectedBy: (x.rejected_by as string | null) ?? null,
      rejectedReason: (x.rejected_reason as string | null) ?? null,
      postedAt: iso(x.posted_at),
      lastPostError: (x.last_post_error as string | null) ?? null,
      invoiceNumber: (x.invoice_number as string | null) ?? null,
      invoiceUrl: (x.invoice_url as string | null) ?? null,
      provider: (x.provider as string | null) ?? null,
      total: Number(x.total ?? 0),
      invoice: x.has_invoice
        ? { paymentStatus: String(x.payment_status), paidAmount: Number(x.paid_amount ?? 0), lastPaidOn: (x.last_paid_on as string | null) ?? null, dueDate: (x.due_date as string | null) ?? null, url: (x.invoice_url as string | null) ?? null }
        : null,
    })),
    syncFailures: failures.map((f) => ({ object: String(f.object), reason: String(f.reason), lastFailedAt: iso(f.last_failed_at)! })),
  };
}
