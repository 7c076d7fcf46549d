import { describe, expect, it } from "vitest";
import { isPromiseBroken, nextAction, summariseFollowUps, type FollowUpHistory, type NextActionInput } from "./next-action";

const today = "2026-12-03";
const noHistory: FollowUpHistory = { count: 0, lastContactOn: null, lastChannel: null, promisedOn: null };
const input = (over: Partial<NextActionInput> = {}): NextActionInput => ({ today, daysLate: 10, outstanding: 1_100_000, paidAmount: 0, lastPaidOn: null, history: noHistory, ...over });

describe("nextAction: the ladder by days late", () => {
  it.each([
    [1, "remind", 1],
    [7, "remind", 1],
    [8, "call", 2],
    [30, "call", 2],
    [31, "escalate", 3],
    [60, "escalate", 3],
    [61, "formal_demand", 4],
    [365, "formal_demand", 4],
  ] as const)("%i days late without follow-ups → %s", (daysLate, kind, urgency) => {
    expect(nextAction(input({ daysLate }))).toEqual({ kind, urgency, on: null, brokenPromise: false });
  });
});

describe("nextAction: the follow-up history moves it", () => {
  it("a promised date still ahead (or today) means waiting for it", () => {
    expect(nextAction(input({ daysLate: 40, history: { ...noHistory, count: 1, lastContactOn: "2026-12-01", promisedOn: "2026-12-10" } }))).toEqual({ kind: "await_promise", urgency: 3, on: "2026-12-10", brokenPromise: false });
    expect(nextAction(input({ history: { ...noHistory, count: 1, lastContactOn: "2026-11-20", promisedOn: today } })).kind).toBe("await_promise");
  });

  it("a promise that passed without payment is broken and moves one rung up, at once", () => {
    const history = { ...noHistory, count: 2, lastContactOn: "2026-11-30", lastChannel: "phone" as const, promisedOn: "2026-12-02" };
    expect(nextAction(input({ daysLate: 20, history }))).toEqual({ kind: "escalate", urgency: 3, on: null, brokenPromise: true });
    expect(nextAction(input({ daysLate: 3, history }))).toEqual({ kind: "call", urgency: 2, on: null, brokenPromise: true });
    // No rung above a formal demand.
    expect(nextAction(input({ daysLate: 90, history }))).toEqual({ kind: "formal_demand", urgency: 4, on: null, brokenPromise: true });
  });

  it("a payment on or after the promised date keeps the promise (a partial payment leaves the balance on the ladder)", () => {
    const history = { ...noHistory, count: 1, lastContactOn: "2026-11-20", promisedOn: "2026-11-25" };
    expect(isPromiseBroken("2026-11-25", "2026-11-25", today)).toBe(false);
    expect(isPromiseBroken("2026-11-25", "2026-11-24", today)).toBe(true);
    expect(isPromiseBroken("2026-11-25", null, today)).toBe(true);
    expect(isPromiseBroken(null, null, today)).toBe(false);
    expect(nextAction(input({ daysLate: 20, paidAmount: 500_000, outstanding: 600_000, lastPaidOn: "2026-11-26", history }))).toEqual({ kind: "call", urgency: 2, on: null, brokenPromise: false });
  });

  it("a contact in the last week means waiting for the reply, then chasing on the seventh day", () => {
    const contacted = (on: string) => ({ ...noHistory, count: 1, lastContactOn: on, lastChannel: "email" as const });
    expect(nextAction(input({ daysLate: 12, history: contacted("2026-11-30") }))).toEqual({ kind: "await_reply", urgency: 2, on: "2026-12-07", brokenPromise: false });
    expect(nextAction(input({ daysLate: 12, history: contacted("2026-11-26") }))).toEqual({ kind: "call", urgency: 2, on: null, brokenPromise: false });
    expect(nextAction(input({ daysLate: 12, history: contacted(today) })).on).toBe("2026-12-10");
  });

  it("a balance of a bank-fee size after a payment is a fee question for finance, not a debt to chase", () => {
    expect(nextAction(input({ daysLate: 45, paidAmount: 1_099_340, outstanding: 660 }))).toEqual({ kind: "fee_shortfall", urgency: 1, on: null, brokenPromise: false });
    expect(nextAction(input({ daysLate: 45, paidAmount: 1_099_000, outstanding: 1_000 })).kind).toBe("fee_shortfall");
    // More than a fee, or nothing paid at all: the ladder.
    expect(nextAction(input({ daysLate: 45, paidAmount: 1_098_999, outstanding: 1_001 })).kind).toBe("escalate");
    expect(nextAction(input({ daysLate: 45, paidAmount: 0, outstanding: 800 })).kind).toBe("escalate");
  });
});

describe("summariseFollowUps", () => {
  it("takes the newest contact by date then entry time, and the newest promise that was recorded", () => {
    const history = summariseFollowUps([
      { contactedOn: "2026-11-20", channel: "phone", promisedOn: "2026-11-30", createdAt: "2026-11-20T03:00:00Z" },
      { contactedOn: "2026-12-01", channel: "email", promisedOn: null, createdAt: "2026-12-01T01:00:00Z" },
      { contactedOn: "2026-12-01", channel: "letter", promisedOn: null, createdAt: "2026-12-01T05:00:00Z" },
      { contactedOn: "2026-11-25", channel: "visit", promisedOn: "2026-12-05", createdAt: "2026-12-02T00:00:00Z" },
    ]);
    expect(history).toEqual({ count: 4, lastContactOn: "2026-12-01", lastChannel: "letter", promisedOn: "2026-12-05" });
    expect(summariseFollowUps([])).toEqual(noHistory);
  });
});
