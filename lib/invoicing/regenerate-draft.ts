import { isPlainDate } from "@/lib/japan/bank-calendar";
import { computeDueDate } from "@/lib/japan/payment-terms";

import { makeLine } from "./build-draft";
import { checkDraft, isBlocked, type CheckDraftOptions } from "./check-draft";
import { computeTax, REDUCED_RATE_LEGEND } from "./compute-tax";
import type { DraftLine, InvoiceDraft, LineEditableField, ManualEdit } from "./types";

/**
 * Manual edits and regeneration. Finance may edit lines and dates of an unapproved draft; when the deal changes the
 * draft is rebuilt from the deal and the edits are re-applied on top, each flagged when the deal value it replaced has
 * changed since ("source_changed") or its line is gone ("orphaned"). Approved or posted invoices are never rebuilt:
 * `detectDealMismatch` lists what the deal change would alter, for a mismatch flag.
 *
 * Convention for callers: `originalValue` is the GENERATED value the edit replaced (not an earlier edit's value);
 * `addManualEdit` fills it in. One edit per target: a later edit of the same field replaces the earlier one.
 */

/** Re-derives amounts, tax, legend and checks after lines changed. The due date follows `billingDate` unless edited. */
export function recomputeDraft(draft: InvoiceDraft, options: CheckDraftOptions = {}): InvoiceDraft {
  const lines = draft.lines.map((l) =>
    makeLine({ ...l, taxCodes: draft.source.taxCodes, lineAmountRounding: draft.lineAmountRounding }),
  );
  const tax = computeTax({ amounts: lines, taxEntry: draft.taxEntry, rounding: draft.rounding });
  const next: InvoiceDraft = {
    ...draft,
    lines,
    taxSummary: tax.taxSummary,
    subtotal: tax.subtotal,
    tax: tax.tax,
    total: tax.total,
    reducedRateLegend: lines.some((l) => l.reducedRate) ? { ...REDUCED_RATE_LEGEND } : null,
  };
  const issues = checkDraft(next, options);
  return { ...next, issues, blocked: isBlocked(issues) };
}

function editKey(edit: ManualEdit | ManualEditInput): string {
  if (edit.target === "draft") return `draft:${edit.field}`;
  if (edit.target === "line") return `line:${edit.lineKey}:${edit.field}`;
  return `${edit.target}:${edit.lineKey}`;
}

function lineFieldValue(line: DraftLine, field: LineEditableField): string | number | null {
  return line[field];
}

/** Thrown for an edit that cannot be applied (the UI validates first; this guards the maths). */
export class ManualEditError extends RangeError {
  override name = "ManualEditError";
}

function setLineField(line: DraftLine, field: LineEditableField, value: string | number): DraftLine {
  const editedFields = line.editedFields.includes(field) ? line.editedFields : [...line.editedFields, field];
  switch (field) {
    case "quantity":
    case "unitPrice": {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new ManualEditError(`${field} must be a number, got ${JSON.stringify(value)}`);
      // Too many decimals are not refused here: check-draft flags the line as blocking, like synced data.
      return { ...line, [field]: n, editedFields };
    }
    case "taxRate": {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 100) {
        throw new ManualEditError(`taxRate must be an integer percent, got ${JSON.stringify(value)}`);
      }
      return { ...line, taxRate: n, taxRateSource: "manual", editedFields };
    }
    case "accountItemId":
      return { ...line, accountItemId: String(value), accountItemSource: "manual", editedFields };
    case "accountItemName":
      return { ...line, accountItemName: String(value), accountItemSource: "manual", editedFields };
    case "name":
      return { ...line, name: String(value), editedFields };
  }
}

type EditState = { draft: InvoiceDraft; lines: DraftLine[] };

