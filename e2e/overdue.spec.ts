import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { AGING_BUCKETS, agingBucketOf, daysLate, overdueCutoff } from "../lib/overdue/aging";
import { browserAs, demoUser, e2eState, requestAs } from "./fixtures";

/**
 * The overdue list (未入金一覧) against the demo stack. The demo step posts past-due invoices across the four aging
 * buckets and owners and records some payments; the figures are checked against the SOURCE tables (deals, drafts,
 * accounting invoices) with the rule written out again here, so the read model, the service and the page are all
 * under test. Access for every role and signed out is proved by access.spec (pages and routes, table-driven) and the
 * action's permission by action-access.integration.test; this spec covers what a role sees and can do on the screen.
 */
type Totals = { count: number; amount: number; buckets: Record<string, { count: number; amount: number }> };

function todayJst(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

function db() {
  return postgres(e2eState().databaseUrl, { max: 1, onnotice: () => {} });
}

/** Unpaid posted invoices past the overdue cutoff, from the source tables; per aging bucket. */
async function totalsFromDatabase(ownerId: string | null = null): Promise<Totals> {
  const sql = db();
  try {
    const today = todayJst();
    const rows = await sql<{ due: string; outstanding: string }[]>`
      with current_draft as (
        select distinct on (x.crm_connection_id, x.deal_id) x.* from invoice_drafts x
        order by x.crm_connection_id, x.deal_id, (x.status = 'rejected'), x.created_at desc
      )
      select coalesce(ai.due_date, dr.due_date)::text as due,
        greatest(coalesce(ai.total_amount, dr.total, d.amount_yen, 0) - coalesce(ai.paid_amount, 0), 0) as outstanding
      from crm_deals d
      join hubspot_stages s on s.connection_id = d.connection_id and s.pipeline_id = d.pipeline_id and s.id = d.stage_id and s.kind = 'won'
      join current_draft dr on dr.crm_connection_id = d.connection_id and dr.deal_id = d.id and dr.status = 'posted'
      left join accounting_invoices ai on ai.connection_id = dr.accounting_connection_id and ai.id = dr.provider_invoice_id
      where d.archived_at is null and d.merged_into_id is null and (${ownerId}::text is null or d.owner_id = ${ownerId})
        and coalesce(ai.payment_status::text, 'unpaid') in ('unpaid', 'partially_paid')
        and coalesce(ai.due_date, dr.due_date) <= ${overdueCutoff(today)}::date
        and coalesce(ai.total_amount, dr.total, d.amount_yen, 0) - coalesce(ai.paid_amount, 0) > 0`;
    const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, { count: 0, amount: 0 }]));
    for (const r of rows) {
      const b = buckets[agingBucketOf(daysLate(r.due, today))]!;
      b.count += 1;
      b.amount += Number(r.outstanding);
    }
    return { count: rows.length, amount: rows.reduce((n, r) => n + Number(r.outstanding), 0), buckets };
  } finally {
    await sql.end();
  }
}

async function totalsOnPage(page: Page): Promise<Totals> {
  const read = async (testId: string) => {
    const el = page.getByTestId(testId);
    return { count: Number(await el.getAttribute("data-count")), amount: Number(await el.getAttribute("data-amount")) };
  };
  const total = await read("overdue-total");
  const buckets = Object.fromEntries(await Promise.all(AGING_BUCKETS.map(async (b) => [b, await read(`overdue-bucket-${b}`)] as const)));
  return { ...total, buckets };
}

/**
 * The worker may post more approved drafts (some past due) while the spec runs: re-read the page until it and the
 * database agree on a quiet moment.
 */
async function expectSummaryEqualsDatabase(page: Page, ownerId: string | null = null): Promise<void> {
  await expect(async () => {
    const expected = await totalsFromDatabase(ownerId);
    const shown = await totalsOnPage(page);
    if (JSON.stringify(shown) !== JSON.stringify(expected)) {
      await page.reload();
      await expect(page.getByTestId("overdue-table")).toBeVisible();
    }
    expect(await totalsOnPage(page)).toEqual(await totalsFromDatabase(ownerId));
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 5_000] });
}

