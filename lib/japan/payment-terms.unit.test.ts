import { afterAll, describe, expect, it } from "vitest";

import { computeDueDate, describePaymentTerms, paymentTermsSchema, type PaymentTerms } from "./payment-terms";

const terms = (
  closingDay: PaymentTerms["closingDay"],
  payMonthOffset: number,
  payDay: PaymentTerms["payDay"],
  holidayShift: PaymentTerms["holidayShift"] = "none",
): PaymentTerms => ({ closingDay, payMonthOffset, payDay, holidayShift });

const due = (billingDate: string, t: PaymentTerms) => computeDueDate(billingDate, t).dueDate;

const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("computeDueDate: the conventions of domain-japan.md §4.1", () => {
  it("月末締め翌月末払い: 3/15 → 4/30", () => {
    expect(due("2026-03-15", terms("end", 1, "end"))).toBe("2026-04-30");
  });
  it("月末締め翌々月末払い: 3/15 → 5/31 (a Sunday, kept with shift none)", () => {
    expect(due("2026-03-15", terms("end", 2, "end"))).toBe("2026-05-31");
  });
  it("20日締め翌月10日払い: the 21st belongs to next month's period, the 20th to this month's", () => {
    expect(computeDueDate("2026-01-21", terms(20, 1, 10)).closingDate).toBe("2026-02-20");
    expect(due("2026-01-21", terms(20, 1, 10))).toBe("2026-03-10");
    expect(computeDueDate("2026-01-20", terms(20, 1, 10)).closingDate).toBe("2026-01-20");
    expect(due("2026-01-20", terms(20, 1, 10))).toBe("2026-02-10");
  });
  it("15日締め当月末払い: 3/10 → 3/31, 3/16 → 4/30", () => {
    expect(due("2026-03-10", terms(15, 0, "end"))).toBe("2026-03-31");
    expect(due("2026-03-16", terms(15, 0, "end"))).toBe("2026-04-30");
  });
  it("closing day 'end' vs the 20th for the same billing date", () => {
    expect(computeDueDate("2026-06-25", terms("end", 1, "end")).closingDate).toBe("2026-06-30");
    expect(computeDueDate("2026-06-25", terms(20, 1, "end")).closingDate).toBe("2026-07-20");
    expect(due("2026-06-25", terms("end", 1, "end"))).toBe("2026-07-31");
    expect(due("2026-06-25", terms(20, 1, "end"))).toBe("2026-08-31");
  });
});

describe("computeDueDate: month ends and leap years", () => {
  it("Jan 31 + 1 month lands on the last day of February, never in March", () => {
    expect(due("2026-01-31", terms("end", 1, "end"))).toBe("2026-02-28");
    expect(due("2026-01-31", terms("end", 1, 31))).toBe("2026-02-28");
    expect(due("2026-01-31", terms("end", 1, 30))).toBe("2026-02-28");
    // the 31st falls in the next period with a 20th closing: close 2/20, pay 3/10
    expect(due("2026-01-31", terms(20, 1, 10))).toBe("2026-03-10");
  });
  it("pay day 31 in February is the 28th, or the 29th in a leap year", () => {
    expect(due("2027-01-10", terms("end", 1, 31))).toBe("2027-02-28");
    expect(due("2028-01-10", terms("end", 1, 31))).toBe("2028-02-29");
    expect(due("2028-01-10", terms("end", 1, "end"))).toBe("2028-02-29");
    expect(due("2028-01-10", terms("end", 1, 28))).toBe("2028-02-28");
  });
  it("2100 is not a leap year", () => {
    expect(due("2100-01-10", terms("end", 1, "end"))).toBe("2100-02-28");
    expect(due("2100-01-10", terms("end", 1, 29))).toBe("2100-02-28");
  });
  it("a billing date on 2028-02-29 closes that month", () => {
    expect(computeDueDate("2028-02-29", terms("end", 1, "end")).closingDate).toBe("2028-02-29");
    expect(due("2028-02-29", terms("end", 1, "end"))).toBe("2028-03-31");
    expect(computeDueDate("2028-02-29", terms(25, 0, "end")).closingDate).toBe("2028-03-25");
  });
  it("a closing day beyond the month length closes on the month's last day", () => {
    expect(computeDueDate("2026-02-27", terms(30, 1, 10)).closingDate).toBe("2026-02-28");
    expect(computeDueDate("2026-01-31", terms(30, 1, 10)).closingDate).toBe("2026-02-28");
  });
  it("month offsets cross the year boundary", () => {
    expect(due("2026-11-15", terms("end", 3, 10))).toBe("2027-02-10");
    expect(due("2026-12-21", terms(20, 1, 10))).toBe("2027-02-10");
  });
});

