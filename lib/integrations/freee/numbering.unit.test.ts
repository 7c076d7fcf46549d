import { describe, expect, it } from "vitest";
import { AccountingError } from "@/lib/integrations/accounting/errors";
import { isNumberingRefusal } from "./client";

const refusal = (messages: string[], status = 400, code: "validation" | "server" = "validation") =>
  new AccountingError({ code, message: `freee ${status}: ${messages.join(" / ")}`, status, providerMessages: messages });

describe("isNumberingRefusal", () => {
  it("recognises 自動採番 refusing our number when we sent one (manual)", () => {
    expect(isNumberingRefusal(refusal(["自動採番が有効なため invoice_number は指定できません。"]), "manual")).toBe(true);
    expect(isNumberingRefusal(refusal(["invoice_number is not allowed when automatic numbering is enabled"]), "manual")).toBe(true);
  });

  it("recognises 手動採番 requiring a number when we sent none (auto)", () => {
    expect(isNumberingRefusal(refusal(["invoice_number は必須です。"]), "auto")).toBe(true);
    expect(isNumberingRefusal(refusal(["請求書番号を入力してください"]), "auto")).toBe(true);
  });

  it("does not take other refusals of the number, or other errors, for a mode mismatch", () => {
    expect(isNumberingRefusal(refusal(["invoice_number は必須です。"]), "manual")).toBe(false);
    expect(isNumberingRefusal(refusal(["invoice_number は既に使用されています。"]), "manual")).toBe(false);
    expect(isNumberingRefusal(refusal(["invoice_number は255文字以内で入力してください。"]), "manual")).toBe(false);
    expect(isNumberingRefusal(refusal(["partner_id が不正です。"]), "auto")).toBe(false);
    expect(isNumberingRefusal(refusal(["自動採番が有効なため invoice_number は指定できません。"], 500, "server"), "manual")).toBe(false);
    expect(isNumberingRefusal(new Error("自動採番 invoice_number 指定できません"), "manual")).toBe(false);
  });
});