async function salesOwnerId(): Promise<string> {
  const sql = db();
  const [user] = await sql<{ hubspot_owner_id: string | null }[]>`select hubspot_owner_id from users where email = ${demoUser("sales").email}`;
  await sql.end();
  expect(user?.hubspot_owner_id, "the demo sales user is linked to a HubSpot owner").toBeTruthy();
  return user!.hubspot_owner_id!;
}

test.describe.configure({ timeout: 150_000 });

test("finance: every overdue invoice, the summary equals the database, sorting and the CSV export", async ({ browser, baseURL }) => {
  const context = await browserAs(browser, baseURL!, "finance");
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto("/overdue");
  await expect(page.getByTestId("overdue-table")).toBeVisible();
  await expectSummaryEqualsDatabase(page);
  const totals = await totalsOnPage(page);
  expect(totals.count, "the demo has overdue invoices").toBeGreaterThan(0);
  expect(AGING_BUCKETS.filter((b) => totals.buckets[b]!.count > 0).length, "the demo spreads them over the aging buckets").toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId("overdue-range")).toHaveAttribute("data-total", String(totals.count));
  await expect(page.getByTestId("overdue-row")).toHaveCount(Math.min(totals.count, 50));

  // Default order: most days late first.
  const days = (await page.getByTestId("overdue-days-late").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-days")))));
  expect(days).toEqual([...days].sort((a, b) => b - a));
  // Sort by unpaid amount with the keyboard.
  await page.getByTestId("overdue-sort-amount").focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("th[aria-sort=descending]")).toContainText("未入金額");
  await expect(async () => {
    const amounts = await page.getByTestId("overdue-row").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-outstanding"))));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  }).toPass();
  await expect(page).toHaveURL(/sort=amount/);

  // A bucket card filters the list to its bucket.
  const oldest = AGING_BUCKETS.filter((b) => totals.buckets[b]!.count > 0).at(-1)!;
  await page.getByTestId(`overdue-bucket-${oldest}`).click();
  await expect(page.getByTestId(`overdue-bucket-${oldest}`)).toHaveAttribute("aria-pressed", "true");
  await expect(async () => expect(Number(await page.getByTestId("overdue-range").getAttribute("data-total"))).toBe(Number(await page.getByTestId(`overdue-bucket-${oldest}`).getAttribute("data-count")))).toPass();

  // CSV (no filters: every row): BOM, Japanese headers, one line per invoice.
  await expect(async () => {
    const response = await context.request.get("/api/overdue/export");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const body = await response.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString("utf8").slice(1).split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^会社名,商談名,請求書番号,請求日,支払期日,遅延日数,経過区分,未入金額/);
    expect(lines.length - 1).toBe((await totalsFromDatabase()).count);
  }).toPass({ timeout: 30_000 });
  await context.close();
});

