import type { Locale } from "./locale";

/** A text the domain code writes in both languages (draft issues, derivation steps, review errors). */
export type Localized = { ja: string; en: string };

/** The side of a bilingual text for the current locale. */
export function pickLocalized(text: Localized, locale: Locale): string {
  return locale === "en" ? text.en : text.ja;
}