/** Applies one edit to the state and says whether the generated value under it is still the one it replaced. */
function applyOne(state: EditState, edit: ManualEdit): { state: EditState; status: NonNullable<ManualEdit["status"]> } {
  const { draft } = state;
  let { lines } = state;
  if (edit.target === "line") {
    const index = lines.findIndex((l) => l.key === edit.lineKey);
    if (index < 0) return { state, status: "orphaned" };
    const status = sameValue(lineFieldValue(lines[index]!, edit.field), edit.originalValue) ? "kept" : "source_changed";
    lines = lines.map((l, i) => (i === index ? setLineField(l, edit.field, edit.value) : l));
    return { state: { draft, lines }, status };
  }
  if (edit.target === "draft") {
    if ((edit.field === "billingDate" || edit.field === "dueDate") && !isPlainDate(edit.value)) {
      throw new ManualEditError(`${edit.field} must be a date YYYY-MM-DD, got ${JSON.stringify(edit.value)}`);
    }
    const status = sameValue(draft[edit.field], edit.originalValue) ? "kept" : "source_changed";
    return { state: { draft: { ...draft, [edit.field]: edit.value }, lines }, status };
  }
  if (edit.target === "line_removed") {
    const remaining = lines.filter((l) => l.key !== edit.lineKey);
    return { state: { draft, lines: remaining }, status: remaining.length < lines.length ? "kept" : "orphaned" };
  }
  const added = makeLine({
    key: edit.lineKey,
    lineItemId: null,
    productId: null,
    name: edit.line.name,
    quantity: edit.line.quantity,
    unitPrice: edit.line.unitPrice,
    taxRate: edit.line.taxRate,
    taxRateSource: "manual",
    accountItemId: edit.line.accountItemId ?? null,
    accountItemName: edit.line.accountItemName ?? edit.line.name,
    accountItemSource: "manual",
    taxCodes: draft.source.taxCodes,
    lineAmountRounding: draft.lineAmountRounding,
    editedFields: ["added"],
  });
  return { state: { draft, lines: [...lines.filter((l) => l.key !== edit.lineKey), added] }, status: "kept" };
}

/** The due date derives from the billing date: follow an edited billing date with the same terms, unless the due date itself was edited. */
function followBillingDate(draft: InvoiceDraft, edits: ManualEdit[]): InvoiceDraft {
  const edited = (field: string) => edits.some((e) => e.target === "draft" && e.field === field);
  if (!edited("billingDate") || edited("dueDate")) return draft;
  const due = computeDueDate(draft.billingDate, draft.dueDateDerivation.terms);
  return {
    ...draft,
    dueDate: due.dueDate,
    dueDateDerivation: { ...draft.dueDateDerivation, closingDate: due.closingDate, unshiftedDueDate: due.unshiftedDueDate, steps: due.steps },
  };
}

/**
 * Applies edits to a freshly generated draft (one without edits), in order, and records each edit's status.
 * Edits are kept even when the deal changed under them; the status tells the approver to look again.
 */
export function applyManualEdits(generated: InvoiceDraft, edits: ManualEdit[], options: CheckDraftOptions = {}): InvoiceDraft {
  // Later edits of the same target replace earlier ones.
  const latest = new Map<string, ManualEdit>();
  for (const edit of edits) {
    latest.delete(editKey(edit));
    latest.set(editKey(edit), edit);
  }
  let state: EditState = { draft: generated, lines: generated.lines.map((l) => ({ ...l, editedFields: [] })) };
  const applied: ManualEdit[] = [];
  for (const edit of latest.values()) {
    const result = applyOne(state, edit);
    state = result.state;
    applied.push({ ...edit, status: result.status });
  }
  const draft = followBillingDate(state.draft, applied);
  return recomputeDraft({ ...draft, lines: state.lines, manualEdits: applied }, options);
}

/**
 * Adds (or replaces) one edit on the current draft, filling `originalValue` with the generated value, and recomputes.
 * Earlier edits keep their status. Returns the new draft; the caller persists it and writes the audit row.
 */