test("sales: only their own overdue invoices; a follow-up they record shows in the list and is stored and audited", async ({ browser, baseURL }) => {
  const ownerId = await salesOwnerId();

  // The API enforces the scope even when asked for someone else's deals, the CSV too.
  const api = await requestAs(baseURL!, "sales");
  await expect(async () => {
    const list = (await (await api.get("/api/overdue?owner=someone-else")).json()) as { mine: boolean; total: number; items: { ownerId: string | null }[] };
    expect(list.mine).toBe(true);
    expect(list.items.length, "the demo sales user has overdue invoices").toBeGreaterThan(0);
    for (const item of list.items) expect(item.ownerId).toBe(ownerId);
    const csv = (await (await api.get("/api/overdue/export?owner=someone-else")).text()).slice(1).split("\r\n").filter(Boolean);
    expect(csv.length - 1).toBe(list.total);
  }).toPass({ timeout: 30_000 });
  // Someone else's deal: its follow-up history is not found for a sales user.
  const sql = db();
  const [other] = await sql<{ connection_id: string; deal_id: string }[]>`
    select connection_id, deal_id from board_deals where phase = 'posted' and owner_id <> ${ownerId} order by deal_id limit 1`;
  await sql.end();
  expect(other, "the demo has another owner's invoice").toBeTruthy();
  expect((await api.get(`/api/overdue/follow-ups?connectionId=${other!.connection_id}&dealId=${other!.deal_id}`)).status()).toBe(404);
  await api.dispose();

  const context = await browserAs(browser, baseURL!, "sales");
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto("/overdue");
  await expect(page.getByTestId("overdue-scope")).toContainText("自分の商談のみ");
  await expectSummaryEqualsDatabase(page, ownerId);
  const owners = await page.getByTestId("overdue-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-owner-id")));
  expect(owners.length).toBeGreaterThan(0);
  expect(new Set(owners)).toEqual(new Set([ownerId]));
  // Sales has no owner filter to pick someone else.
  await expect(page.getByTestId("overdue-owner")).toHaveCount(0);

  // Record a follow-up with the keyboard: open the row's dialog, fill the form, save.
  const row = page.getByTestId("overdue-row").first();
  const dealId = (await row.getAttribute("data-deal-id"))!;
  await row.getByTestId("overdue-open").focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("follow-up-dialog");
  await expect(dialog).toBeVisible();
  const memo = `経理ご担当に電話。来週振込予定との回答（e2e ${Date.now()}）`;
  await dialog.getByTestId("follow-up-channel-phone").check();
  await dialog.getByTestId("follow-up-memo").fill(memo);
  const promised = new Date(Date.now() + 9 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
  await dialog.getByTestId("follow-up-promised").fill(promised);
  await dialog.getByTestId("follow-up-submit").click();
  await expect(page.getByTestId("overdue-notice")).toContainText("記録しました");
  await expect(dialog).toBeHidden();

  const updated = page.locator(`[data-testid="overdue-row"][data-deal-id="${dealId}"]`);
  await expect(updated.getByTestId("overdue-last-contact")).toContainText(memo);
  await expect(updated.getByTestId("overdue-last-contact")).toContainText("電話");
  await expect(updated.getByTestId("overdue-promised")).toContainText(promised.replaceAll("-", "/"));
  await expect(updated.getByTestId("overdue-next")).toHaveAttribute("data-kind", "await_promise");

  // The history in the dialog, and the stored, audited row.
  await updated.getByTestId("overdue-open").click();
  await expect(page.getByTestId("follow-up-history")).toContainText(memo);
  await page.keyboard.press("Escape");
  const check = db();
  const [stored] = await check<{ id: string; created_by: string; channel: string; promised_on: string }[]>`
    select f.id, f.created_by, f.channel::text as channel, f.promised_on::text as promised_on from overdue_follow_ups f
    join users u on u.id = f.created_by where f.memo = ${memo} and u.email = ${demoUser("sales").email}`;
  expect(stored).toMatchObject({ channel: "phone", promised_on: promised });
  const [audit] = await check<{ n: string }[]>`select count(*) as n from audit_log where entity_type = 'overdue_follow_up' and entity_id = ${stored!.id} and action = 'overdue.follow_up'`;
  expect(Number(audit!.n)).toBe(1);
  await check.end();
  await context.close();
});

test("executive: reads the list but is not offered recording; signed out is sent to sign in", async ({ browser, baseURL }) => {
  const context = await browserAs(browser, baseURL!, "executive");
  const page = await context.newPage();
  await page.goto("/overdue");
  const first = page.getByTestId("overdue-row").first();
  await expect(first).toBeVisible();
  await expect(first.getByTestId("overdue-open")).toHaveText("履歴");
  await first.getByTestId("overdue-open").click();
  const dialog = page.getByTestId("follow-up-dialog");
  await expect(dialog).toContainText("閲覧のみの権限です");
  await expect(dialog.getByTestId("follow-up-form")).toHaveCount(0);
  await context.close();

  const anonymous = await requestAs(baseURL!, null);
  const pageResponse = await anonymous.get("/overdue", { maxRedirects: 0 });
  expect([303, 307, 308]).toContain(pageResponse.status());
  expect(pageResponse.headers()["location"]).toMatch(/\/login/);
  expect((await anonymous.get("/api/overdue/export", { maxRedirects: 0 })).status()).toBe(401);
  await anonymous.dispose();
});
