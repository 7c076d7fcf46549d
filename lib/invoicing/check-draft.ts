import { compareDates } from "@/lib/japan/bank-calendar";
import { validateRegistrationNumber as defaultValidateRegistrationNumber } from "@/lib/japan/registration-number";

import {
  hasAtMostDecimals,
  isKnownTaxRate,
  KNOWN_TAX_RATES,
  MAX_QUANTITY_DECIMALS,
  MAX_UNIT_PRICE_DECIMALS,
  TAX_ENTRY_LABELS,
} from "./compute-tax";
import { formatYen, PLACEHOLDER } from "./render-template";
import type { DraftIssue, DraftIssueAction, DraftIssueCode, InvoiceDraft, IssueSeverity } from "./types";

/** The draft before checks: everything `checkDraft` reads. */
export type UncheckedDraft = Omit<InvoiceDraft, "issues" | "blocked">;

export type RegistrationNumberValidator = (input: string) => {
  valid: boolean;
  normalized: string | null;
  reason: string | null;
};

export type CheckDraftOptions = {
  /** Injected for tests; defaults to lib/japan/registration-number. */
  validateRegistrationNumber?: RegistrationNumberValidator;
};

function issue(
  code: DraftIssueCode,
  severity: IssueSeverity,
  ja: string,
  en: string,
  extra: { action?: DraftIssueAction; lineKey?: string; details?: DraftIssue["details"] } = {},
): DraftIssue {
  return { code, severity, ja, en, action: extra.action ?? null, lineKey: extra.lineKey ?? null, details: extra.details ?? {} };
}

/**
 * Every check the approval screen shows, each with a readable reason. Blocking issues stop approval; warnings are
 * there to be read. Pure: it only reads the draft (whose `source` keeps the deal values it was built from), so it
 * runs again after manual edits and regenerations.
 */
