-- The board holds the won deals Kakehashi invoices: those it saw enter won (deal_won_events) or holds a draft for.
-- Deals won before the connection (outside the won-event backfill window) were invoiced by hand and leave the board.
-- deal_won_events now also refreshes the board: the sync inserts the event after upserting the deal, in the same
-- transaction, so the deal's own trigger runs before the event exists.
CREATE OR REPLACE FUNCTION board_refresh_deals(p_connection_ids uuid[], p_deal_ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_connection_ids IS NULL OR cardinality(p_connection_ids) = 0 THEN
    RETURN;
  END IF;
  WITH keys AS (
    SELECT DISTINCT k.connection_id, k.deal_id FROM unnest(p_connection_ids, p_deal_ids) AS k(connection_id, deal_id)
  ), fresh AS (
    SELECT
      d.connection_id, d.id AS deal_id, d.name AS deal_name, d.owner_id, d.pipeline_id, d.company_id, d.amount_yen AS deal_amount_yen, d.close_date,
      coalesce(d.stage_entered_at, d.close_date::timestamptz) AS won_at,
      dr.id AS draft_id, dr.status::text AS draft_status, dr.accounting_connection_id, dr.provider, coalesce(ai.invoice_number, dr.invoice_number) AS invoice_number,
      coalesce(ai.billing_date, dr.billing_date) AS billing_date, coalesce(ai.due_date, dr.due_date) AS due_date, ai.last_paid_on,
      ai.payment_status::text AS payment_status, coalesce(ai.paid_amount, 0) AS paid_amount,
      coalesce(ai.total_amount, dr.total, d.amount_yen, 0) AS invoice_total,
      lower(concat_ws(' ', d.name, co.name, coalesce(ai.invoice_number, dr.invoice_number), d.id)) AS search_text
    FROM keys
    JOIN crm_deals d ON d.connection_id = keys.connection_id AND d.id = keys.deal_id
    JOIN hubspot_stages s ON s.connection_id = d.connection_id AND s.pipeline_id = d.pipeline_id AND s.id = d.stage_id AND s.kind = 'won'
    LEFT JOIN LATERAL (
      -- The deal's current draft: the newest one that was not rejected, else the newest rejected one.
      SELECT x.id, x.status, x.accounting_connection_id, x.provider, x.invoice_number, x.billing_date, x.due_date, x.total, x.provider_invoice_id
      FROM invoice_drafts x WHERE x.crm_connection_id = d.connection_id AND x.deal_id = d.id
      ORDER BY (x.status = 'rejected'), x.created_at DESC LIMIT 1
    ) dr ON true
    LEFT JOIN crm_companies co ON co.connection_id = d.connection_id AND co.id = d.company_id
    LEFT JOIN accounting_invoices ai ON dr.status = 'posted' AND ai.connection_id = dr.accounting_connection_id AND ai.id = dr.provider_invoice_id
    WHERE d.archived_at IS NULL AND d.merged_into_id IS NULL
      -- Only deals Kakehashi invoices: it saw the deal enter won (a deal_won_events row: from the connection on, or
      -- within the backfill window before it) or it holds a draft. A deal won long before the connection was billed
      -- outside Kakehashi; without this it would sit in "won, not invoiced" for ever.
      AND (dr.id IS NOT NULL OR EXISTS (SELECT 1 FROM deal_won_events e WHERE e.connection_id = d.connection_id AND e.deal_id = d.id))
  ), classified AS (
    SELECT f.*,
      CASE WHEN f.draft_status IS DISTINCT FROM 'posted' OR f.payment_status = 'cancelled' THEN 'won' WHEN f.payment_status = 'paid' THEN 'paid' ELSE 'posted' END AS phase,
      CASE WHEN f.draft_status IS NULL THEN 'no_draft' WHEN f.draft_status <> 'posted' THEN f.draft_status WHEN f.payment_status = 'cancelled' THEN 'cancelled'
        WHEN f.payment_status = 'paid' THEN 'paid' WHEN f.payment_status = 'partially_paid' THEN 'partially_paid' ELSE 'posted' END AS state
    FROM fresh f
  ), upserted AS (
    INSERT INTO board_deals AS b (connection_id, deal_id, phase, state, deal_name, owner_id, pipeline_id, company_id, deal_amount_yen, close_date, won_at, draft_id, draft_status,
      accounting_connection_id, provider, invoice_number, billing_date, due_date, amount, outstanding, last_paid_on, search_text, refreshed_at)
    SELECT c.connection_id, c.deal_id, c.phase, c.state, c.deal_name, c.owner_id, c.pipeline_id, c.company_id, c.deal_amount_yen, c.close_date, c.won_at, c.draft_id, c.draft_status,
      c.accounting_connection_id, c.provider, c.invoice_number, c.billing_date, c.due_date,
      CASE c.phase WHEN 'won' THEN coalesce(c.deal_amount_yen, 0) WHEN 'paid' THEN CASE WHEN c.paid_amount > 0 THEN c.paid_amount ELSE c.invoice_total END ELSE c.invoice_total END,
      CASE c.phase WHEN 'posted' THEN greatest(c.invoice_total - c.paid_amount, 0) ELSE 0 END,
      CASE WHEN c.phase = 'paid' THEN c.last_paid_on END, c.search_text, now()
    FROM classified c ORDER BY c.connection_id, c.deal_id
    ON CONFLICT (connection_id, deal_id) DO UPDATE SET
      phase = excluded.phase, state = excluded.state, deal_name = excluded.deal_name, owner_id = excluded.owner_id, pipeline_id = excluded.pipeline_id,
      company_id = excluded.company_id, deal_amount_yen = excluded.deal_amount_yen, close_date = excluded.close_date, won_at = excluded.won_at,
      draft_id = excluded.draft_id, draft_status = excluded.draft_status, accounting_connection_id = excluded.accounting_connection_id, provider = excluded.provider,
      invoice_number = excluded.invoice_number, billing_date = excluded.billing_date, due_date = excluded.due_date, amount = excluded.amount,
      outstanding = excluded.outstanding, last_paid_on = excluded.last_paid_on, search_text = excluded.search_text, refreshed_at = excluded.refreshed_at
    RETURNING b.connection_id, b.deal_id
  )
  -- Deals that left the won stages, were archived/merged or deleted leave the board.
  DELETE FROM board_deals b USING keys
  WHERE b.connection_id = keys.connection_id AND b.deal_id = keys.deal_id
    AND NOT EXISTS (SELECT 1 FROM upserted u WHERE u.connection_id = b.connection_id AND u.deal_id = b.deal_id);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION board_on_won_events_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    PERFORM board_refresh_deals(array_agg(connection_id), array_agg(deal_id)) FROM changed_rows;
  EXCEPTION WHEN others THEN
    RAISE WARNING 'board_deals refresh from deal_won_events failed: %', SQLERRM;
  END;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER board_won_events_ins AFTER INSERT ON deal_won_events REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_on_won_events_change();
--> statement-breakpoint
CREATE TRIGGER board_won_events_del AFTER DELETE ON deal_won_events REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_on_won_events_change();
--> statement-breakpoint
SELECT board_refresh_deals(array_agg(connection_id), array_agg(deal_id)) FROM board_deals;
