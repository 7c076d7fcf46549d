import type { Sql } from "postgres";

/**
 * Seeds a board-shaped data set straight into Postgres with set-based INSERT … SELECT generate_series (one statement
 * per table, so 100,000 deals take seconds): a HubSpot and a freee connection, two pipelines, 20 owners, 5,000
 * companies, `deals` deals (80 % won, 10 % open, 10 % lost) over three years, drafts for most won deals in every
 * status, and accounting invoices for the posted ones (not yet due, overdue, partly paid, paid).
 * Used by bench/board.bench.ts; deterministic (no randomness) so runs compare.
 */
export async function seedBoard(sql: Sql, options: { deals: number; today: string }): Promise<{ hubspot: string; freee: string }> {
  const { deals, today } = options;
  // The board triggers would re-derive every deal three times (deals, drafts, invoices); seed with triggers off
  // (replica mode, superuser only) and derive the read model once at the end, as the migration's backfill does.
  await sql`set session_replication_role = replica`;
  const [hubspot] = await sql<{ id: string }[]>`insert into connections (provider, auth_type, external_account_id, external_account_name) values ('hubspot', 'oauth', '99001', 'Bench portal') returning id`;
  const [freee] = await sql<{ id: string }[]>`insert into connections (provider, auth_type, external_account_id, external_account_name) values ('freee', 'oauth', '100001', 'Bench 株式会社') returning id`;
  const h = hubspot!.id;
  const f = freee!.id;
  await sql`insert into hubspot_pipelines (connection_id, id, label, display_order) values (${h}, 'default', '営業パイプライン', 0), (${h}, '12345', 'パートナー経由', 1)`;
  await sql`insert into hubspot_stages (connection_id, pipeline_id, id, label, display_order, is_closed, kind) values
    (${h}, 'default', 'appointmentscheduled', 'アポ獲得', 0, false, 'open'), (${h}, 'default', 'closedwon', '受注', 5, true, 'won'),
    (${h}, 'default', 'closedlost', '失注', 6, true, 'lost'), (${h}, '12345', '1001', '提案', 0, false, 'open'),
    (${h}, '12345', '1002', '成約', 1, true, 'won'), (${h}, '12345', '1003', '見送り', 2, true, 'lost')`;
  await sql`insert into hubspot_owners (connection_id, id, email, first_name, last_name)
    select ${h}, (9000 + g)::text, 'owner' || g || '@bench.example', '太郎' || g, '営業' from generate_series(0, 19) g`;
  await sql`insert into crm_companies (connection_id, id, name, domain)
    select ${h}, 'c' || g, '株式会社ベンチ商事' || g, 'bench' || g || '.example' from generate_series(1, 5000) g`;
  await sql`insert into sync_cursors (connection_id, object, phase, last_success_at) values (${h}, 'deals', 'incremental', now()), (${f}, 'invoices', 'incremental', now())`;
  // Stage: i % 10 = 0 open, 1 lost, else won; pipeline 12345 for every fifth deal.
  await sql`insert into crm_deals (connection_id, id, name, amount, amount_yen, currency, pipeline_id, stage_id, close_date, owner_id, company_id, stage_entered_at, properties)
    select ${h}, (1000000 + g)::text, '案件 ' || g || ' システム導入', (100000 + (g * 7919 % 5000) * 1000)::numeric, 100000 + (g * 7919 % 5000) * 1000, 'JPY',
      case when g % 5 = 0 then '12345' else 'default' end,
      case when g % 10 = 0 then case when g % 5 = 0 then '1001' else 'appointmentscheduled' end
           when g % 10 = 1 then case when g % 5 = 0 then '1003' else 'closedlost' end
           else case when g % 5 = 0 then '1002' else 'closedwon' end end,
      ${today}::date - (g % 1095), (9000 + g % 20)::text, 'c' || (g % 5000 + 1), (${today}::date - (g % 1095))::timestamptz + interval '10 hours', '{}'::jsonb
    from generate_series(1, ${deals}) g`;
  // Every won deal was won while Kakehashi was connected: the sync recorded its entry (what puts a deal on the board).
  await sql`insert into deal_won_events (connection_id, deal_id, stage_id, entered_at, source)
    select connection_id, id, stage_id, stage_entered_at, 'full_sync' from crm_deals
    where connection_id = ${h} and stage_id in ('closedwon', '1002')`;
  // Drafts for won deals: bucket (g / 10) % 20 → 0 none, 1 draft, 2 blocked, 3 approved, 4 post_failed, 5 rejected, else posted.
  await sql`insert into invoice_drafts (crm_connection_id, deal_id, status, accounting_connection_id, provider, partner_id, company_id, deal_name, company_name, owner_id,
      billing_date, due_date, due_date_derivation, subject, subtotal, tax, total, tax_summary, issues, draft, blocked, our_reference, provider_invoice_id, invoice_number,
      posted_at, last_post_error, approved_at, rejected_reason, created_at, updated_at)
    select ${h}, (1000000 + g)::text, s.status::invoice_draft_status, ${f}, 'freee', 'p' || (g % 5000 + 1), 'c' || (g % 5000 + 1), '案件 ' || g, '株式会社ベンチ商事' || (g % 5000 + 1), (9000 + g % 20)::text,
      ${today}::date - (g % 1095), ${today}::date - (g % 1095) + 30, '{}'::jsonb, '案件 ' || g, a.amount, a.amount / 10, a.amount + a.amount / 10, '[]'::jsonb,
      case when s.status = 'blocked' then '[{"code":"missing_partner","severity":"blocking","ja":"取引先が未設定です","en":"No partner linked","action":"link_or_create_partner","lineKey":null,"details":{}}]'::jsonb else '[]'::jsonb end,
      '{}'::jsonb, s.status = 'blocked', 'KKH-B' || g, case when s.status = 'posted' then 'inv' || g end, case when s.status = 'posted' then 'INV-' || lpad(g::text, 7, '0') end,
      case when s.status = 'posted' then (${today}::date - (g % 1095))::timestamptz + interval '1 day' end,
      case when s.status = 'post_failed' then 'freee 400: 取引先が存在しません' end,
      case when s.status in ('approved', 'posted', 'post_failed') then (${today}::date - (g % 1095))::timestamptz + interval '20 hours' end,
      case when s.status = 'rejected' then '金額が契約書と違います' end,
      (${today}::date - (g % 1095))::timestamptz + interval '11 hours', now()
    from generate_series(1, ${deals}) g
    cross join lateral (select 100000 + (g * 7919 % 5000) * 1000 as amount) a
    cross join lateral (select case (g / 10) % 20 when 1 then 'draft' when 2 then 'blocked' when 3 then 'approved' when 4 then 'post_failed' when 5 then 'rejected' else 'posted' end as status) s
    where g % 10 >= 2 and (g / 10) % 20 <> 0`;
  // Accounting invoices for posted drafts: due = billing + 30; overdue ones: 20 % unpaid, 10 % partly paid, rest paid.
  await sql`insert into accounting_invoices (connection_id, id, invoice_number, partner_id, our_reference, billing_date, due_date, total_amount, tax_amount, payment_status, paid_amount, last_paid_on, url)
    select ${f}, d.provider_invoice_id, d.invoice_number, d.partner_id, d.our_reference, d.billing_date, d.due_date, d.total, d.tax,
      p.status::accounting_payment_status,
      case p.status when 'paid' then d.total when 'partially_paid' then d.total / 2 else 0 end,
      case when p.status in ('paid', 'partially_paid') then least(d.due_date - (abs(hashtext(d.deal_id)) % 10), ${today}::date) end,
      'https://invoice.secure.freee.co.jp/reports/invoices/' || d.provider_invoice_id
    from invoice_drafts d
    cross join lateral (select case when d.due_date > ${today}::date then 'unpaid' when abs(hashtext(d.deal_id)) % 10 < 2 then 'unpaid' when abs(hashtext(d.deal_id)) % 10 = 2 then 'partially_paid' else 'paid' end as status) p
    where d.crm_connection_id = ${h} and d.status = 'posted'`;
  await sql`set session_replication_role = origin`;
  await sql`select board_refresh_deals(array_agg(connection_id), array_agg(id)) from crm_deals`;
  await sql`analyze`;
  return { hubspot: h, freee: f };
}
