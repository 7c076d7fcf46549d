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
  it("shows the action's message as worded by the server, with the invoice actions' field messages translated", () => {
    const invalid: ActionFailure = { ok: false, error: "invalid", message: "Please check the input", fieldErrors: { "edit.value": ["quantityPositive"], draftId: ["Invalid UUID"] } };
    expect(describeActionFailure(invalid, translator("en"))).toBe("Please check the input Quantity must be positive Invalid UUID");
    const ja: ActionFailure = { ...invalid, message: "入力内容を確認してください" };
    expect(describeActionFailure(ja, translator("ja"))).toBe("入力内容を確認してください 数量は正の数 Invalid UUID");
    expect(describeActionFailure({ ok: false, error: "forbidden", message: "この操作の権限がありません" }, translator("ja"))).toBe("この操作の権限がありません");
  });

  it("shows a service refusal as the server worded it (already in the request's locale)", () => {
    expect(describeActionFailure({ ok: false, error: "failed", message: "Draft not found" }, translator("ja"))).toBe("Draft not found");
  });
});
