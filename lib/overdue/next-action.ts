import { addDays, compareDates, type PlainDate } from "@/lib/japan/bank-calendar";
import type { FollowUpChannel } from "./constants";

export { FOLLOW_UP_CHANNELS, type FollowUpChannel } from "./constants";

/**
 * What to do next about an overdue invoice: a pure rule over how late it is, what is still owed and the follow-up
 * history (督促履歴). It suggests; people decide.
 *
 * The ladder follows common Japanese B2B collection practice, where most late payments are oversights (a missed
 * 消込, an invoice that never reached the payer's 経理) and the relationship matters more than the speed:
 *   1–7 days   remind      — first ask finance to check the payment did not arrive unmatched (入金・消込漏れ), then a
 *                            polite e-mail "お支払い状況のご確認" with the invoice attached again; never accusatory.
 *   8–30 days  call        — phone the customer's contact for a payment date, and send a written reminder (督促状 /
 *                            請求書再発行) so there is a record.
 *   31–60 days escalate    — share it with your manager and finance; contact the customer's manager or 経理部門;
 *                            consider holding new orders or deliveries (与信) until it is settled.
 *   61+ days   formal      — a formal demand by 内容証明郵便 (proof of the demand and its date, which also
 *                            interrupts the limitation period as a 催告) and, with finance and counsel, 支払督促 or
 *                            少額訴訟.
 * The history moves it: a promised payment date (入金予定日) not yet reached means wait for it; a promise that passed
 * without payment is a broken promise and moves one rung up; a contact in the last week means wait for the reply.
 * A balance of a bank-fee size after a payment (振込手数料を差し引いた入金) is not chased like a debt: finance
 * decides whether to book it as a fee or ask for it.
 */
/** What the list knows about the follow-ups of one invoice (computed in SQL for a page, or by summariseFollowUps). */
export type FollowUpHistory = {
  count: number;
  lastContactOn: PlainDate | null;
  lastChannel: FollowUpChannel | null;
  /** The most recent promised payment date the customer gave (from the latest follow-up that recorded one). */
  promisedOn: PlainDate | null;
};

export type NextActionInput = {
  today: PlainDate;
  daysLate: number;
  outstanding: number;
  paidAmount: number;
  lastPaidOn: PlainDate | null;
  history: FollowUpHistory;
};

export type NextActionKind = "fee_shortfall" | "await_promise" | "await_reply" | "remind" | "call" | "escalate" | "formal_demand";
export type Urgency = 1 | 2 | 3 | 4;

export type NextAction = {
  kind: NextActionKind;
  /** 1 (gentle) … 4 (formal): the rung of the ladder the invoice is on, for colour and sorting by people. */
  urgency: Urgency;
  /** When to act (the promised date, or when to chase an unanswered contact); null means now. */
  on: PlainDate | null;
  /** A promised payment date passed without a payment on or after it. */
  brokenPromise: boolean;
};

/** Bank transfer fees in Japan are a few hundred yen (¥110–¥990, domain-japan.md §6): a smaller balance after a payment is a fee. */
export const FEE_SHORTFALL_MAX_YEN = 1_000;
/** A contact is given a week (about five business days) for an answer before the next one. */
export const REPLY_WAIT_DAYS = 7;

const LADDER: readonly NextActionKind[] = ["remind", "call", "escalate", "formal_demand"];

export function urgencyForDaysLate(days: number): Urgency {
  if (days <= 7) return 1;
  if (days <= 30) return 2;
  if (days <= 60) return 3;
  return 4;
}

/** A promise is broken when its date has passed and no payment arrived on or after it. */
export function isPromiseBroken(promisedOn: PlainDate | null, lastPaidOn: PlainDate | null, today: PlainDate): boolean {
  if (promisedOn === null || compareDates(promisedOn, today) >= 0) return false;
  return lastPaidOn === null || compareDates(lastPaidOn, promisedOn) < 0;
}

export function nextAction(input: NextActionInput): NextAction {
  const { today, history } = input;
  const base = urgencyForDaysLate(input.daysLate);
  const brokenPromise = isPromiseBroken(history.promisedOn, input.lastPaidOn, today);

  if (input.paidAmount > 0 && input.outstanding > 0 && input.outstanding <= FEE_SHORTFALL_MAX_YEN) {
    return { kind: "fee_shortfall", urgency: 1, on: null, brokenPromise };
  }
  if (history.promisedOn !== null && compareDates(history.promisedOn, today) >= 0) {
    return { kind: "await_promise", urgency: base, on: history.promisedOn, brokenPromise: false };
  }
  const urgency = Math.min(4, base + (brokenPromise ? 1 : 0)) as Urgency;
  if (!brokenPromise && history.lastContactOn !== null) {
    const chaseOn = addDays(history.lastContactOn, REPLY_WAIT_DAYS);
    if (compareDates(chaseOn, today) > 0) return { kind: "await_reply", urgency, on: chaseOn, brokenPromise };
  }
  return { kind: LADDER[urgency - 1]!, urgency, on: null, brokenPromise };
}

/** The history summary from the follow-ups themselves (any order); the SQL computes the same for a page of rows. */
export function summariseFollowUps(followUps: readonly { contactedOn: PlainDate; channel: FollowUpChannel; promisedOn: PlainDate | null; createdAt: string }[]): FollowUpHistory {
  if (followUps.length === 0) return { count: 0, lastContactOn: null, lastChannel: null, promisedOn: null };
  const newestFirst = [...followUps].sort((a, b) => compareDates(b.contactedOn, a.contactedOn) || (b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : 0));
  const latest = newestFirst[0]!;
  return { count: followUps.length, lastContactOn: latest.contactedOn, lastChannel: latest.channel, promisedOn: newestFirst.find((f) => f.promisedOn !== null)?.promisedOn ?? null };
}