describe("computeDueDate: bank holidays", () => {
  it("Golden Week 2026: 5/3–5/6 are closed, so the 3rd moves to 5/1 or 5/7", () => {
    expect(due("2026-04-10", terms("end", 1, 3, "previous"))).toBe("2026-05-01");
    expect(due("2026-04-10", terms("end", 1, 3, "next"))).toBe("2026-05-07");
    expect(due("2026-04-10", terms("end", 1, 6, "next"))).toBe("2026-05-07");
    expect(due("2026-04-10", terms("end", 1, 4, "none"))).toBe("2026-05-04");
  });
  it("year-end bank holidays 12/31–1/3", () => {
    // 2026-12-31 is a Thursday, closed only as a year-end bank holiday
    expect(due("2026-12-10", terms("end", 0, "end", "previous"))).toBe("2026-12-30");
    expect(due("2026-12-10", terms("end", 0, "end", "next"))).toBe("2027-01-04");
    expect(due("2026-11-10", terms("end", 1, 31, "next"))).toBe("2027-01-04");
    // pay day 2 in January
    expect(due("2026-11-30", terms("end", 2, 2, "previous"))).toBe("2026-12-30");
    expect(due("2026-11-30", terms("end", 2, 2, "next"))).toBe("2027-01-04");
  });
  it("the example from the brief: 12/25, 月末締め翌月末払い, previous → Friday 2027-01-29", () => {
    const result = computeDueDate("2026-12-25", terms("end", 1, "end", "previous"));
    expect(result.closingDate).toBe("2026-12-31");
    expect(result.unshiftedDueDate).toBe("2027-01-31");
    expect(result.dueDate).toBe("2027-01-29");
    expect(result.shifted).toBe(true);
    expect(due("2026-12-25", terms("end", 1, "end", "next"))).toBe("2027-02-01");
  });
  it("weekends shift, business days do not", () => {
    expect(due("2026-01-15", terms("end", 1, "end", "next"))).toBe("2026-03-02"); // 2/28 Sat
    expect(due("2026-01-15", terms("end", 1, "end", "previous"))).toBe("2026-02-27");
    expect(computeDueDate("2026-02-10", terms("end", 1, "end", "next"))).toMatchObject({
      dueDate: "2026-03-31",
      shifted: false,
    });
  });
  it("gives the same answers whatever the process time zone", () => {
    for (const tz of ["UTC", "Asia/Tokyo", "America/New_York", "Pacific/Kiritimati"]) {
      process.env.TZ = tz;
      expect(due("2026-12-25", terms("end", 1, "end", "previous"))).toBe("2027-01-29");
      expect(due("2026-04-10", terms("end", 1, 3, "next"))).toBe("2026-05-07");
      expect(due("2028-01-10", terms("end", 1, 31))).toBe("2028-02-29");
    }
  });
});

describe("derivation and validation", () => {
  it("explains every step in Japanese and English", () => {
    const { steps } = computeDueDate("2026-12-25", terms("end", 1, "end", "previous"));
    expect(steps.map((s) => s.step)).toEqual(["billing_date", "closing_date", "pay_month", "pay_day", "holiday_shift"]);
    expect(steps.at(-1)?.ja).toContain("2027-01-31 は銀行休業日（日曜日）のため前営業日に前倒し");
    expect(steps.at(-1)?.en).toContain("2027-01-29 (Friday)");
    for (const s of steps) {
      expect(s.ja.length).toBeGreaterThan(0);
      expect(s.en.length).toBeGreaterThan(0);
    }
    const gw = computeDueDate("2026-04-10", terms("end", 1, 6, "next")).steps.at(-1)!;
    expect(gw.ja).toContain("2026-05-06 は銀行休業日（祝日（こどもの日 振替休日））のため翌営業日に後倒し");
    expect(gw.en).toContain("national holiday");
  });
  it("labels terms the way Japanese contracts do", () => {
    expect(describePaymentTerms(terms("end", 1, "end", "next")).ja).toBe("月末締め翌月末払い（休日は翌営業日）");
    expect(describePaymentTerms(terms(20, 1, 10, "previous")).ja).toBe("20日締め翌月10日払い（休日は前営業日）");
  });
  it("rejects out-of-range terms and invalid dates", () => {
    expect(() => computeDueDate("2026-01-10", terms(0, 1, 10))).toThrow();
    expect(() => computeDueDate("2026-01-10", terms("end", 4, 10))).toThrow();
    expect(() => computeDueDate("2026-02-30", terms("end", 1, 10))).toThrow(RangeError);
    expect(paymentTermsSchema.safeParse({ closingDay: "end", payMonthOffset: 1, payDay: 32, holidayShift: "next" }).success).toBe(false);
  });
});
