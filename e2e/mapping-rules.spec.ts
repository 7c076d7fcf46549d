import { expect, test } from "@playwright/test";
import { browserAs } from "./fixtures";

/** Mapping rules (admin): the page in Japanese, then in English from the settings link, with a dry run. */
test("the mapping-rules page shows English labels after switching, and its dry run English dates", async ({ browser, baseURL }) => {
  const context = await browserAs(browser, baseURL!, "admin");
  const page = await context.newPage();
  await page.goto("/settings/mapping");
  await expect(page.getByRole("heading", { name: "マッピングルール", exact: true })).toBeVisible();
  await expect(page.getByText("バージョン履歴")).toBeVisible();
  await expect(page.getByLabel("請求日")).toBeVisible();

  await page.goto("/settings");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("link", { name: /^Mapping rules \(items, tax categories, payment terms, templates\)/ }).click();
  await expect(page).toHaveURL(/\/settings\/mapping/);
  await expect(page.getByRole("heading", { name: "Mapping rules", exact: true })).toBeVisible();
  await expect(page.getByText(/^Mapping rules \(current v/)).toBeVisible();
  await expect(page.getByText("Version history")).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Saved" })).toBeVisible();
  await expect(page.getByLabel("Billing date")).toHaveValue(/close_date|end_of_close_month/);
  await expect(page.getByLabel("Billing date").locator("option")).toHaveText(["Close date", "End of the close month"]);
  await expect(page.getByLabel("Payment day").locator("option").first()).toHaveText("Last day");
  await expect(page.getByText("Four-eyes rule: the last person to edit a draft cannot approve it")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(/[ぁ-ゖ]/);

  await page.getByTestId("preview-rules").click();
  await expect(page.getByRole("status")).toContainText(/^Tried on .* \(nothing was saved\)\.$/);
  const preview = page.getByTestId("rules-preview");
  await expect(preview.getByRole("columnheader", { name: "Billing date / due date" })).toBeVisible();
  if ((await preview.locator("tbody tr").count()) > 0) {
    // Dates through the shared formatter: 27 Nov 2026 in English.
    await expect(preview.locator("tbody tr").first()).toContainText(/\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}/);
  }
  await page.screenshot({ path: "test-results/mapping-rules-en.png", fullPage: true });
  await context.close();
});
