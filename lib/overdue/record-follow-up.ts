import "server-only";
import type { Database } from "@/db/client";
import { followUpTarget, insertFollowUp } from "@/db/queries/overdue";
import { recordAudit } from "@/lib/audit/record-audit";
import { todayJst } from "@/lib/format";
import { addDays, compareDates } from "@/lib/japan/bank-calendar";
import type { FollowUpInput } from "./follow-up-input";
import { canSeeDeal, type OverdueViewer } from "./get-overdue-list";

/** A follow-up the rules refuse; the message is shown to the user as is. */
export class FollowUpError extends Error {
  override name = "FollowUpError";
}

/** How far ahead a promised payment date may be: beyond a year it is a payment plan, not a promise. */
const PROMISE_HORIZON_DAYS = 366;

/**
 * Records one contact with the customer about an unpaid invoice, with its audit row in the same transaction. Sales
 * may record only on their own deals; a deal that is not theirs answers exactly like one that does not exist, so
 * the action cannot be used to probe other people's deals.
 */
export async function recordFollowUp(
  db: Database,
  user: { id: string; email: string; name: string } & OverdueViewer,
  input: FollowUpInput,
  options: { today?: string } = {},
): Promise<{ id: string }> {
  const today = options.today ?? todayJst();
  if (compareDates(input.contactedOn, today) > 0) throw new FollowUpError("対応日に未来の日付は指定できません / The contact date cannot be in the future");
  if (input.promisedOn !== null) {
    if (compareDates(input.promisedOn, input.contactedOn) < 0) throw new FollowUpError("入金予定日は対応日以降にしてください / The promised date cannot be before the contact");
    if (compareDates(input.promisedOn, addDays(today, PROMISE_HORIZON_DAYS)) > 0) throw new FollowUpError("入金予定日が先すぎます（1年以内） / The promised date is more than a year ahead");
  }
  return db.transaction(async (tx) => {
    const target = await followUpTarget(tx, input.connectionId, input.dealId);
    if (!target || !canSeeDeal(user, target.ownerId)) throw new FollowUpError("対象の請求が見つかりません / Invoice not found");
    if (target.phase !== "posted" || target.outstanding <= 0) throw new FollowUpError("この請求は未入金ではありません（入金済み・取消済み） / This invoice is no longer unpaid");
    const row = await insertFollowUp(tx, {
      connectionId: target.connectionId,
      dealId: target.dealId,
      draftId: target.draftId,
      invoiceNumber: target.invoiceNumber,
      contactedOn: input.contactedOn,
      channel: input.channel,
      memo: input.memo,
      promisedOn: input.promisedOn,
      createdBy: user.id,
      createdByName: user.name,
    });
    await recordAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: "overdue.follow_up",
      entityType: "overdue_follow_up",
      entityId: row.id,
      after: {
        connectionId: row.connectionId,
        dealId: row.dealId,
        draftId: row.draftId,
        invoiceNumber: row.invoiceNumber,
        contactedOn: row.contactedOn,
        channel: row.channel,
        promisedOn: row.promisedOn,
        memo: row.memo,
        outstanding: target.outstanding,
      },
    });
    return { id: row.id };
  });
}