export function checkDraft(draft: UncheckedDraft, options: CheckDraftOptions = {}): DraftIssue[] {
  const validate = options.validateRegistrationNumber ?? defaultValidateRegistrationNumber;
  const issues: DraftIssue[] = [];
  const { source } = draft;

  if (source.existingInvoice) {
    const number = source.existingInvoice.number ?? source.existingInvoice.id;
    issues.push(
      issue(
        "invoice_already_exists",
        "blocking",
        `この商談には既に請求書（${number}）があります。二重請求を防ぐため承認できません。`,
        `An invoice (${number}) already exists for this deal; approving would bill it twice.`,
        { action: "open_existing_invoice", details: { invoiceId: source.existingInvoice.id, invoiceNumber: source.existingInvoice.number ?? null } },
      ),
    );
  }

  if (!draft.partner) {
    issues.push(
      source.partnerKnown
        ? issue(
            "missing_partner",
            "blocking",
            `会社「${draft.companyName}」が会計ソフトの取引先に紐付いていません。取引先を紐付けるか作成してください。`,
            `Company "${draft.companyName}" is not linked to an accounting partner. Link or create the partner.`,
            { action: "link_or_create_partner" },
          )
        : issue(
            "missing_partner",
            "warning",
            `入力に取引先の情報がありません。下書き生成時に会社「${draft.companyName}」が取引先に紐付いていなければ承認できません。`,
            `The input has no partner. When drafting, company "${draft.companyName}" must be linked to an accounting partner or the draft is blocked.`,
            { action: "link_or_create_partner", details: { partnerKnown: false } },
          ),
    );
  }

  if (source.registrationNumber !== null && source.registrationNumber.trim() !== "") {
    const result = validate(source.registrationNumber);
    if (!result.valid) {
      issues.push(
        issue(
          "invalid_registration_number",
          "warning",
          `取引先の登録番号「${source.registrationNumber}」が正しくありません: ${result.reason ?? "形式エラー"}。HubSpotの会社情報を修正してください。`,
          `The partner's registration number "${source.registrationNumber}" is invalid: ${result.reason ?? "bad format"}. Fix it on the HubSpot company.`,
          { action: "fix_in_hubspot", details: { registrationNumber: source.registrationNumber, normalized: result.normalized } },
        ),
      );
    }
  }

  if (draft.currency !== "JPY") {
    issues.push(
      issue(
        "non_jpy_currency",
        "blocking",
        `商談の通貨が ${draft.currency} です。請求書は日本円（JPY）のみ対応しています。`,
        `The deal's currency is ${draft.currency}; invoices are issued in Japanese yen (JPY) only.`,
        { action: "fix_in_hubspot", details: { currency: draft.currency } },
      ),
    );
  }

  for (const line of draft.lines) {
    if (!hasAtMostDecimals(line.quantity, MAX_QUANTITY_DECIMALS) || !hasAtMostDecimals(line.unitPrice, MAX_UNIT_PRICE_DECIMALS)) {
      issues.push(
        issue(
          "invalid_line",
          "blocking",
          `明細「${line.name}」の数量または単価の小数桁が多すぎます（数量は${MAX_QUANTITY_DECIMALS}桁、単価は${MAX_UNIT_PRICE_DECIMALS}桁まで）。`,
          `Line "${line.name}" has a quantity or unit price with too many decimals (at most ${MAX_QUANTITY_DECIMALS} and ${MAX_UNIT_PRICE_DECIMALS}).`,
          { action: "fix_in_hubspot", lineKey: line.key, details: { quantity: line.quantity, unitPrice: line.unitPrice } },
        ),
      );
    }
    if (!isKnownTaxRate(line.taxRate)) {
      issues.push(
        issue(
          "unknown_tax_rate",
          "blocking",
          `明細「${line.name}」の税率 ${line.taxRate}% は使用できません（${KNOWN_TAX_RATES.join("%・")}% のみ）。`,
          `Line "${line.name}" has tax rate ${line.taxRate}%, which is not one of ${KNOWN_TAX_RATES.join("%, ")}%.`,
          { action: "edit_mapping_rules", lineKey: line.key, details: { taxRate: line.taxRate, source: line.taxRateSource } },
        ),
      );
    }
  }

  if (Object.keys(source.taxCodes).length > 0) {
    const unmapped = [...new Set(draft.lines.filter((l) => l.taxCode === null).map((l) => l.taxRate))];
    for (const rate of unmapped) {
      issues.push(
        issue(
          "tax_code_unmapped",
          "blocking",
          `税率 ${rate}% に対応する会計ソフトの税区分がマッピングルールにありません。`,
          `No provider tax code is mapped for the ${rate}% rate in the mapping rules.`,
          { action: "edit_mapping_rules", details: { taxRate: rate } },
        ),
      );
    }
  }

  if (draft.total <= 0) {
    issues.push(
      issue(
        "non_positive_total",
        "blocking",
        `請求金額が ${formatYen(draft.total)} です。0円以下の請求書は発行できません。`,
        `The invoice total is ${formatYen(draft.total)}; an invoice must be for more than ¥0.`,
        { action: "fix_in_hubspot", details: { total: draft.total } },
      ),
    );
  }

  const linesTotal = draft.lines.reduce((sum, l) => sum + l.amount, 0);
  const basis = TAX_ENTRY_LABELS[draft.taxEntry];
  if (source.dealAmount === null) {
    if (!source.fromDealAmount) {
      issues.push(
        issue(
          "deal_amount_missing",
          "warning",
          "商談に金額が入力されていないため、明細合計と照合できません。",
          "The deal has no amount, so the lines total could not be checked against it.",
          { action: "fix_in_hubspot" },
        ),
      );
    }
  } else if (linesTotal !== source.dealAmount) {
    // The usual slip: the deal amount typed tax-included while lines are tax-excluded (or the reverse).
    const hintJa =
      draft.taxEntry === "exclusive" && source.dealAmount === draft.total
        ? "商談金額が税込合計と一致しています。商談金額は税抜で入力してください。"
        : draft.taxEntry === "inclusive" && source.dealAmount === draft.subtotal
          ? "商談金額が税抜合計と一致しています。商談金額は税込で入力してください。"
          : "";
    const hintEn =
      draft.taxEntry === "exclusive" && source.dealAmount === draft.total
        ? " The deal amount equals the tax-included total; enter it excluding tax."
        : draft.taxEntry === "inclusive" && source.dealAmount === draft.subtotal
          ? " The deal amount equals the tax-excluded subtotal; enter it including tax."
          : "";
    issues.push(
      issue(
        "amount_mismatch",
        "warning",
        `明細合計（${basis.ja}）${formatYen(linesTotal)} が商談金額 ${formatYen(source.dealAmount)} と一致しません（差額 ${formatYen(linesTotal - source.dealAmount)}）。${hintJa}`,
        `The lines total (${basis.en}) ${formatYen(linesTotal)} differs from the deal amount ${formatYen(source.dealAmount)} by ${formatYen(linesTotal - source.dealAmount)}.${hintEn}`,
        { action: "fix_in_hubspot", details: { linesTotal, dealAmount: source.dealAmount, difference: linesTotal - source.dealAmount } },
      ),
    );
  }

  if (compareDates(draft.dueDate, draft.billingDate) < 0) {
    issues.push(
      issue(
        "due_before_billing",
        "warning",
        `支払期日 ${draft.dueDate} が請求日 ${draft.billingDate} より前です。支払条件を確認してください。`,
        `The due date ${draft.dueDate} is before the billing date ${draft.billingDate}; check the payment terms.`,
        { action: "edit_mapping_rules", details: { dueDate: draft.dueDate, billingDate: draft.billingDate } },
      ),
    );
  }

  const placeholders = new Set<string>();
  for (const text of [draft.subject, draft.notes]) {
    for (const m of text.matchAll(PLACEHOLDER)) placeholders.add(m[1]!);
  }
  for (const name of placeholders) {
    issues.push(
      issue(
        "unknown_template_placeholder",
        "warning",
        `件名または備考のテンプレートに不明な差し込み項目 {{${name}}} があります。`,
        `The subject or notes template uses an unknown placeholder {{${name}}}.`,
        { action: "edit_mapping_rules", details: { placeholder: name } },
      ),
    );
  }

  for (const edit of draft.manualEdits) {
    const where = edit.target === "draft" ? edit.field : `${edit.lineKey}${edit.target === "line" ? `.${edit.field}` : ""}`;
    if (edit.status === "source_changed") {
      issues.push(
        issue(
          "manual_edit_source_changed",
          "warning",
          `手動修正（${where}）を保持しましたが、元の商談の値が変更されています。内容を確認してください。`,
          `A manual edit (${where}) was kept, but the deal value under it has changed since. Review it.`,
          { action: "review_edit", lineKey: edit.target === "draft" ? undefined : edit.lineKey, details: { target: edit.target, where } },
        ),
      );
    } else if (edit.status === "orphaned") {
      issues.push(
        issue(
          "manual_edit_orphaned",
          "warning",
          `手動修正（${where}）の対象明細が商談から削除されたため、修正は適用されませんでした。`,
          `A manual edit (${where}) was not applied: its line no longer exists on the deal.`,
          { action: "review_edit", lineKey: edit.target === "draft" ? undefined : edit.lineKey, details: { target: edit.target, where } },
        ),
      );
    }
  }

  return issues;
}

export function isBlocked(issues: DraftIssue[]): boolean {
  return issues.some((i) => i.severity === "blocking");
}
