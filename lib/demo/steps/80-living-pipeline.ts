import type { Database } from "@/db/client";

/**
 * Demo step (lib/demo/prepare-demo.ts hook), sandbox only: play a few days of finance work through the product's own
 * services so the pipeline-to-cash board opens with all four columns alive instead of 1,000 deals stuck in "won":
 *
 * 1. confirm the automatic 名寄せ matches (what finance does with the "confirm all auto" button);
 * 2. draft the won events the sync queued (the worker is not running yet) and regenerate blocked drafts, so they pick
 *    up the partner links confirmed in 1.;
 * 3. approve a majority of the drafts awaiting approval — the rest, and the blocked ones, stay in "won";
 * 4. post some approved drafts synchronously through the real posting service (exactly-once machinery included)
 *    to the sandbox freee company connected by step 20 → "invoiced" / "awaiting payment", the past-due ones spread
 *    over the overdue list's aging buckets (1–30 … 91+ days) and over owners, the demo sales user's included;
 * 5. record payments in the freee sandbox (full, partial, bank fee short, on realistic dates) as a person would in
 *    freee, and run the accounting sync so the payment status lands in Postgres → "paid", partly paid, and the rest
 *    stays unpaid → the overdue list (未入金一覧).
 *
 * Idempotent: once any draft has been posted the step does nothing (running the demo twice must never post twice).
 * Never throws: logs and returns, like the other steps.
 */

type Log = (message: string) => void;
type Actor = { id: string; label: string };

/**
 * Nobody signed in did this: decisions carry no user id (decidedBy / approvedBy stay null, as for the system actor)
 * and the audit trail labels them "demo", so a demo login is never credited with approvals it did not make.
 * The review services type their actor as a person; they only store the id (nullable columns) and compare it for
 * the four-eyes rule, which is off in the demo.
 */
const DEMO_ACTOR = { id: null, label: "demo" } as unknown as Actor;

/** Share of the drafts awaiting approval that get approved (the rest stays in the queue to show the review step). */
const APPROVE_SHARE = 0.65;
/**
 * How many invoices to post now whose due date has passed (awaiting payment / overdue) and still ahead (invoiced).
 * Small on purpose: freee請求書 allows 30 requests a minute and the initial sync of step 20 has just used 15 of them;
 * these posts and the one read-back request below stay under the rest (more would make the demo wait out the window).
 * The other approved drafts are posted by the worker's posting sweep a few minutes after start (the demo shows that
 * queue too). Past due: two per aging bucket of the overdue list (1–30, 31–60, 61–90, 91+ days).
 */
const POST_PAST_DUE = 8;
const POST_NOT_DUE = 3;
/**
 * Extra won events for deals won two to five calendar months ago, when the queue has too few invoices already due:
 * three per month (one of them the demo sales user's when they have one), so that under the default terms (月末締め
 * 翌月末払い) their due dates fall one, two, three and four months back — one month per aging bucket.
 */
const BACKFILL_MONTHS = [2, 3, 4, 5] as const;
const BACKFILL_PER_MONTH = 3;

