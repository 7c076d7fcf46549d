import type { BoardCardRow } from "@/db/queries/board";
import { daysBetween } from "@/lib/japan/bank-calendar";
import type { BoardCard, DraftStatus, IntegrationState, StuckReason } from "./types";

/** The row the board queries return (a type-only import: this module stays pure). */
export type CardRow = Omit<BoardCardRow, "phase">;

function blockingIssues(issues: unknown): { ja: string; en: string }[] {
  if (!Array.isArray(issues)) return [];
  return issues
    .filter((i): i is { severity: string; ja: string; en: string } => typeof i === "object" && i !== null && (i as { severity?: unknown }).severity === "blocking")
    .map((i) => ({ ja: String(i.ja), en: String(i.en) }));
}

/** Why the card is stuck, most actionable first; null when it is simply waiting for the next step. */
export function stuckReasonOf(row: Pick<CardRow, "state" | "issues" | "lastPostError" | "rejectedReason" | "syncFailure">): StuckReason | null {
  if (row.state === "blocked") return { kind: "blocked", issues: blockingIssues(row.issues) };
  if (row.state === "post_failed") return { kind: "post_failed", error: row.lastPostError };
  if (row.state === "rejected") return { kind: "rejected", reason: row.rejectedReason };
  if (row.state === "cancelled") return { kind: "invoice_cancelled" };
  if (row.syncFailure) return { kind: "sync_failure", reason: row.syncFailure };
  return null;
}

export function toBoardCard(row: CardRow, today: string): BoardCard {
  const daysLate = row.column === "awaiting" && row.dueDate ? Math.max(daysBetween(row.dueDate, today), 0) : null;
  return {
    connectionId: row.connectionId,
    dealId: row.dealId,
    column: row.column,
    dealName: row.dealName ?? row.dealId,
    companyName: row.companyName,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    amount: row.amount,
    closeDate: row.closeDate,
    wonAt: row.wonAt,
    draftId: row.draftId,
    draftStatus: row.draftStatus as DraftStatus | null,
    invoiceNumber: row.invoiceNumber,
    billingDate: row.billingDate,
    dueDate: row.dueDate,
    paidOn: row.lastPaidOn,
    daysLate,
    provider: row.provider,
    state: row.state as IntegrationState,
    stuck: stuckReasonOf(row),
  };
}
