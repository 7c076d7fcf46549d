import { describe, expect, it } from "vitest";
import { formatCrmYen, formatMismatchValue } from "./display-values";

describe("formatMismatchValue", () => {
  it("formats money as yen and dates for the locale", () => {
    expect(formatMismatchValue("total", 33000, "ja")).toBe("¥33,000");
    expect(formatMismatchValue("tax", 3000, "en")).toBe("¥3,000");
    expect(formatMismatchValue("dueDate", "2026-05-31", "ja")).toBe("2026/05/31");
    expect(formatMismatchValue("billingDate", "2026-05-31", "en")).toBe("31 May 2026");
  });

  it("keeps ids and codes as they are, and says nothing for a missing value", () => {
    expect(formatMismatchValue("partner", "12345", "en")).toBe("12345");
    expect(formatMismatchValue("currency", "USD", "ja")).toBe("USD");
    expect(formatMismatchValue("partner", null, "ja")).toBeNull();
    expect(formatMismatchValue("total", null, "en")).toBeNull();
  });
});

describe("formatCrmYen", () => {
  it("shows whole amounts as yen", () => {
    expect(formatCrmYen("10000")).toBe("¥10,000");
    expect(formatCrmYen("10000.00")).toBe("¥10,000");
    expect(formatCrmYen("-500")).toBe("-¥500");
  });

  it("shows fractional or unparsable values as synced, and a dash for none", () => {
    expect(formatCrmYen("10000.5")).toBe("10000.5");
    expect(formatCrmYen("abc")).toBe("abc");
    expect(formatCrmYen(null)).toBe("—");
    expect(formatCrmYen("")).toBe("—");
  });
});
