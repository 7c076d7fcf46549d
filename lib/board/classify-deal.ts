import { daysBetween } from "@/lib/japan/bank-calendar";
import type { BoardColumn, DraftStatus, IntegrationState, PaymentStatus } from "./types";

/**
 * Where a won deal stands, from its current invoice draft and the accounting invoice that draft was posted as.
 * This is THE rule; db/queries/board.ts evaluates the same rule in SQL (for 100,000 deals it must run in Postgres),
 * and the board integration test checks both agree on the same rows.
 *
 * - won: no invoice yet (no draft, a draft awaiting approval, blocked, approved, posting, failed, rejected), or the
 *   posted invoice was cancelled in the accounting product (it has to be issued again);
 * - invoiced: posted and not yet due (due date after today);
 * - awaiting: posted, unpaid or partly paid, due today or overdue;
 * - paid: the accounting product says paid (the board shows it when the payment date is in the selected period).
 *
 * Which deals are on the board at all: those in a won stage that Kakehashi invoices — it recorded their entry into
 * won (deal_won_events, from the connection on or within the backfill window) or holds a draft for them. Deals won
 * earlier were billed by hand before Kakehashi and would otherwise sit in "won" for ever (migration 0014).
 */
export type ClassifyInput = {
  dealAmountYen: number | null;
  draftStatus: DraftStatus | null;
  draftTotal: number | null;
  draftDueDate: string | null;
  invoice: { paymentStatus: PaymentStatus; dueDate: string | null; totalAmount: number; paidAmount: number; lastPaidOn: string | null } | null;
};

export type Classification = { column: BoardColumn; amount: number; dueDate: string | null; daysLate: number | null; state: IntegrationState };

export function classifyDeal(input: ClassifyInput, today: string): Classification {
  const dealAmount = input.dealAmountYen ?? 0;
  if (input.draftStatus !== "posted") {
    const state: IntegrationState = input.draftStatus === null ? "no_draft" : input.draftStatus;
    return { column: "won", amount: dealAmount, dueDate: input.draftDueDate, daysLate: null, state };
  }
  const invoice = input.invoice;
  const total = invoice?.totalAmount ?? input.draftTotal ?? dealAmount;
  const dueDate = invoice?.dueDate ?? input.draftDueDate;
  if (invoice?.paymentStatus === "cancelled") return { column: "won", amount: dealAmount, dueDate, daysLate: null, state: "cancelled" };
  if (invoice?.paymentStatus === "paid") return { column: "paid", amount: invoice.paidAmount > 0 ? invoice.paidAmount : total, dueDate, daysLate: null, state: "paid" };
  const state: IntegrationState = invoice?.paymentStatus === "partially_paid" ? "partially_paid" : "posted";
  // Not yet read back from the accounting product (sync lag): still invoiced/awaiting by the draft's due date.
  if (dueDate === null || dueDate > today) return { column: "invoiced", amount: total, dueDate, daysLate: null, state };
  const outstanding = Math.max(total - (invoice?.paidAmount ?? 0), 0);
  return { column: "awaiting", amount: outstanding, dueDate, daysLate: daysBetween(dueDate, today), state };
}
