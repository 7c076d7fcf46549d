import { expect, test, type Page } from "@playwright/test";
import { browserAs, e2eState } from "./fixtures";

/**
 * 名寄せ review as finance: confirm a suggested match, and create a new partner for an unmatched company — which the
 * worker then creates in the sandbox freee and writes back to the HubSpot company.
 */

async function openTab(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation", { name: "名寄せの状態" }).getByRole("link", { name: new RegExp(`^${label}`) }).click();
  await expect(page.getByRole("navigation", { name: "名寄せの状態" }).getByRole("link", { name: new RegExp(`^${label}`) })).toHaveAttribute("aria-current", "page");
}

async function searchCompany(page: Page, name: string): Promise<void> {
  await page.getByRole("textbox", { name: "会社名で検索" }).fill(name);
  await page.getByRole("form", { name: "会社を検索" }).getByRole("button", { name: "検索" }).click();
  await expect(page).toHaveURL(/q=/);
}

test("finance confirms a suggested match and creates a new partner for an unmatched company", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const context = await browserAs(browser, baseURL!, "finance");
  const page = await context.newPage();
  await page.goto("/partners");
  await expect(page.getByRole("heading", { name: "取引先の名寄せ" })).toBeVisible();

  // The demo preparation usually ran the matching already; otherwise run it here and wait for the job.
  const status = page.getByLabel("名寄せの実行状況");
  if ((await status.textContent())?.includes("まだ名寄せを実行していません")) {
    await page.getByRole("button", { name: "名寄せを実行" }).click();
  }
  await expect(status).toContainText("完了", { timeout: 60_000 });

  // 1. Confirm a suggestion that needs a person (fall back to an automatic one if the seed has none).
  await openTab(page, "要確認");
  if ((await page.getByRole("article").count()) === 0) await openTab(page, "自動一致");
  const suggestion = page.getByRole("article").first();
  const suggestedCompany = (await suggestion.getAttribute("data-company-id"))!;
  await expect(suggestion.getByText("会計ソフトの取引先")).toBeVisible();
  await suggestion.getByRole("button", { name: "確定" }).click();
  await expect(page.locator(`article[data-company-id="${suggestedCompany}"]`)).toHaveCount(0);
  await openTab(page, "紐付け済み");
  await searchCompany(page, suggestedCompany);
  await expect(page.locator(`article[data-company-id="${suggestedCompany}"]`)).toContainText("紐付け済み");

  // 2. Create a new partner for an unmatched company.
  await page.goto("/partners?tab=unmatched");
  const unmatched = page.getByRole("article").first();
  const newCompany = (await unmatched.getAttribute("data-company-id"))!;
  await expect(unmatched).toContainText("一致する取引先がありません");
  await unmatched.getByRole("button", { name: "新規作成" }).click();
  await expect(page.locator(`article[data-company-id="${newCompany}"]`)).toHaveCount(0);

  await page.goto(`/partners?tab=linked&q=${encodeURIComponent(newCompany)}`);
  const created = page.locator(`article[data-company-id="${newCompany}"]`);
  await expect(created).toContainText("新規作成");
  // The worker runs partners.sync-company: the partner appears (no longer 作成待ち) and is synced.
  await expect(async () => {
    await page.reload();
    await expect(created).toContainText("同期済み", { timeout: 1_000 });
    await expect(created).not.toContainText("会計ソフトに作成待ち", { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });

  // The partner id went back to the HubSpot company (sandbox private-app token).
  const { sandbox } = e2eState();
  const writtenBack = async () => {
    const res = await fetch(`${sandbox.hubspot}/crm/v3/objects/companies/${newCompany}?properties=kakehashi_partner_id`, { headers: { authorization: "Bearer pat-sandbox-0000" } });
    if (!res.ok) return null;
    const body = (await res.json()) as { properties: Record<string, string | null> };
    return body.properties.kakehashi_partner_id ?? null;
  };
  await expect.poll(writtenBack, { timeout: 60_000 }).toMatch(/^\d+$/);
  await expect(created).toContainText((await writtenBack())!);
  await page.screenshot({ path: "test-results/partners-review.png", fullPage: true });
  await context.close();
});

test("after switching to English the review screen shows English labels and match reasons", async ({ browser, baseURL }) => {
  const context = await browserAs(browser, baseURL!, "finance");
  const page = await context.newPage();
  await page.goto("/partners");
  await expect(page.getByRole("heading", { name: "取引先の名寄せ" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();

  await expect(page.getByRole("heading", { name: "Partner matching" })).toBeVisible();
  const tabs = page.getByRole("navigation", { name: "Matching status" });
  for (const label of ["Needs review", "Auto match", "Unmatched", "Linked", "Sync errors"]) {
    await expect(tabs.getByRole("link", { name: new RegExp(`^${label} \\(\\d+\\)$`) })).toBeVisible();
  }
  await expect(page.getByLabel("Matching run status")).toContainText(/^(Last matching run: (Queued|Running|Done|Failed)|Matching has not been run yet)/);
  await expect(page.getByRole("textbox", { name: "Search by company name" })).toBeVisible();

  // A company with a suggestion or none at all: side by side, its reasons and its decisions in English.
  for (const tab of ["review", "auto", "unmatched"]) {
    await page.goto(`/partners?tab=${tab}`);
    if ((await page.getByRole("article").count()) > 0) break;
  }
  const item = page.getByRole("article").first();
  await expect(item.getByText("HubSpot company", { exact: true })).toBeVisible();
  await expect(item.getByText("Accounting partner", { exact: true })).toBeVisible();
  await expect(item.getByText("Legal form", { exact: true }).first()).toBeVisible();
  await expect(item.getByRole("button", { name: "Pick another partner" })).toBeVisible();
  await expect(item.getByRole("button", { name: "Create new" })).toBeVisible();
  const reasons = item.getByRole("list", { name: "Matching reasons" }).getByRole("listitem");
  expect(await reasons.count()).toBeGreaterThan(0);
  // Reasons are stored once, in the matcher's wording; the screen words them (capitalised, legal forms spelled out).
  for (const reason of await reasons.allTextContents()) {
    expect(reason).toMatch(/^[A-Z法]/);
    expect(reason).not.toMatch(/前 \(before\)|後 \(after\)/);
  }
  await expect(page.locator("main")).not.toContainText("要確認");
  await page.screenshot({ path: "test-results/partners-review-en.png", fullPage: true });
  await context.close();
});