export function addManualEdit(draft: InvoiceDraft, edit: ManualEditInput, options: CheckDraftOptions = {}): InvoiceDraft {
  const full = withOriginalValue(draft, edit);
  const { state } = applyOne({ draft, lines: draft.lines }, full);
  const edits = [...draft.manualEdits.filter((e) => editKey(e) !== editKey(full)), { ...full, status: "kept" as const }];
  const next = followBillingDate(state.draft, edits);
  return recomputeDraft({ ...next, lines: state.lines, manualEdits: edits }, options);
}

/** A manual edit as the UI sends it: `originalValue` and `status` are filled in by addManualEdit. */
export type ManualEditInput =
  | Omit<Extract<ManualEdit, { target: "line" }>, "originalValue" | "status">
  | Omit<Extract<ManualEdit, { target: "draft" }>, "originalValue" | "status">
  | Omit<Extract<ManualEdit, { target: "line_added" }>, "status">
  | Omit<Extract<ManualEdit, { target: "line_removed" }>, "status">;

function withOriginalValue(draft: InvoiceDraft, edit: ManualEditInput): ManualEdit {
  const previous = draft.manualEdits.find((e) => editKey(e) === editKey(edit));
  if (edit.target === "line") {
    const prev = previous?.target === "line" ? previous.originalValue : undefined;
    const line = draft.lines.find((l) => l.key === edit.lineKey);
    return { ...edit, originalValue: prev !== undefined ? prev : line ? lineFieldValue(line, edit.field) : null };
  }
  if (edit.target === "draft") {
    const prev = previous?.target === "draft" ? previous.originalValue : undefined;
    return { ...edit, originalValue: prev !== undefined ? prev : draft[edit.field] };
  }
  return edit;
}

/**
 * An unapproved draft after the deal changed: `regenerated` is buildInvoiceDraft on the new deal data; the previous
 * draft's manual edits are re-applied on top of it and flagged as needed. The rule version, dates and everything else
 * come from the regeneration.
 */
export function mergeRegeneratedDraft(
  previous: Pick<InvoiceDraft, "manualEdits">,
  regenerated: InvoiceDraft,
  options: CheckDraftOptions = {},
): InvoiceDraft {
  if (previous.manualEdits.length === 0) return regenerated;
  return applyManualEdits(regenerated, previous.manualEdits, options);
}

export type DealMismatch = {
  field: string;
  approved: string | number | null;
  current: string | number | null;
  ja: string;
  en: string;
};

/**
 * For an approved or posted invoice whose deal changed: what the deal change would alter (after re-applying the
 * approved draft's manual edits, so edits are not reported as differences). Empty = nothing relevant changed.
 */
export function detectDealMismatch(approved: InvoiceDraft, regenerated: InvoiceDraft): DealMismatch[] {
  const current = mergeRegeneratedDraft(approved, regenerated);
  const mismatches: DealMismatch[] = [];
  const compare = (field: string, labelJa: string, a: string | number | null, b: string | number | null) => {
    if (a !== b) {
      mismatches.push({ field, approved: a, current: b, ja: `${labelJa}: 承認済み ${a ?? "なし"} → 商談 ${b ?? "なし"}`, en: `${field}: approved ${a ?? "none"} → deal now ${b ?? "none"}` });
    }
  };
  compare("total", "合計（税込）", approved.total, current.total);
  compare("subtotal", "小計（税抜）", approved.subtotal, current.subtotal);
  compare("tax", "消費税", approved.tax, current.tax);
  compare("billingDate", "請求日", approved.billingDate, current.billingDate);
  compare("dueDate", "支払期日", approved.dueDate, current.dueDate);
  compare("currency", "通貨", approved.currency, current.currency);
  compare("partner", "取引先", approved.partner?.id ?? null, current.partner?.id ?? null);
  const describe = (lines: DraftLine[]) =>
    lines.map((l) => `${l.name}×${l.quantity}@${l.unitPrice}(${l.taxRate}%)`).join(" / ");
  compare("lines", "明細", describe(approved.lines), describe(current.lines));
  return mismatches;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return a === b;
}
