import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en/partners.json";
import ja from "@/lib/i18n/messages/ja/partners.json";
import { slotsOf } from "@/lib/i18n/text-templates";
import { matchReasons } from "@/lib/matching/match-reasons";
import { PARTNER_REVIEW_ERROR_CODES } from "./review-links";
import { legalFormText, matchReasonText, syncErrorText, type PartnersTranslate } from "./review-texts";
import { syncErrors } from "./sync-errors";

const translators: Record<"ja" | "en", PartnersTranslate> = {
  ja: createTranslator({ locale: "ja", messages: { partners: ja }, namespace: "partners" }) as PartnersTranslate,
  en: createTranslator({ locale: "en", messages: { partners: en }, namespace: "partners" }) as PartnersTranslate,
};

/** The ICU argument names of a message (select branches repeat them). */
const argsOf = (message: string) => new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => m[1]!));

describe("stored texts on the review screen", () => {
  it("every match reason and sync error has a message in both languages that needs only the stored values", () => {
    for (const [group, templates] of [["reasons", matchReasons.templates], ["syncErrors", syncErrors.templates]] as const) {
      for (const [key, template] of Object.entries(templates)) {
        for (const messages of [ja, en]) {
          const message = (messages[group] as Record<string, string>)[key];
          expect(message, `${group}.${key}`).toBeTypeOf("string");
          for (const arg of argsOf(message!)) expect(slotsOf(template), `${group}.${key} uses {${arg}}`).toContain(arg);
        }
      }
    }
  });

  it("every refusal of a review decision has a message in both languages", () => {
    for (const code of PARTNER_REVIEW_ERROR_CODES) {
      expect(ja.errors, code).toHaveProperty(code);
      expect(en.errors, code).toHaveProperty(code);
    }
    expect(translators.en("errors.partnerTaken", { companyId: "20000000001" })).toBe("This partner is already linked to HubSpot company 20000000001");
  });

  it("shows a match reason in the reader's language, legal forms included", () => {
    const reason = matchReasons.format("formDifferent", { crmForm: "株式会社 前 (before)", partnerForm: "有限会社 後 (after)" });
    expect(matchReasonText(reason, translators.ja)).toBe("法人格が異なる（HubSpot: 株式会社（前）、取引先: 有限会社（後））");
    expect(matchReasonText(reason, translators.en)).toBe("Different legal form (HubSpot: 株式会社 (before the name), partner: 有限会社 (after the name))");

    const missing = matchReasons.format("formMissing", { crmForm: "no legal form", partnerForm: "Co., Ltd. 後 (after)" });
    expect(matchReasonText(missing, translators.ja)).toBe("一方にだけ法人格がある（HubSpot: 法人格なし、取引先: Co., Ltd.（後））");

    const number = matchReasons.format("identifierMatch", { number: "1234567890123" });
    expect(matchReasonText(number, translators.ja)).toBe("法人番号 1234567890123 が取引先の登録番号 T1234567890123 と一致");
    expect(matchReasonText(number, translators.en)).toBe("法人番号 (corporate number) 1234567890123 equals the partner's registration number T1234567890123");
  });

  it("names the side of an ignored number", () => {
    expect(matchReasonText(matchReasons.format("numberNot13Digits", { side: "CRM", raw: "12345" }), translators.ja)).toBe("HubSpot の会社の番号「12345」は13桁でないため無視");
    expect(matchReasonText(matchReasons.format("numberNot13Digits", { side: "partner", raw: "T12" }), translators.en)).toBe("Accounting partner number “T12” is not 13 digits: ignored");
  });

  it("shows a reason no template produced as it is", () => {
    expect(matchReasonText("an older wording", translators.en)).toBe("an older wording");
    expect(syncErrorText("something else went wrong", translators.ja, "ja")).toBe("something else went wrong");
  });

  it("shows the Japanese half of a stored sync error exactly, and English in English", () => {
    const samples = {
      registrationInvalid: { input: "T123", reason: "expected 13 digits after the T, got 3 (T以降の桁数が13桁ではありません)", url: "https://app.hubspot.com/contacts/1/company/9" },
      partnerMissing: { partnerId: "101" },
      partnerWithoutCode: { name: "山田商事株式会社", partnerId: "101" },
      codeMismatch: { code: "C-9", otherPartnerId: "202", partnerId: "101" },
    } as const;
    for (const [key, values] of Object.entries(samples) as [keyof typeof samples, Record<string, string>][]) {
      const stored = syncErrors.format(key, values);
      const [japanese, english] = stored.split(" / The ").length === 2 ? stored.split(" / The ") : stored.split(" / ");
      expect(syncErrorText(stored, translators.ja, "ja"), key).toBe(japanese);
      expect(syncErrorText(stored, translators.en, "en"), key).not.toMatch(/[\u3040-\u30ff]/);
      expect(english).toBeTruthy();
    }
    expect(syncErrorText(syncErrors.format("registrationInvalid", samples.registrationInvalid), translators.en, "en")).toBe(
      "The registration number “T123” is invalid (expected 13 digits after the T, got 3), so the partner was not synced. Fix it in HubSpot: https://app.hubspot.com/contacts/1/company/9",
    );
    const refused = syncErrors.format("refused", { detail: "code is already used" });
    expect(syncErrorText(refused, translators.ja, "ja")).toBe("会計ソフトが取引先の登録を拒否しました: code is already used");
    expect(syncErrorText(refused, translators.en, "en")).toBe("The accounting product refused the partner: code is already used");
  });

  it("words a legal form with its position", () => {
    expect(legalFormText({ label: "株式会社", position: "before" }, translators.ja)).toBe("株式会社（前）");
    expect(legalFormText({ label: "株式会社", position: null }, translators.ja)).toBe("株式会社");
    expect(legalFormText({ label: "株式会社", position: "after" }, translators.en)).toBe("株式会社 (after the name)");
    expect(legalFormText(null, translators.en)).toBe("no legal form");
  });
});
