import { describe, expect, it } from "vitest";
import { todayJst } from "@/lib/format";
import { addDays } from "@/lib/japan/bank-calendar";
import { AGING_BUCKETS, agingBucketOf, bucketDueRange, daysLate, isOverdue, overdueCutoff } from "./aging";

describe("daysLate", () => {
  it("counts calendar days across month ends", () => {
    expect(daysLate("2026-11-30", "2026-12-01")).toBe(1);
    expect(daysLate("2026-10-31", "2026-12-01")).toBe(31);
    expect(daysLate("2026-01-31", "2026-03-01")).toBe(29); // February 2026 has 28 days
    expect(daysLate("2028-01-31", "2028-03-01")).toBe(30); // 2028 is a leap year
    expect(daysLate("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysLate("2026-12-01", "2026-12-01")).toBe(0);
    expect(daysLate("2026-12-10", "2026-12-01")).toBe(-9);
  });

  it("does not depend on the process time zone (the same answer at any hour of a JST day)", () => {
    // 2026-11-30T15:30Z is 00:30 on 1 December in Tokyo: the invoice due 30 November is already one day late.
    const today = todayJst(new Date("2026-11-30T15:30:00Z"));
    expect(today).toBe("2026-12-01");
    expect(daysLate("2026-11-30", today)).toBe(1);
    // 2026-11-30T14:59Z is still 23:59 on 30 November in Tokyo: due today, not late.
    expect(daysLate("2026-11-30", todayJst(new Date("2026-11-30T14:59:00Z")))).toBe(0);
  });

  it("rejects impossible dates instead of rolling them over", () => {
    expect(() => daysLate("2026-02-30", "2026-03-01")).toThrow(RangeError);
  });
});

describe("overdue cutoff (bank business days, 民法142条)", () => {
  it("on a weekday, everything due up to the previous business day is overdue", () => {
    expect(overdueCutoff("2026-12-03")).toBe("2026-12-02"); // Thursday → Wednesday
    expect(isOverdue("2026-12-02", "2026-12-03")).toBe(true);
    expect(isOverdue("2026-12-03", "2026-12-03")).toBe(false); // due today: not late yet
    expect(isOverdue(null, "2026-12-03")).toBe(false);
  });

  it("an invoice due on a weekend is not overdue on Monday (it may be paid that day), but is on Tuesday", () => {
    // 2026-10-31 is a Saturday, 2026-11-02 a Monday.
    expect(overdueCutoff("2026-11-02")).toBe("2026-10-30");
    expect(isOverdue("2026-10-31", "2026-11-02")).toBe(false);
    expect(isOverdue("2026-11-01", "2026-11-02")).toBe(false);
    expect(isOverdue("2026-10-30", "2026-11-02")).toBe(true);
    expect(isOverdue("2026-10-31", "2026-11-03")).toBe(true); // Monday 2 November was the day to pay
    expect(daysLate("2026-10-31", "2026-11-03")).toBe(3); // counted from the contractual date
  });

  it("an invoice due on a national holiday waits for the next business day", () => {
    // 3 November 2026 (文化の日) is a Tuesday.
    expect(isOverdue("2026-11-03", "2026-11-04")).toBe(false);
    expect(isOverdue("2026-11-03", "2026-11-05")).toBe(true);
  });

  it("waits out the September 2026 holidays (敬老の日, 国民の休日, 秋分の日)", () => {
    // Sat 19 – Wed 23 September 2026 are all bank holidays; the next business day is Thursday 24.
    expect(overdueCutoff("2026-09-24")).toBe("2026-09-18");
    expect(isOverdue("2026-09-21", "2026-09-24")).toBe(false);
    expect(isOverdue("2026-09-18", "2026-09-24")).toBe(true);
  });

  it("waits out the year-end bank holidays (12/31–1/3)", () => {
    expect(overdueCutoff("2027-01-04")).toBe("2026-12-30");
    expect(isOverdue("2026-12-31", "2027-01-04")).toBe(false);
    expect(isOverdue("2026-12-30", "2027-01-04")).toBe(true);
  });
});

describe("aging buckets", () => {
  it.each([
    [1, "1-30"],
    [30, "1-30"],
    [31, "31-60"],
    [60, "31-60"],
    [61, "61-90"],
    [90, "61-90"],
    [91, "91+"],
    [400, "91+"],
  ] as const)("%i days late → %s", (days, bucket) => {
    expect(agingBucketOf(days)).toBe(bucket);
  });

  it("the SQL's due-date ranges put every due date in the bucket agingBucketOf gives it, and nowhere else", () => {
    const today = "2026-03-01";
    for (let days = 1; days <= 200; days++) {
      const due = addDays(today, -days);
      const holders = AGING_BUCKETS.filter((b) => {
        const r = bucketDueRange(b, today);
        return (r.from === null || due >= r.from) && due <= r.to;
      });
      expect(holders, `due ${due} (${days} days)`).toEqual([agingBucketOf(days)]);
    }
  });
});
