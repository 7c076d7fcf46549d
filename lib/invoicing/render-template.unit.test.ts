import { describe, expect, it } from "vitest";

import { formatYen, renderTemplate } from "./render-template";

describe("renderTemplate", () => {
  it("fills placeholders, tolerating spaces inside the braces", () => {
    const result = renderTemplate("{{company.name}} 御中 {{ billingMonthJa }}分（{{deal.name}}）", {
      "company.name": "株式会社さくら",
      billingMonthJa: "2026年4月",
      "deal.name": "年間保守",
    });
    expect(result).toEqual({ text: "株式会社さくら 御中 2026年4月分（年間保守）", unknownPlaceholders: [] });
  });

  it("renders null values as empty and numbers as digits", () => {
    expect(renderTemplate("[{{deal.owner}}] {{deal.amount}}", { "deal.owner": null, "deal.amount": 120000 }).text).toBe("[] 120000");
  });

  it("leaves unknown placeholders visible and reports them once", () => {
    const result = renderTemplate("{{deal.nmae}} / {{deal.nmae}} / {{toString}}", {});
    expect(result.text).toBe("{{deal.nmae}} / {{deal.nmae}} / {{toString}}");
    expect(result.unknownPlaceholders).toEqual(["deal.nmae", "toString"]);
  });

  it("does not treat lone braces as placeholders", () => {
    expect(renderTemplate("{single} {{ }} {{1abc}}", {}).text).toBe("{single} {{ }} {{1abc}}");
  });
});

describe("formatYen", () => {
  it("groups thousands", () => {
    expect(formatYen(1234567)).toBe("¥1,234,567");
    expect(formatYen(-1000)).toBe("-¥1,000");
    expect(formatYen(0)).toBe("¥0");
  });
});
