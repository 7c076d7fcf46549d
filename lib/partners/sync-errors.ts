import { textTemplates } from "@/lib/i18n/text-templates";

/**
 * Why a linked company could not be synced, as stored on the link (`partner_links.sync_error`, Japanese / English in
 * one text for logs and alerts). The review screen parses it back and shows `partners.syncErrors.<key>` in the
 * reader's language.
 */
export const syncErrors = textTemplates({
  registrationInvalid:
    '登録番号「{input}」が不正なため取引先を同期できません（{reason}）。HubSpot で修正してください: {url} / The registration number "{input}" is invalid, so the partner was not synced. Fix it in HubSpot: {url}',
  partnerMissing:
    "会計ソフトの取引先 {partnerId} が見つかりません（削除された可能性）。名寄せ画面で紐付け直してください / Partner {partnerId} no longer exists in the accounting product: relink it on the partners screen",
  partnerWithoutCode: "取引先 {name} に取引先コードがありません。会計ソフトでコードを設定してください / Partner {partnerId} has no code: set one in the accounting product",
  refused: "会計ソフトが取引先の登録を拒否しました / The accounting product refused the partner: {detail}",
  codeMismatch: "取引先コード {code} が別の取引先 ({otherPartnerId}) を指しています / Code {code} belongs to partner {otherPartnerId}, not the linked {partnerId}",
});

export type SyncErrorKey = keyof typeof syncErrors.templates;
