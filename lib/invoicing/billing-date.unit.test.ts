import { afterAll, describe, expect, it } from "vitest";

import { computeBillingDate } from "./billing-date";

const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("computeBillingDate", () => {
  it("close_date keeps the calendar date as given", () => {
    expect(computeBillingDate("2026-03-31", "close_date").billingDate).toBe("2026-03-31");
  });

  it("end_of_close_month takes the month's last day, leap years included", () => {
    expect(computeBillingDate("2026-02-03", "end_of_close_month").billingDate).toBe("2026-02-28");
    expect(computeBillingDate("2028-02-03", "end_of_close_month").billingDate).toBe("2028-02-29");
    expect(computeBillingDate("2100-02-03", "end_of_close_month").billingDate).toBe("2100-02-28");
    expect(computeBillingDate("2026-12-31", "end_of_close_month").billingDate).toBe("2026-12-31");
  });

  it("reads HubSpot's UTC instants as JST dates in any process time zone", () => {
    for (const tz of ["UTC", "Asia/Tokyo", "America/Los_Angeles"]) {
      process.env.TZ = tz;
      // 2026-03-31T23:00Z is 08:00 on April 1st in Tokyo: billed in April
      expect(computeBillingDate("2026-03-31T23:00:00Z", "close_date").billingDate).toBe("2026-04-01");
      expect(computeBillingDate("2026-03-31T23:00:00Z", "end_of_close_month").billingDate).toBe("2026-04-30");
      expect(computeBillingDate("2026-03-31T14:59:59.999Z", "end_of_close_month").billingDate).toBe("2026-03-31");
      expect(computeBillingDate("2026-04-01", "close_date").billingDate).toBe("2026-04-01");
    }
  });

  it("explains the rule in Japanese and English", () => {
    const result = computeBillingDate("2026-04-15", "end_of_close_month");
    expect(result.explanation.ja).toBe("請求日: 受注月の末日（受注日 2026年4月15日 → 2026年4月30日）");
    expect(result.explanation.en).toContain("end of the close month");
  });

  it("refuses ambiguous or impossible dates", () => {
    expect(() => computeBillingDate("2026-04-31", "close_date")).toThrow(RangeError);
    expect(() => computeBillingDate("2026-04-01T10:00:00", "close_date")).toThrow(RangeError);
  });
});
