import { describe, expect, it } from "vitest";
import { fixedPostError, localizePostError, postErrorMessage } from "./post-error-message";

describe("post error messages", () => {
  it("stores the same texts as before (rows already in the database keep reading back)", () => {
    expect(fixedPostError("noConnection")).toBe("会計ソフトの接続がありません。設定で freee または Money Forward を接続してください。 / No accounting connection");
    expect(fixedPostError("noPartner")).toBe("取引先が紐付いていません。取引先を紐付けてから再送信してください。 / No partner linked");
    expect(postErrorMessage("validation", "partner_id が不正です。")).toBe("会計ソフトが請求書を受け付けませんでした: partner_id が不正です。");
    expect(postErrorMessage("unauthorized", "expired")).toBe("会計ソフトの接続の再認証が必要です（管理者に依頼してください）: expired");
    expect(postErrorMessage("excessive_access", "x")).toBe("会計ソフトのAPI制限のため待機中です（自動で再試行します）: x");
    expect(postErrorMessage("timeout", "x")).toBe("会計ソフトとの通信に失敗しました（照会してから自動で再試行します）: x");
  });

  it("reads a provider failure back in English, keeping the provider's own detail", () => {
    expect(localizePostError(postErrorMessage("validation", "partner_id が不正です。"), "en")).toBe("The accounting product did not accept the invoice: partner_id が不正です。");
    expect(localizePostError(postErrorMessage("quota", "plan limit"), "en")).toBe("The accounting product's plan limit was reached: plan limit");
    expect(localizePostError(postErrorMessage("server", "503"), "en")).toBe("Could not talk to the accounting product (it is checked, then retried automatically): 503");
  });

  it("shows each language alone for the poster's own failures", () => {
    expect(localizePostError(fixedPostError("noPartner"), "en")).toBe("No partner is linked. Link the partner, then retry posting.");
    expect(localizePostError(fixedPostError("noPartner"), "ja")).toBe("取引先が紐付いていません。取引先を紐付けてから再送信してください。");
    expect(localizePostError(fixedPostError("noConnection"), "en")).toMatch(/^No accounting product is connected/);
    expect(localizePostError(fixedPostError("noProviderFactory"), "en")).toBe("No accounting client is configured.");
  });

  it("keeps Japanese provider failures exactly as stored", () => {
    const stored = postErrorMessage("forbidden", "権限がありません");
    expect(localizePostError(stored, "ja")).toBe(stored);
  });

  it("shows unknown text as it is", () => {
    expect(localizePostError("draft 123 not found", "en")).toBe("draft 123 not found");
    expect(localizePostError("connection reset", "ja")).toBe("connection reset");
  });
});
