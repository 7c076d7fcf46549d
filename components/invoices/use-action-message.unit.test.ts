import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en/invoices.json";
import ja from "@/lib/i18n/messages/ja/invoices.json";
import { describeActionFailure, type ActionFailure } from "./use-action-message";

// The real message files, untyped like the app's (no global message types), so a missing key fails here.
const translator = (locale: "ja" | "en") => {
  const messages: AbstractIntlMessages = { invoices: locale === "ja" ? ja : en };
  return createTranslator({ locale, messages, namespace: "invoices" });
};

describe("describeActionFailure", () => {
  it("words the generic refusals in the screen's language", () => {
    const forbidden: ActionFailure = { ok: false, error: "forbidden", message: "この操作の権限がありません / You do not have permission for this action" };
    expect(describeActionFailure(forbidden, translator("en"))).toBe("You do not have permission for this action");
    expect(describeActionFailure(forbidden, translator("ja"))).toBe("この操作の権限がありません");
    expect(describeActionFailure({ ok: false, error: "unauthenticated", message: "…" }, translator("en"))).toBe("Please sign in");
  });

  it("translates the invoice actions' field messages and keeps unknown ones", () => {
    const invalid: ActionFailure = { ok: false, error: "invalid", message: "…", fieldErrors: { "edit.value": ["quantityPositive"], draftId: ["Invalid UUID"] } };
    expect(describeActionFailure(invalid, translator("en"))).toBe("Please check the input Quantity must be positive Invalid UUID");
    expect(describeActionFailure(invalid, translator("ja"))).toBe("入力内容を確認してください 数量は正の数 Invalid UUID");
  });

  it("shows a service refusal as the server worded it (already in the request's locale)", () => {
    expect(describeActionFailure({ ok: false, error: "failed", message: "Draft not found" }, translator("ja"))).toBe("Draft not found");
  });
});
