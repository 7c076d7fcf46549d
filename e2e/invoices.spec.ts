import { expect, test, type Page } from "@playwright/test";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { browserAs, e2eState, requestAs } from "./fixtures";

/**
 * Finance's path through issue 6 against the running stack: a won deal (written into the CRM mirror the way the sync
 * writes it, linked to a sandbox freee partner) → the draft job → the queue → the detail → a corrected line →
 * approval → posted to the sandbox freee with its number. Sales cannot reach the queue; roles without
 * invoices.approve get no approve button (the server-side refusal is covered by action-access.integration.test.ts).
 *
 * Needs from the demo preparation: the HubSpot connection (prepareDemo) and an active sandbox freee connection.
 */
const stamp = Date.now().toString(36);
const dealName = `E2E請求テスト ${stamp}`;
let draftId: string | null = null;
let partnerName = "";

test.describe.configure({ mode: "serial" });

// eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(150_000);
  const state = e2eState();
  const sql = postgres(state.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [hubspot] = await sql<{ id: string }[]>`select id from connections where provider = 'hubspot' order by created_at limit 1`;
    const [freee] = await sql<{ id: string; external_account_id: string }[]>`select id, external_account_id from connections where provider = 'freee' and status = 'active' order by created_at limit 1`;
    expect(hubspot, "prepareDemo must connect the sandbox HubSpot portal").toBeTruthy();
    expect(freee, "the demo preparation must connect the sandbox freee company (accounting step)").toBeTruthy();

    // A freee partner not yet linked to any company (one confirmed link per partner).
    const token = ((await (await fetch(`${state.sandbox.freee}/_sandbox/tokens`, { method: "POST" })).json()) as { access_token: string }).access_token;
    const partners = (await (
      await fetch(`${state.sandbox.freee}/api/1/partners?company_id=${freee!.external_account_id}&limit=200`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { partners: { id: number; name: string }[] };
    const linked = new Set((await sql<{ partner_id: string }[]>`select partner_id from partner_links where status = 'confirmed'`).map((r) => r.partner_id));
    const partner = partners.partners.find((p) => !linked.has(String(p.id)));
    expect(partner, "a free sandbox freee partner").toBeTruthy();
    partnerName = partner!.name;

    const companyId = `e2e-company-${stamp}`;
    const dealId = `e2e-deal-${stamp}`;
    await sql`insert into crm_companies (connection_id, id, name) values (${hubspot!.id}, ${companyId}, ${partner!.name})`;
    await sql`insert into crm_deals (connection_id, id, name, amount, amount_yen, currency, stage_id, close_date, company_id)
      values (${hubspot!.id}, ${dealId}, ${dealName}, '30000', 30000, 'JPY', 'closedwon', '2026-10-15', ${companyId})`;
    await sql`insert into crm_line_items (connection_id, id, deal_id, name, quantity, unit_price, tax_rate)
      values (${hubspot!.id}, ${`${dealId}-li1`}, ${dealId}, '導入支援', '3', '10000', 10)`;
    await sql`insert into partner_links (crm_connection_id, company_id, accounting_connection_id, partner_id, method, status, decided_at)
      values (${hubspot!.id}, ${companyId}, ${freee!.id}, ${String(partner!.id)}, 'manual', 'confirmed', now())`;
    const [event] = await sql<{ id: string }[]>`insert into deal_won_events (connection_id, deal_id, stage_id, entered_at)
      values (${hubspot!.id}, ${dealId}, 'closedwon', now()) returning id`;

    const boss = new PgBoss({ connectionString: state.databaseUrl, max: 1 });
    await boss.start();
    // Ahead of the demo portal's own won deals, which the initial sync queued by the hundred.
    await boss.send("invoicing.draft-from-won-deal", { wonEventId: event!.id }, { priority: 10 });
    await boss.stop({ graceful: false });

    for (let i = 0; i < 180 && !draftId; i++) {
      const [row] = await sql<{ id: string }[]>`select id from invoice_drafts where won_event_id = ${event!.id}`;
      draftId = row?.id ?? null;
      if (!draftId) await new Promise((r) => setTimeout(r, 500));
    }
    expect(draftId, "the worker drafted the won deal").toBeTruthy();
  } finally {
    await sql.end();
  }
});

/**
 * Japanese (kana, kanji, full-width forms) left in the page's main area once the data is taken out: elements marked
 * translate="no" (names, subjects, reasons people typed) and the given data strings (the deal and company names in the
 * page header and inside English sentences).
 */
async function leftoverJapanese(page: Page, data: string[]): Promise<string[]> {
  const text = await page.locator("main").evaluate((main) => {
    const clone = main.cloneNode(true) as HTMLElement;
    for (const element of clone.querySelectorAll('[translate="no"]')) element.remove();
    return clone.textContent ?? "";
  });
  const rest = data.reduce((t, d) => t.split(d).join(" "), text);
  return rest.match(/[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+/g) ?? [];
}

test("after switching to English, the queue and a draft show English labels and no Japanese other than data", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const context = await browserAs(browser, baseURL!, "finance");
  const page = await context.newPage();
  await page.goto("/invoices");
  await expect(page.getByRole("heading", { name: "請求書の承認" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();

  await expect(page.getByRole("heading", { name: "Invoice approval" })).toBeVisible();
  const queue = page.getByTestId("invoice-queue");
  for (const column of ["Deal", "Partner", "Owner", "Billing date", "Due date", "Total (tax-inclusive)", "Status", "Invoice number"]) {
    await expect(queue.getByRole("columnheader", { name: column, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId("queue-totals")).toContainText("Subtotal (tax-exclusive)");
  await expect(page.getByTestId("bulk-approve")).toHaveText("Approve 0 selected");
  await expect(page.getByLabel("Status")).toContainText("Awaiting approval");
  const ours = page.getByTestId("queue-row").filter({ hasText: dealName });
  await expect(ours.getByTestId("draft-status")).toHaveText("Awaiting approval");
  await expect(ours).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}/); // dates through lib/format, in English
  expect(await leftoverJapanese(page, [dealName, partnerName])).toEqual([]);

  await ours.getByRole("link", { name: dealName }).click();
  await expect(page).toHaveURL(new RegExp(`/invoices/${draftId}`));
  await expect(page.getByTestId("draft-status")).toHaveText("Awaiting approval");
  for (const title of ["Deal (HubSpot)", "Invoice draft", "Breakdown by tax rate", "Due date calculation", "Checks", "History"]) {
    await expect(page.getByRole("heading", { name: title, exact: true })).toBeVisible();
  }
  await expect(page.getByText("← Back to the approval queue")).toBeVisible();
  await expect(page.getByTestId("draft-lines")).toContainText(/Unit price \((ex|in)cl\. tax\)/);
  await expect(page.getByTestId("tax-summary")).toContainText("Consumption tax");
  await expect(page.getByTestId("due-derivation")).toContainText("Billing date");
  await expect(page.getByTestId("draft-history")).toContainText("Draft created");
  await expect(page.getByTestId("approve")).toHaveText("Approve");
  await page.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(page.getByLabel("Reason for rejection")).toBeVisible();
  await expect(page.getByLabel("Create a HubSpot task for the deal owner")).toBeChecked();
  await page.getByTestId("edit-line").first().click();
  await expect(page.getByLabel("Quantity")).toBeVisible();
  await expect(page.getByLabel("Tax rate")).toContainText("8% (reduced)");
  expect(await leftoverJapanese(page, [dealName, partnerName])).toEqual([]);
  // Saving without a change answers in English and leaves the draft as it was for the Japanese test below.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("No changes.")).toBeVisible();
  await expect(page.getByTestId("draft-total")).toHaveText("¥33,000");
  await page.screenshot({ path: "test-results/invoice-draft-en.png", fullPage: true });
  await context.close();
});

test("finance inspects a draft, corrects a line, approves, and sees it posted with its number", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const context = await browserAs(browser, baseURL!, "finance");
  const page = await context.newPage();
  await page.goto("/invoices");
  await expect(page.getByRole("heading", { name: "請求書の承認" })).toBeVisible();
  await expect(page.getByTestId("queue-totals")).toBeVisible();
  await page.getByRole("link", { name: dealName }).click();
  await expect(page).toHaveURL(new RegExp(`/invoices/${draftId}`));

  // Inspect: deal and draft side by side, the per-rate table, how the due date was derived.
  await expect(page.getByTestId("deal-side")).toContainText(dealName);
  await expect(page.getByTestId("draft-status")).toHaveText("承認待ち");
  await expect(page.getByTestId("tax-summary")).toContainText("10%");
  await expect(page.getByTestId("draft-total")).toHaveText("¥33,000");
  await expect(page.getByTestId("due-derivation")).toContainText("締め");

  // Correct the line: 3 → 4 units. Totals are recomputed (tax once per rate) and the deal-amount check warns.
  await page.getByTestId("edit-line").first().click();
  await page.getByLabel("数量").fill("4");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByTestId("draft-total")).toHaveText("¥44,000");
  await expect(page.getByText("手動修正").first()).toBeVisible();
  await expect(page.getByTestId("draft-history")).toContainText("手動修正");

  // Approve → the posting job runs → the page refreshes itself until the number is there.
  await page.getByTestId("approve").click();
  await expect(page.getByTestId("draft-status")).toHaveText("登録済み", { timeout: 60_000 });
  await expect(page.getByTestId("invoice-number")).toContainText(/請求書番号: \S+/);
  await expect(page.getByTestId("draft-history")).toContainText("会計ソフトに登録");
  await page.screenshot({ path: "test-results/invoice-posted-ja.png", fullPage: true });
  await context.close();
});

test("sales cannot open the approval queue; admin can view but gets no approve button", async ({ browser, baseURL }) => {
  const sales = await requestAs(baseURL!, "sales");
  for (const path of ["/invoices", `/invoices/${draftId}`]) {
    const response = await sales.get(path, { maxRedirects: 0 });
    expect([303, 307, 308]).toContain(response.status());
    expect(response.headers()["location"] ?? "").toMatch(/\/forbidden/);
  }
  await sales.dispose();

  const context = await browserAs(browser, baseURL!, "admin");
  const page = await context.newPage();
  await page.goto(`/invoices/${draftId}`);
  await expect(page.getByTestId("draft-status")).toBeVisible();
  await expect(page.getByTestId("approve")).toHaveCount(0);
  await page.goto("/invoices?status=all");
  await expect(page.getByTestId("bulk-approve")).toHaveCount(0);
  await context.close();
});