export default async function livingPipeline(db: Database, log: Log): Promise<void> {
  const started = performance.now();
  try {
    const { env } = await import("@/lib/env");
    if (env().KAKEHASHI_TARGET !== "sandbox") {
      log("prepare-demo: living pipeline skipped (not in sandbox mode)");
      return;
    }
    const { listActiveConnections } = await import("@/db/queries/partners");
    const active = await listActiveConnections(db);
    const crm = active.find((c) => c.provider === "hubspot");
    const freee = active.find((c) => c.provider === "freee");
    if (!crm || !freee) {
      log("prepare-demo: living pipeline skipped (HubSpot or the sandbox freee company is not connected)");
      return;
    }
    if (await alreadyPosted(db, crm.id)) {
      log("prepare-demo: living pipeline already prepared (invoices were posted before), nothing to do");
      return;
    }

    await confirmAutoMatches(db, log, crm.id, freee.id);
    const salesOwnerId = await demoSalesOwnerId(db);
    await backfillPastWins(db, log, crm.id, salesOwnerId);
    await draftPendingEvents(db, log, crm.id);
    await regenerateBlocked(db, log, crm.id);
    const approved = await approveMajority(db, log, crm.id);
    const posted = await postSome(db, log, approved, salesOwnerId);
    await recordPayments(db, log, posted);
    await syncPayments(db, log, freee.id);

    const { recordAudit } = await import("@/lib/audit/record-audit");
    await recordAudit(db, {
      actor: DEMO_ACTOR,
      action: "demo.living_pipeline",
      entityType: "connection",
      entityId: crm.id,
      after: { approved: approved.length, posted: posted.length },
    });
    log(`prepare-demo: living pipeline ready in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    log(`prepare-demo: living pipeline failed, continuing: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function alreadyPosted(db: Database, crmConnectionId: string): Promise<boolean> {
  const { and, eq, inArray } = await import("drizzle-orm");
  const { invoiceDrafts } = await import("@/db/schema");
  const [row] = await db
    .select({ id: invoiceDrafts.id })
    .from(invoiceDrafts)
    .where(and(eq(invoiceDrafts.crmConnectionId, crmConnectionId), inArray(invoiceDrafts.status, ["posting", "posted"])))
    .limit(1);
  return !!row;
}

async function confirmAutoMatches(db: Database, log: Log, crmConnectionId: string, accountingConnectionId: string): Promise<void> {
  const { bulkConfirmAuto } = await import("@/lib/partners/review-links");
  const result = await bulkConfirmAuto(db, DEMO_ACTOR, { crmConnectionId, accountingConnectionId });
  log(`prepare-demo: confirmed ${result.confirmed.length} automatic partner matches (${result.skipped.length} skipped)`);
}

/** The HubSpot owner of the demo's sales login (seeded before the steps run), so their own overdue list is not empty. */
async function demoSalesOwnerId(db: Database): Promise<string | null> {
  const { sql } = await import("drizzle-orm");
  const rows = await db.execute<{ owner: string }>(sql`
    select u.hubspot_owner_id as owner from users u join user_roles r on r.user_id = u.id
    where r.role = 'sales' and u.hubspot_owner_id is not null and u.disabled_at is null order by u.created_at limit 1`);
  return rows[0]?.owner ?? null;
}

/**
 * The initial sync only raises won events for deals won since the connection (history must not flood invoicing), and
 * those are billed at the end of this month, due next month: none of them can be overdue yet. To show "awaiting
 * payment / overdue" honestly, a few deals that really were won two to five months ago get their won event now — with
 * their real stage-entry time, exactly what the sync would have recorded had Kakehashi been connected then — and are
 * drafted by the normal draft service, so their billing and due dates (from the close date) are in the past.
 * Per month: deals whose company has a confirmed partner first (so the drafts are not blocked), one of the demo sales
 * user's and two of other owners.
 */
async function backfillPastWins(db: Database, log: Log, crmConnectionId: string, salesOwnerId: string | null): Promise<void> {
  const { sql } = await import("drizzle-orm");
  const { dealWonEvents } = await import("@/db/schema");
  const { jstToday } = await import("@/lib/sync-accounting/sync-accounting");
  const today = jstToday(new Date());
  const due = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from invoice_drafts
    where crm_connection_id = ${crmConnectionId} and status in ('draft', 'approved') and due_date <= ${today}::date`);
  if ((due[0]?.n ?? 0) >= POST_PAST_DUE) return;
  const monthStart = sql`date_trunc('month', ${today}::date)::date`;
  const candidates = await db.execute<{ id: string; stage_id: string; stage_entered_at: string }>(sql`
    with eligible as (
      select d.id, d.stage_id, d.stage_entered_at,
        date_trunc('month', coalesce(d.close_date, (d.stage_entered_at at time zone 'Asia/Tokyo')::date)) as won_month,
        coalesce(d.owner_id = ${salesOwnerId}, false) as sales_owned,
        exists (select 1 from partner_links l where l.crm_connection_id = d.connection_id and l.company_id = d.company_id and l.status = 'confirmed') as linked
      from crm_deals d
      join hubspot_stages s on s.connection_id = d.connection_id and s.id = d.stage_id and s.kind = 'won'
      where d.connection_id = ${crmConnectionId} and d.archived_at is null and d.stage_entered_at is not null
        and coalesce(d.close_date, (d.stage_entered_at at time zone 'Asia/Tokyo')::date)
          between (${monthStart} - make_interval(months => ${Math.max(...BACKFILL_MONTHS)}))::date and (${monthStart} - make_interval(months => ${Math.min(...BACKFILL_MONTHS) - 1}))::date - 1
        and coalesce(d.amount_yen, 0) > 0
        and not exists (select 1 from deal_won_events e where e.connection_id = d.connection_id and e.deal_id = d.id)
        and exists (select 1 from crm_line_items li where li.connection_id = d.connection_id and li.deal_id = d.id and li.archived_at is null)
    ), ranked as (
      select e.*, row_number() over (partition by e.won_month, e.sales_owned order by e.linked desc, e.stage_entered_at, e.id) as rn from eligible e
    )
    select id, stage_id, stage_entered_at from ranked
    where rn <= case when sales_owned then 1 when ${salesOwnerId}::text is null then ${BACKFILL_PER_MONTH} else ${BACKFILL_PER_MONTH} - 1 end
    order by won_month, sales_owned desc, rn`);
  if (candidates.length === 0) return;
  const inserted = await db
    .insert(dealWonEvents)
    .values(candidates.map((c) => ({ connectionId: crmConnectionId, dealId: c.id, stageId: c.stage_id, enteredAt: new Date(c.stage_entered_at), source: "demo" })))
    .onConflictDoNothing()
    .returning({ id: dealWonEvents.id });
  log(`prepare-demo: recorded ${inserted.length} won events for deals won ${Math.min(...BACKFILL_MONTHS)}–${Math.max(...BACKFILL_MONTHS)} months ago (so some invoices are due)`);
}

/** Runs `fn` over `items`, `width` at a time (the pool is shared with the rest of the preparation). */
async function inPool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/** The sync queued a job per won event; the worker starts after the preparation, so draft them here (idempotent). */
async function draftPendingEvents(db: Database, log: Log, crmConnectionId: string): Promise<void> {
  const { and, eq, isNull } = await import("drizzle-orm");
  const { dealWonEvents } = await import("@/db/schema");
  const { draftFromWonDeal } = await import("@/lib/invoicing/draft-from-won-deal");
  const events = await db
    .select({ id: dealWonEvents.id })
    .from(dealWonEvents)
    .where(and(eq(dealWonEvents.connectionId, crmConnectionId), isNull(dealWonEvents.consumedAt)))
    .orderBy(dealWonEvents.enteredAt);
  let failed = 0;
  const results = await inPool(events, 4, async (e) => {
    try {
      return (await draftFromWonDeal(db, e.id)).outcome;
    } catch (error) {
      failed++;
      if (failed <= 3) log(`prepare-demo: drafting won event ${e.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      return "failed";
    }
  });
  const created = results.filter((r) => r === "created").length;
  log(`prepare-demo: drafted ${created} of ${events.length} pending won events${failed ? ` (${failed} failed)` : ""}`);
}

/** Blocked drafts built before the partner links were confirmed: rebuilt by the same service the deal-change job uses. */
async function regenerateBlocked(db: Database, log: Log, crmConnectionId: string): Promise<void> {
  const { and, eq } = await import("drizzle-orm");
  const { invoiceDrafts } = await import("@/db/schema");
  const { handleDealChange } = await import("@/lib/invoicing/handle-deal-change");
  const blocked = await db
    .selectDistinct({ dealId: invoiceDrafts.dealId })
    .from(invoiceDrafts)
    .where(and(eq(invoiceDrafts.crmConnectionId, crmConnectionId), eq(invoiceDrafts.status, "blocked")));
  const results = await inPool(blocked, 4, (d) => handleDealChange(db, crmConnectionId, d.dealId).catch(() => null));
  const regenerated = results.reduce((n, r) => n + (r?.regenerated.length ?? 0), 0);
  const [still] = await db
    .select({ id: invoiceDrafts.id })
    .from(invoiceDrafts)
    .where(and(eq(invoiceDrafts.crmConnectionId, crmConnectionId), eq(invoiceDrafts.status, "blocked")))
    .limit(1);
  log(`prepare-demo: regenerated ${regenerated} of ${blocked.length} blocked drafts${still ? " (some stay blocked: finance has to act on them)" : ""}`);
}

type PostCandidate = { id: string; dueDate: string | null; ownerId: string | null; pastDue: boolean };

/**
 * Approves a majority of the drafts awaiting approval: every draft already due first (they make the overdue
 * column), then the oldest billing dates. Returns the approved drafts.
 */
async function approveMajority(db: Database, log: Log, crmConnectionId: string): Promise<PostCandidate[]> {
  const { and, asc, eq } = await import("drizzle-orm");
  const { invoiceDrafts } = await import("@/db/schema");
  const { approveDrafts } = await import("@/lib/invoicing/review-drafts");
  const { isOverdue } = await import("@/lib/overdue/aging");
  const { jstToday } = await import("@/lib/sync-accounting/sync-accounting");
  const today = jstToday(new Date());
  const waiting = await db
    .select({ id: invoiceDrafts.id, dueDate: invoiceDrafts.dueDate, ownerId: invoiceDrafts.ownerId })
    .from(invoiceDrafts)
    .where(and(eq(invoiceDrafts.crmConnectionId, crmConnectionId), eq(invoiceDrafts.status, "draft")))
    .orderBy(asc(invoiceDrafts.billingDate), asc(invoiceDrafts.id));
  // Past due = already overdue on the overdue list (a due date on a bank holiday waits for the next business day).
  const candidates = waiting.map((w) => ({ id: w.id, dueDate: w.dueDate, ownerId: w.ownerId, pastDue: isOverdue(w.dueDate, today) }));
  const chosen = [...candidates.filter((c) => c.pastDue), ...candidates.filter((c) => !c.pastDue)].slice(0, Math.ceil(candidates.length * APPROVE_SHARE));
  const results = await approveDrafts(db, DEMO_ACTOR, chosen.map((c) => c.id));
  const ok = new Set(results.filter((r) => r.ok).map((r) => r.draftId));
  const refused = results.find((r) => !r.ok);
  log(`prepare-demo: approved ${ok.size} of ${waiting.length} drafts awaiting approval${refused ? ` (refused: ${refused.message})` : ""}`);
  return chosen.filter((c) => ok.has(c.id));
}

type Posted = PostCandidate & { providerInvoiceId: string; bucket?: string; slot?: number };

/**
 * Past-due drafts to post: two per aging bucket (the demo sales user's first), so the overdue list shows every age.
 * Each carries its bucket and its place in it, which decide how it gets paid (recordPayments).
 */
async function spreadOverBuckets(pastDue: PostCandidate[], salesOwnerId: string | null): Promise<(PostCandidate & { bucket: string; slot: number })[]> {
  const { AGING_BUCKETS, agingBucketOf, daysLate } = await import("@/lib/overdue/aging");
  const { jstToday } = await import("@/lib/sync-accounting/sync-accounting");
  const today = jstToday(new Date());
  const perBucket = POST_PAST_DUE / AGING_BUCKETS.length;
  return AGING_BUCKETS.flatMap((bucket) => {
    const inBucket = pastDue.filter((p) => p.dueDate !== null && agingBucketOf(daysLate(p.dueDate, today)) === bucket);
    const ordered = [...inBucket.filter((p) => salesOwnerId !== null && p.ownerId === salesOwnerId).slice(0, 1), ...inBucket.filter((p) => salesOwnerId === null || p.ownerId !== salesOwnerId)];
    return ordered.slice(0, perBucket).map((p, slot) => ({ ...p, bucket, slot }));
  });
}

/** Posts some approved drafts now (the posting job would do the same a moment later). Returns what got posted. */
async function postSome(db: Database, log: Log, approved: PostCandidate[], salesOwnerId: string | null): Promise<Posted[]> {
  const { eq } = await import("drizzle-orm");
  const { invoiceDrafts } = await import("@/db/schema");
  const { ensureInvoicingProviders } = await import("@/lib/invoicing/default-providers");
  const { postInvoice } = await import("@/lib/invoicing/post-invoice");
  ensureInvoicingProviders();
  const selected: PostCandidate[] = [...(await spreadOverBuckets(approved.filter((a) => a.pastDue), salesOwnerId)), ...approved.filter((a) => !a.pastDue).slice(0, POST_NOT_DUE)];
  let firstError: string | null = null;
  const posted = await inPool(selected, 3, async (draft): Promise<Posted | null> => {
    try {
      const outcome = await postInvoice(db, draft.id);
      if (outcome.outcome === "posted") return { ...draft, providerInvoiceId: outcome.providerInvoiceId };
      if (outcome.outcome === "already_posted") {
        const [row] = await db.select({ providerInvoiceId: invoiceDrafts.providerInvoiceId }).from(invoiceDrafts).where(eq(invoiceDrafts.id, draft.id));
        return row?.providerInvoiceId ? { ...draft, providerInvoiceId: row.providerInvoiceId } : null;
      }
      return null;
    } catch (error) {
      firstError ??= error instanceof Error ? error.message : String(error);
      return null;
    }
  });
  const done = posted.filter((p): p is Posted => p !== null);
  log(`prepare-demo: posted ${done.length} of ${selected.length} invoices to the sandbox freee${firstError ? ` (first error: ${firstError})` : ""}`);
  return done;
}

type PaymentKind = "full" | "partial" | "bank_fee_short";

/**
 * How each past-due invoice was paid, by aging bucket and place in it (slot 0 is the demo sales user's when they have
 * one): the kind and the day the money arrived (days after the due date, or null: today, so the board's "paid this
 * month" shows it), or nothing (still unpaid). On the overdue list every bucket keeps unpaid invoices, one of them
 * partly paid and one short by a bank transfer fee; two late payers paid today and leave it.
 */
const PAST_DUE_PAYMENTS: Record<string, ({ kind: PaymentKind; daysAfterDue: number | null } | null)[]> = {
  "1-30": [null, { kind: "full", daysAfterDue: null }],
  "31-60": [{ kind: "bank_fee_short", daysAfterDue: 0 }, null],
  "61-90": [{ kind: "full", daysAfterDue: null }, { kind: "partial", daysAfterDue: 10 }],
  "91+": [null, null],
};

/**
 * What the customers paid, entered in freee by a person (the sandbox control API stands in for freee's UI), dated
 * when the money arrived: among the invoices already due, some paid in full, one partly, one short by the bank
 * transfer fee (振込手数料), the rest unpaid (overdue). Those not yet due are not paid yet.
 */
async function recordPayments(db: Database, log: Log, posted: Posted[]): Promise<void> {
  const { env } = await import("@/lib/env");
  const { addDays, compareDates } = await import("@/lib/japan/bank-calendar");
  const { jstToday } = await import("@/lib/sync-accounting/sync-accounting");
  const base = env().FREEE_API_BASE_URL.replace(/\/$/, "");
  const today = jstToday(new Date());
  const paidOn = (due: string | null, days: number | null) => {
    const date = due && days !== null ? addDays(due, days) : today;
    return compareDates(date, today) > 0 ? today : date;
  };
  const plan: { invoice: Posted; kind: PaymentKind; date: string }[] = posted.flatMap((invoice) => {
    const step = invoice.pastDue && invoice.bucket !== undefined ? PAST_DUE_PAYMENTS[invoice.bucket]?.[invoice.slot ?? 0] : null;
    return step ? [{ invoice, kind: step.kind, date: paidOn(invoice.dueDate, step.daysAfterDue) }] : [];
  });
  let recorded = 0;
  for (const { invoice, kind, date } of plan) {
    const response = await fetch(`${base}/_sandbox/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ invoiceId: Number(invoice.providerInvoiceId), kind, date }),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => error as Error);
    if (response instanceof Error || !response.ok) {
      log(`prepare-demo: payment for freee invoice ${invoice.providerInvoiceId} not recorded: ${response instanceof Error ? response.message : `HTTP ${response.status}`}`);
      continue;
    }
    recorded++;
  }
  log(`prepare-demo: recorded ${recorded} payments in the sandbox freee (${plan.map((p) => p.kind).join(", ")})`);
}

/**
 * Reads the paid invoices and their payments back, as the worker's scheduled "due" sync does: every invoice due in the
 * last 120 days, in one list request (the incremental run re-reads only the last three billing months, which misses
 * the older backfilled invoices, and costs five). Without it the demo would open with paid invoices on the overdue list.
 */
async function syncPayments(db: Database, log: Log, accountingConnectionId: string): Promise<void> {
  const { getConnectionRow } = await import("@/db/queries/partners");
  const { getAccountingProvider } = await import("@/lib/integrations/accounting");
  const { syncAccounting } = await import("@/lib/sync-accounting/sync-accounting");
  const { createLogger } = await import("@/lib/logger");
  const connection = await getConnectionRow(db, accountingConnectionId);
  if (!connection) return;
  const provider = getAccountingProvider(connection, { db, timeoutMs: 20_000 });
  const summary = await syncAccounting({ db, connection, provider, mode: "due", log: createLogger({ component: "prepare-demo" }) });
  log(`prepare-demo: freee payments synced (${summary.objects.map((o) => `${o.object} ${o.records}${o.error ? ` ERROR ${o.error}` : ""}`).join(", ")})`);
}
