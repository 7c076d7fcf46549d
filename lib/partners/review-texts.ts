import { matchReasons, parseLegalFormDescription } from "@/lib/matching/match-reasons";
import type { LegalFormView } from "./review-screen";
import { syncErrors } from "./sync-errors";

/**
 * The review screen's stored texts in the reader's language. `t` is the `partners` translator (next-intl's
 * `useTranslations("partners")` or `getTranslations("partners")`). Pure, so the client component can call it.
 */
export type PartnersTranslate = (key: string, values?: Record<string, string | number>) => string;

/** 株式会社（前） / 株式会社 (before the name); `null` → the "no legal form" wording. */
export function legalFormText(form: LegalFormView | null, t: PartnersTranslate): string {
  if (!form) return t("legalForm.none");
  return t(`legalForm.${form.position ?? "middle"}`, { label: form.label });
}

const FORM_SLOTS = ["form", "crmForm", "partnerForm"] as const;

/** A stored match reason, localised; a text no template produced (older wording, a typo'd row) is shown as it is. */
export function matchReasonText(text: string, t: PartnersTranslate): string {
  const parsed = matchReasons.parse(text);
  if (!parsed) return text;
  const values: Record<string, string> = { ...parsed.values };
  for (const slot of FORM_SLOTS) {
    if (!(slot in values)) continue;
    const form = parseLegalFormDescription(values[slot]!);
    if (form !== undefined) values[slot] = legalFormText(form, t);
  }
  return t(`reasons.${parsed.key}`, values);
}

// A registration-number check reason reads "expected 13 digits after the T, got 12 (T以降の桁数が13桁ではありません)".
const TRAILING_JAPANESE = /^(.+?) \(([^()]*[\u3040-\u30ff\u4e00-\u9fff][^()]*)\)$/;

/** A stored sync error ("日本語 / English"), localised; an unknown text is shown whole. */
export function syncErrorText(text: string, t: PartnersTranslate, locale: "ja" | "en"): string {
  const parsed = syncErrors.parse(text);
  if (!parsed) return text;
  const values = { ...parsed.values };
  // The Japanese message keeps the reason whole, as stored; English drops its Japanese gloss.
  if (locale === "en" && values.reason) values.reason = TRAILING_JAPANESE.exec(values.reason)?.[1] ?? values.reason;
  return t(`syncErrors.${parsed.key}`, values);
}
