import "server-only";
import type { Database } from "@/db/client";
import { getDraftForUpdate, updateDraft } from "@/db/queries/invoicing";
import { getSetting, putSetting } from "@/db/queries/settings";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Localized } from "@/lib/i18n/pick-localized";

import { reviewStatusOf, rowValuesFromDraft, saveDraftLines, storedDraft } from "./load-draft";
import { addManualEdit, ManualEditError, type ManualEditInput } from "./regenerate-draft";

/**
 * Finance's review of drafts: edit (audited, totals recomputed by the pure core), approve one or many, reject with a
 * reason. Every transition locks the row, checks the status it starts from, and writes its audit row in the same
 * transaction. Errors a person can act on are DraftReviewError with a readable (Japanese / English) message.
 */
export class DraftReviewError extends Error {
  override name = "DraftReviewError";
  /** The reason in each language; the screens show the one of their locale, the message carries both for logs. */
  readonly text: Localized;
  constructor(text: Localized) {
    super(`${text.ja} / ${text.en}`);
    this.text = text;
  }
}

const notFound = (): DraftReviewError => new DraftReviewError({ ja: "下書きが見つかりません", en: "Draft not found" });

export type Reviewer = { id: string; label: string };

export const FOUR_EYES_SETTING = "invoicing.fourEyes";

export async function isFourEyesEnabled(db: Database): Promise<boolean> {
  return (await getSetting(db, FOUR_EYES_SETTING)) === true;
}

export async function setFourEyes(db: Database, enabled: boolean, actor: Reviewer): Promise<void> {
  await db.transaction(async (tx) => {
    const before = (await getSetting(tx, FOUR_EYES_SETTING)) === true;
    await putSetting(tx, FOUR_EYES_SETTING, enabled, actor.id);
    await recordAudit(tx, { actor, action: "settings.four_eyes", entityType: "app_setting", entityId: FOUR_EYES_SETTING, before, after: enabled });
  });
}

const EDITABLE = new Set(["draft", "blocked"]);

export async function editDraft(db: Database, actor: Reviewer, draftId: string, edit: ManualEditInput): Promise<{ status: string; total: number }> {
  return db.transaction(async (tx) => {
    const row = await getDraftForUpdate(tx, draftId);
    if (!row) throw notFound();
    if (!EDITABLE.has(row.status)) throw new DraftReviewError({ ja: `承認前の下書きのみ修正できます（現在: ${row.status}）`, en: `Only drafts not yet approved can be edited (status: ${row.status})` });
    const before = storedDraft(row);
    let next;
    try {
      next = addManualEdit(before, { ...edit, editedBy: actor.id, editedAt: new Date().toISOString() } as ManualEditInput);
    } catch (error) {
      if (error instanceof ManualEditError) throw new DraftReviewError({ ja: "修正内容が不正です", en: `Invalid edit: ${error.message}` });
      throw error;
    }
    const status = reviewStatusOf(next);
    await updateDraft(tx, draftId, { ...rowValuesFromDraft(next), status, lastEditedBy: actor.id, lastEditedAt: new Date() });
    await saveDraftLines(tx, draftId, next);
    await recordAudit(tx, {
      actor,
      action: "invoice_draft.edited",
      entityType: "invoice_draft",
      entityId: draftId,
      before: { total: before.total, tax: before.tax, billingDate: before.billingDate, dueDate: before.dueDate, status: row.status },
      after: { edit, total: next.total, tax: next.tax, billingDate: next.billingDate, dueDate: next.dueDate, status },
    });
    return { status, total: next.total };
  });
}

/** `reason` says why a draft was not approved, in both languages; `message` is both at once (logs, CLI). */
export type ApproveResult = { draftId: string; ok: boolean; message: string | null; reason: Localized | null };

/** Approves each draft independently (one refusal does not stop the others). Returns per-draft results. */
export async function approveDrafts(db: Database, actor: Reviewer, draftIds: string[]): Promise<ApproveResult[]> {
  const fourEyes = await isFourEyesEnabled(db);
  // A few transactions at a time: bulk approval of hundreds stays quick without taking the whole pool.
  const results: ApproveResult[] = new Array(draftIds.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < draftIds.length; i = next++) results[i] = await approveOne(db, actor, draftIds[i]!, fourEyes);
  };
  await Promise.all(Array.from({ length: Math.min(4, draftIds.length) }, worker));
  return results;
}

