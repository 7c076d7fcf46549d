import type { Localized } from "@/lib/i18n/pick-localized";
import type { Locale } from "@/lib/i18n/locale";
import type { AccountingErrorCode } from "@/lib/integrations/accounting/errors";

/**
 * Why posting failed, as stored on the draft (`last_post_error`), its attempt and the audit row. The stored text is
 * unchanged (Japanese first; the board and the audit trail show it as stored); `localizePostError` reads it back in
 * the invoice screen's language. Writer and reader share one table, so they cannot drift.
 */
const FIXED = {
  noConnection: {
    stored: "会計ソフトの接続がありません。設定で freee または Money Forward を接続してください。 / No accounting connection",
    ja: "会計ソフトの接続がありません。設定で freee または Money Forward を接続してください。",
    en: "No accounting product is connected. Connect freee or Money Forward in the settings.",
  },
  noPartner: {
    stored: "取引先が紐付いていません。取引先を紐付けてから再送信してください。 / No partner linked",
    ja: "取引先が紐付いていません。取引先を紐付けてから再送信してください。",
    en: "No partner is linked. Link the partner, then retry posting.",
  },
  noProviderFactory: {
    stored: "会計ソフトのクライアントが設定されていません / no accounting provider factory is configured",
    ja: "会計ソフトのクライアントが設定されていません",
    en: "No accounting client is configured.",
  },
} as const satisfies Record<string, Localized & { stored: string }>;

export type FixedPostError = keyof typeof FIXED;

type PrefixKind = "validation" | "reauthorize" | "forbidden" | "quota" | "rate_limited" | "other";

/** "<prefix>: <provider detail>"; the detail is the provider's own message and is shown as it came. */
const PREFIXES: Record<PrefixKind, Localized> = {
  validation: { ja: "会計ソフトが請求書を受け付けませんでした", en: "The accounting product did not accept the invoice" },
  reauthorize: { ja: "会計ソフトの接続の再認証が必要です（管理者に依頼してください）", en: "The accounting connection must be authorised again (ask an administrator)" },
  forbidden: { ja: "会計ソフトの権限が不足しています", en: "The accounting connection lacks a permission" },
  quota: { ja: "会計ソフトのプランの上限に達しました", en: "The accounting product's plan limit was reached" },
  rate_limited: { ja: "会計ソフトのAPI制限のため待機中です（自動で再試行します）", en: "Waiting for the accounting product's API limit (retried automatically)" },
  other: { ja: "会計ソフトとの通信に失敗しました（照会してから自動で再試行します）", en: "Could not talk to the accounting product (it is checked, then retried automatically)" },
};

function prefixKind(code: AccountingErrorCode): PrefixKind {
  switch (code) {
    case "validation":
    case "forbidden":
    case "quota":
    case "rate_limited":
      return code;
    case "reauthorize":
    case "unauthorized":
      return "reauthorize";
    case "excessive_access":
      return "rate_limited";
    default:
      return "other";
  }
}

/** The stored text of a failure the poster detects itself. */
export function fixedPostError(kind: FixedPostError): string {
  return FIXED[kind].stored;
}

/** The stored text of a provider failure. */
export function postErrorMessage(code: AccountingErrorCode, detail: string): string {
  return `${PREFIXES[prefixKind(code)].ja}: ${detail}`;
}

/** A stored failure in the screen's language; text it does not know (a crash message, older rows) is shown as is. */
export function localizePostError(stored: string, locale: Locale): string {
  for (const text of Object.values(FIXED)) if (stored === text.stored) return text[locale];
  for (const text of Object.values(PREFIXES)) {
    if (stored.startsWith(`${text.ja}: `)) return `${text[locale]}: ${stored.slice(text.ja.length + 2)}`;
  }
  return stored;
}
