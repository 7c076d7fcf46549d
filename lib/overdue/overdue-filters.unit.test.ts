import { describe, expect, it } from "vitest";
import { DEFAULT_OVERDUE_FILTERS, overdueFiltersToQuery, parseOverdueFilters } from "./overdue-filters";

describe("overdue filters", () => {
  it("defaults: most days late first, page 1, nothing filtered", () => {
    expect(parseOverdueFilters({})).toEqual(DEFAULT_OVERDUE_FILTERS);
  });

  it("malformed values fall back to their defaults instead of failing the page", () => {
    expect(parseOverdueFilters({ bucket: "12-40", sort: "name;drop", dir: "sideways", page: "-3", mine: "yes", q: "x".repeat(500) })).toEqual(DEFAULT_OVERDUE_FILTERS);
  });

  it("round-trips through the query string, leaving defaults out", () => {
    const filters = { bucket: "61-90" as const, ownerId: "75100001", mine: false, q: "アルファ", brokenPromise: true, sort: "amount" as const, dir: "asc" as const, page: 3 };
    const query = overdueFiltersToQuery(filters);
    expect(query.toString()).toBe("bucket=61-90&owner=75100001&q=%E3%82%A2%E3%83%AB%E3%83%95%E3%82%A1&broken=1&sort=amount&dir=asc&page=3");
    expect(parseOverdueFilters(query)).toEqual(filters);
    expect(overdueFiltersToQuery(filters, { page: false }).has("page")).toBe(false);
    expect(overdueFiltersToQuery(DEFAULT_OVERDUE_FILTERS).toString()).toBe("");
  });

  it("takes the first of repeated parameters", () => {
    expect(parseOverdueFilters({ bucket: ["91+", "1-30"] }).bucket).toBe("91+");
  });
});
