import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatYen, formatYenCompact, toJstDateString } from "./format";

describe("formatYen", () => {
  it.each([
    [0, "¥0"],
    [1234567, "¥1,234,567"],
    [-5000, "-¥5,000"],
    [999, "¥999"],
  ])("%d → %s", (amount, expected) => expect(formatYen(amount)).toBe(expected));

  it("refuses fractional yen instead of hiding a bug", () => {
    expect(() => formatYen(10.5)).toThrow(/integer yen/);
  });

  it("shows a dash for missing amounts", () => expect(formatYen(null)).toBe("—"));

  it("compacts to 万/億 in Japanese and M in English", () => {
    expect(formatYenCompact(123_456_789, "ja")).toBe("¥1.2億");
    expect(formatYenCompact(34_500_000, "ja")).toBe("¥3,450万");
    expect(formatYenCompact(1_250_000, "en")).toBe("¥1.3M");
  });
});

describe("JST dates", () => {
  it("an instant late on the UTC day is already the next day in Japan", () => {
    expect(toJstDateString(new Date("2026-12-31T15:30:00Z"))).toBe("2027-01-01");
    expect(toJstDateString(new Date("2026-12-31T14:59:59Z"))).toBe("2026-12-31");
  });

  it("plain calendar dates are never shifted", () => {
    expect(formatDate("2026-03-01", "ja")).toBe("2026/03/01");
    expect(formatDate("2026-03-01", "en")).toBe("1 Mar 2026");
  });

  it("formats date-times in JST", () => {
    expect(formatDateTime(new Date("2026-11-27T00:05:00Z"), "ja")).toBe("2026/11/27 09:05");
    expect(formatDateTime(new Date("2026-11-27T00:05:00Z"), "en")).toBe("27 Nov 2026 09:05 JST");
  });
});
