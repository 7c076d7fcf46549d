import { afterAll, describe, expect, it } from "vitest";

import {
  addDays,
  daysBetween,
  addMonths,
  bankHolidayReason,
  dayOfWeek,
  daysInMonth,
  isBankHoliday,
  isLeapYear,
  isPlainDate,
  parsePlainDate,
  plainDateInJst,
  shiftToBusinessDay,
  toPlainDateJst,
} from "./bank-calendar";

// Every assertion runs under several process time zones: a date that silently goes through local time
// (new Date(y, m, d), getDate(), the package's own format()) would drift by a day in one of them.
const ZONES = ["UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago"];
const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe.each(ZONES)("bank calendar under TZ=%s", (tz) => {
  process.env.TZ = tz;
  const inZone = (fn: () => void) => () => {
    process.env.TZ = tz;
    fn();
  };

  it(
    "knows weekdays from plain dates",
    inZone(() => {
      expect(dayOfWeek("1970-01-01")).toBe(4);
      expect(dayOfWeek("2026-12-25")).toBe(5);
      expect(dayOfWeek("2027-01-31")).toBe(0);
      expect(dayOfWeek("2028-02-29")).toBe(2);
      expect(dayOfWeek("1969-12-31")).toBe(3);
    }),
  );

  it(
    "treats Saturdays, Sundays, national holidays and 12/31–1/3 as bank holidays",
    inZone(() => {
      expect(isBankHoliday("2026-11-28")).toBe(true); // Saturday
      expect(isBankHoliday("2026-11-29")).toBe(true); // Sunday
      expect(isBankHoliday("2026-11-27")).toBe(false); // Friday
      expect(isBankHoliday("2026-11-23")).toBe(true); // 勤労感謝の日 (Monday)
      expect(isBankHoliday("2026-12-31")).toBe(true); // Thursday, year-end
      expect(isBankHoliday("2027-01-01")).toBe(true);
      expect(isBankHoliday("2027-01-02")).toBe(true);
      expect(isBankHoliday("2027-01-03")).toBe(true);
      expect(isBankHoliday("2027-01-04")).toBe(false); // Monday, banks open
      expect(isBankHoliday("2026-12-30")).toBe(false); // Wednesday
      // Golden Week 2026: 憲法記念日 (Sun), みどりの日, こどもの日, 振替休日 (Wed 5/6)
      for (const d of ["2026-05-03", "2026-05-04", "2026-05-05", "2026-05-06"]) expect(isBankHoliday(d)).toBe(true);
      expect(isBankHoliday("2026-05-01")).toBe(false);
      expect(isBankHoliday("2026-05-07")).toBe(false);
      // 国民の休日 sandwiched between 敬老の日 and 秋分の日
      expect(isBankHoliday("2026-09-22")).toBe(true);
      expect(bankHolidayReason("2026-09-22")?.kind).toBe("national_holiday");
      expect(bankHolidayReason("2026-05-06")).toMatchObject({ kind: "national_holiday" });
      expect(bankHolidayReason("2026-12-31")?.kind).toBe("year_end");
      expect(bankHolidayReason("2027-01-01")?.kind).toBe("national_holiday"); // 元日 is also a national holiday
      expect(bankHolidayReason("2026-11-28")?.kind).toBe("saturday");
      expect(bankHolidayReason("2026-11-27")).toBeNull();
    }),
  );

  it(
    "shifts holidays to the previous or next business day and leaves business days alone",
    inZone(() => {
      expect(shiftToBusinessDay("2026-05-03", "previous")).toBe("2026-05-01");
      expect(shiftToBusinessDay("2026-05-03", "next")).toBe("2026-05-07");
      expect(shiftToBusinessDay("2026-05-03", "none")).toBe("2026-05-03");
      expect(shiftToBusinessDay("2026-12-31", "next")).toBe("2027-01-04");
      expect(shiftToBusinessDay("2026-12-31", "previous")).toBe("2026-12-30");
      expect(shiftToBusinessDay("2027-01-03", "previous")).toBe("2026-12-30");
      expect(shiftToBusinessDay("2026-11-27", "next")).toBe("2026-11-27");
      expect(shiftToBusinessDay("2026-11-27", "previous")).toBe("2026-11-27");
      // 2027-12-31 Fri, 1/1 Sat, 1/2 Sun, 1/3 Mon: next business day is Tue 2028-01-04
      expect(shiftToBusinessDay("2027-12-31", "next")).toBe("2028-01-04");
    }),
  );

  it(
    "does date arithmetic across months, years and leap days",
    inZone(() => {
      expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
      expect(addDays("2100-02-28", 1)).toBe("2100-03-01");
      expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
      expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
      expect(addMonths(2026, 11, 3)).toEqual({ year: 2027, month: 2 });
      expect(addMonths(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
      expect(isLeapYear(2028)).toBe(true);
      expect(isLeapYear(2100)).toBe(false);
      expect(isLeapYear(2000)).toBe(true);
      expect(daysInMonth(2100, 2)).toBe(28);
      expect(daysInMonth(2028, 2)).toBe(29);
    }),
  );

  it(
    "converts instants to their JST calendar date",
    inZone(() => {
      // 15:00 UTC is midnight in Tokyo
      expect(plainDateInJst(new Date("2026-03-31T15:00:00Z"))).toBe("2026-04-01");
      expect(plainDateInJst(new Date("2026-03-31T14:59:59Z"))).toBe("2026-03-31");
      expect(toPlainDateJst("2026-12-31T15:30:00.000Z")).toBe("2027-01-01");
      expect(toPlainDateJst("2026-12-31T23:30:00+09:00")).toBe("2026-12-31");
      expect(toPlainDateJst("2026-12-31")).toBe("2026-12-31");
    }),
  );
});

describe("plain date validation", () => {
  it("rejects impossible or malformed dates", () => {
    expect(isPlainDate("2026-02-29")).toBe(false);
    expect(isPlainDate("2028-02-29")).toBe(true);
    expect(isPlainDate("2026-13-01")).toBe(false);
    expect(isPlainDate("2026-1-01")).toBe(false);
    expect(() => parsePlainDate("2026-04-31")).toThrow(RangeError);
    expect(() => isBankHoliday("2026/05/03")).toThrow(RangeError);
    // an offset-less date-time depends on the server's zone, so it is refused
    expect(() => toPlainDateJst("2026-12-31T10:00:00")).toThrow(RangeError);
  });
});

describe("daysBetween", () => {
  it("counts calendar days, across a leap day and a year end", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2026-11-27", "2026-11-27")).toBe(0);
  });
});