async function approveOne(db: Database, actor: Reviewer, draftId: string, fourEyes: boolean): Promise<ApproveResult> {
  try {
    await db.transaction(async (tx) => {
      const row = await getDraftForUpdate(tx, draftId);
      if (!row) throw notFound();
      if (row.status === "blocked" || row.blocked) {
        const blocking = storedDraft(row).issues.filter((i) => i.severity === "blocking");
        throw new DraftReviewError({ ja: `承認できません: ${blocking.map((i) => i.ja).join(" ")}`, en: `Cannot be approved: ${blocking.map((i) => i.en).join(" ")}` });
      }
      if (row.status !== "draft") throw new DraftReviewError({ ja: `承認待ちではありません（現在: ${row.status}）`, en: `Not awaiting approval (status: ${row.status})` });
      if (fourEyes && row.lastEditedBy === actor.id) {
        throw new DraftReviewError({
          ja: "四つの目の原則: 最後に修正した本人は承認できません。別の担当者が承認してください。",
          en: "Four-eyes rule: you edited this draft last, so someone else must approve it.",
        });
      }
      await updateDraft(tx, draftId, { status: "approved", approvedBy: actor.id, approvedAt: new Date(), lastPostError: null });
      await recordAudit(tx, { actor, action: "invoice_draft.approved", entityType: "invoice_draft", entityId: draftId, before: { status: row.status }, after: { status: "approved", total: row.total } });
    });
    return { draftId, ok: true, message: null, reason: null };
  } catch (error) {
    if (!(error instanceof DraftReviewError)) throw error;
    return { draftId, ok: false, message: error.message, reason: error.text };
  }
}

export async function rejectDraft(
  db: Database,
  actor: Reviewer,
  input: { draftId: string; reason: string; createHubspotTask: boolean },
): Promise<{ taskRequested: boolean }> {
  return db.transaction(async (tx) => {
    const row = await getDraftForUpdate(tx, input.draftId);
    if (!row) throw notFound();
    if (!EDITABLE.has(row.status) && row.status !== "approved" && row.status !== "post_failed") {
      throw new DraftReviewError({ ja: `この下書きは差し戻せません（現在: ${row.status}）`, en: `This draft cannot be rejected (status: ${row.status})` });
    }
    const task = input.createHubspotTask
      ? {
          ownerId: row.ownerId,
          title: `請求書の差し戻し: ${row.dealName ?? row.dealId}`,
          body: `経理が請求書の下書きを差し戻しました。理由: ${input.reason}`,
          requestedAt: new Date().toISOString(),
          status: "requested",
        }
      : null;
    await updateDraft(tx, input.draftId, { status: "rejected", rejectedBy: actor.id, rejectedReason: input.reason, hubspotTask: task });
    await recordAudit(tx, {
      actor,
      action: "invoice_draft.rejected",
      entityType: "invoice_draft",
      entityId: input.draftId,
      before: { status: row.status },
      after: { status: "rejected", reason: input.reason, hubspotTask: task !== null },
    });
    return { taskRequested: task !== null };
  });
}

/** Re-post after a validation error was fixed (or after retries ran out): back to approved; the job looks up first. */
export async function requeuePosting(db: Database, actor: Reviewer, draftId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await getDraftForUpdate(tx, draftId);
    if (!row) throw notFound();
    if (row.status !== "post_failed" && row.status !== "approved" && row.status !== "posting") {
      throw new DraftReviewError({ ja: `再送信できません（現在: ${row.status}）`, en: `Posting cannot be retried (status: ${row.status})` });
    }
    if (row.status === "post_failed") await updateDraft(tx, draftId, { status: "approved" });
    await recordAudit(tx, { actor, action: "invoice_draft.post_requested", entityType: "invoice_draft", entityId: draftId, before: { status: row.status }, after: { status: row.status === "post_failed" ? "approved" : row.status } });
  });
}

/** A post_failed draft whose data was wrong goes back to review so it can be corrected, then approved again. */
export async function reopenDraft(db: Database, actor: Reviewer, draftId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await getDraftForUpdate(tx, draftId);
    if (!row) throw notFound();
    if (row.status !== "post_failed" && row.status !== "approved") throw new DraftReviewError({ ja: `承認を取り消せません（現在: ${row.status}）`, en: `The approval cannot be revoked (status: ${row.status})` });
    const status = reviewStatusOf(storedDraft(row));
    await updateDraft(tx, draftId, { status, approvedBy: null, approvedAt: null });
    await recordAudit(tx, { actor, action: "invoice_draft.reopened", entityType: "invoice_draft", entityId: draftId, before: { status: row.status }, after: { status } });
  });
}
