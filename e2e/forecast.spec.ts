import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import type { ForecastData } from "../lib/forecast/types";
import { browserAs, e2eState, requestAs } from "./fixtures";

/**
 * The cash forecast against the demo stack (sandbox seed 42, prepared by prepare-demo: freee invoices and payments,
 * drafts, posted invoices). The table's totals are checked against the SOURCE tables with the forecast's rules written
 * out again in SQL here: money received in the window, and every yen still owed on posted invoices (shown as invoiced,
 * overdue, after the horizon or undated); won and open deals are all accounted for (placed or listed as left out).
 */
function todayJst(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

/** The first day of the month three months before this one (the default window of actuals). */
function windowStart(today: string): string {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - 3, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

async function fromDatabase(): Promise<{ received: number; owed: number; wonDeals: number; openDeals: number }> {
  const sql = postgres(e2eState().databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const today = todayJst();
    const from = windowStart(today);
    const [r] = await sql<{ payments: string | null; unexplained: string | null }[]>`
      select (select sum(amount) from accounting_payments where paid_on between ${from}::date and ${today}::date) as payments,
        (select sum(ai.paid_amount - coalesce(p.paid, 0)) from accounting_invoices ai
           left join (select connection_id, invoice_id, sum(amount) as paid from accounting_payments group by 1, 2) p on p.connection_id = ai.connection_id and p.invoice_id = ai.id
           where ai.payment_status <> 'cancelled' and ai.paid_amount > coalesce(p.paid, 0)
             and least(coalesce(ai.last_paid_on, ai.due_date, ai.billing_date, ${today}::date), ${today}::date) between ${from}::date and ${today}::date) as unexplained`;
    const [o] = await sql<{ mirrored: string | null; unmirrored: string | null }[]>`
      select (select sum(total_amount - paid_amount) from accounting_invoices where payment_status in ('unpaid', 'partially_paid') and total_amount > paid_amount) as mirrored,
        (select sum(x.total) from invoice_drafts x where x.status = 'posted' and coalesce(x.posted_at, x.created_at) >= now() - interval '90 days'
           and not exists (select 1 from accounting_invoices ai where ai.connection_id = x.accounting_connection_id and ai.id = x.provider_invoice_id)) as unmirrored`;
    const [w] = await sql<{ n: string }[]>`select count(*) as n from board_deals where phase = 'won'`;
    const [p] = await sql<{ n: string }[]>`
      select count(*) as n from crm_deals d join hubspot_stages s on s.connection_id = d.connection_id and s.pipeline_id = d.pipeline_id and s.id = d.stage_id
      where s.kind = 'open' and d.archived_at is null and d.merged_into_id is null`;
    return {
      received: Number(r?.payments ?? 0) + Number(r?.unexplained ?? 0),
      owed: Number(o?.mirrored ?? 0) + Number(o?.unmirrored ?? 0),
      wonDeals: Number(w?.n ?? 0),
      openDeals: Number(p?.n ?? 0),
    };
  } finally {
    await sql.end();
  }
}

async function footer(page: Page, row: "total" | "beyond", series: string): Promise<number> {
  return Number(await page.getByTestId(`forecast-${row}-${series}`).getAttribute("data-amount"));
}

test("executive: chart and table on the demo data, totals equal to the database", async ({ browser, baseURL }, testInfo) => {
  const context = await browserAs(browser, baseURL!, "executive");
  // Server-rendered: the table's figures are in the first HTML, before any client fetch.
  const html = await (await context.request.get("/forecast")).text();
  expect(html).toContain('data-testid="forecast-table"');
  expect(html).toContain("資金繰り予測");

  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/forecast");
  await expect(page.getByTestId("forecast-chart").locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("forecast-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("forecast-table").locator("tbody tr")).toHaveCount(9);
  await expect(page.getByTestId("data-as-of")).toContainText("HubSpot");
  await expect(page.getByRole("columnheader", { name: "期日超過（未入金）" })).toBeVisible();

  // The worker may still be posting and syncing: compare until the page, the API and the database agree.
  await expect(async () => {
    await page.reload();
    const db = await fromDatabase();
    const api = (await (await context.request.get("/api/forecast")).json()) as ForecastData;
    expect(await footer(page, "total", "received")).toBe(db.received);
    expect(await footer(page, "total", "received")).toBe(api.totals.received);
    const owed = (await footer(page, "total", "invoiced")) + (await footer(page, "total", "overdue")) + (await footer(page, "beyond", "invoiced")) + api.notes.undatedInvoices.amount;
    expect(owed).toBe(db.owed);
    expect(api.totals.counts.won + api.notes.beyond.counts.won + api.notes.staleWon.count).toBe(db.wonDeals);
    expect(api.totals.counts.pipeline + api.notes.beyond.counts.pipeline + api.notes.stalePipeline.count + api.notes.undatedPipeline.count).toBe(db.openDeals);
    expect(await footer(page, "total", "total")).toBe(api.totals.total);
  }).toPass({ timeout: 45_000 });

  // The demo has money in every tier.
  for (const series of ["received", "invoiced", "overdue", "won", "pipeline"]) expect(await footer(page, "total", series), series).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath("forecast.png"), fullPage: true });

  // Weekly view and the pipeline switch go through /api/forecast without a reload.
  await page.getByTestId("forecast-view").selectOption("week");
  await expect(page.getByTestId("forecast-table").locator("tbody tr")).toHaveCount(17);
  await expect(page).toHaveURL(/view=week/);
  await page.getByTestId("forecast-include-pipeline").uncheck();
  await expect(page.getByTestId("forecast-total-pipeline")).toHaveAttribute("data-amount", "0");
  await context.close();
});

test("sales is refused: the page sends to /forbidden, the API answers 403", async ({ browser, baseURL }) => {
  const context = await browserAs(browser, baseURL!, "sales");
  const page = await context.newPage();
  await page.goto("/forecast");
  await expect(page).toHaveURL(/\/forbidden/);
  await context.close();

  const sales = await requestAs(baseURL!, "sales");
  expect((await sales.get("/api/forecast")).status()).toBe(403);
  await sales.dispose();
  const anonymous = await requestAs(baseURL!, null);
  expect((await anonymous.get("/api/forecast", { maxRedirects: 0 })).status()).toBe(401);
  await anonymous.dispose();
});
