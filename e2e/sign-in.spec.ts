import { expect, test } from "@playwright/test";
import { demoUser } from "./fixtures";

test("admin signs in through the form and reaches settings", async ({ page }) => {
  const { email, password } = demoUser("admin");
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログイン" }).click();
  await expect(page).toHaveURL(/\/settings/);
  await expect(page.getByRole("heading", { name: "設定" })).toBeVisible();
  await expect(page.getByTestId(`user-row-${demoUser("finance").email}`)).toBeVisible();
  await page.screenshot({ path: "test-results/settings-ja.png", fullPage: true });

  // The English switch keeps the user on the page.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(page.getByRole("heading", { name: "設定" })).toBeVisible();
});

test("admin adds a sales user who can then sign in with only sales pages", async ({ page, browser, baseURL }) => {
  const { email, password } = demoUser("admin");
  await page.goto("/login");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログイン" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/settings");
  const newEmail = `new-sales-${Date.now()}@demo.kakehashi.jp`;
  await page.getByLabel("メールアドレス").fill(newEmail);
  await page.getByLabel("氏名").fill("新人 営業");
  await page.getByLabel("初期パスワード（10文字以上）").fill("new-sales-password");
  await page.getByRole("button", { name: "ユーザーを追加" }).click();
  await expect(page.getByTestId(`user-row-${newEmail}`)).toBeVisible();

  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  await other.goto("/login");
  await other.getByLabel("メールアドレス").fill(newEmail);
  await other.getByLabel("パスワード").fill("new-sales-password");
  await other.getByRole("button", { name: "ログイン" }).click();
  await expect(other).toHaveURL(/\/board/);
  const nav = other.getByRole("navigation", { name: "main" });
  await expect(nav.getByRole("link", { name: "パイプライン" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "設定" })).toHaveCount(0);
  await other.goto("/settings");
  await expect(other).toHaveURL(/\/forbidden/);
  await context.close();
});

test("wrong passwords are refused, then throttled", async ({ page }) => {
  await page.goto("/login");
  const email = `nobody-${Date.now()}@example.jp`;
  // Each attempt waits for its own server answer: the previous attempt's message is still on screen meanwhile.
  const attempt = async (password: string) => {
    await page.getByLabel("メールアドレス").fill(email);
    await page.getByLabel("パスワード").fill(password);
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
    await page.getByRole("button", { name: "ログイン" }).click();
    await answered;
    await expect(page.getByRole("button", { name: "ログイン" })).toBeEnabled();
  };
  for (let i = 0; i < 5; i++) {
    await attempt(`wrong-${i}`);
    await expect(page.getByTestId("login-error")).toContainText("正しくありません");
  }
  await attempt("wrong-again");
  await expect(page.getByTestId("login-error")).toContainText("しばらくログインできません");
});
