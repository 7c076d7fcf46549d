import { describe, expect, it } from "vitest";
import { boardFiltersToQuery, parseBoardFilters, resolvePeriod } from "./board-filters";

const today = "2026-11-27";

describe("resolvePeriod (JST calendar dates, inclusive)", () => {
  it.each([
    ["this_month", "2026-11-01", "2026-11-30"],
    ["last_month", "2026-10-01", "2026-10-31"],
    ["this_quarter", "2026-10-01", "2026-12-31"],
    ["last_90_days", "2026-08-30", "2026-11-27"],
    ["this_year", "2026-01-01", "2026-12-31"],
  ] as const)("%s", (preset, from, to) => {
    expect(resolvePeriod(preset, today)).toEqual({ from, to });
  });

  it("last month from January is December of the year before; February has 28 days", () => {
    expect(resolvePeriod("last_month", "2027-01-15")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(resolvePeriod("this_month", "2027-02-10")).toEqual({ from: "2027-02-01", to: "2027-02-28" });
  });

  it("custom swaps a reversed range", () => {
    expect(resolvePeriod("custom", today, { from: "2026-11-30", to: "2026-11-01" })).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });
});

describe("parseBoardFilters", () => {
  it("defaults to this month and no filters", () => {
    expect(parseBoardFilters(new URLSearchParams(), today)).toEqual({
      period: "this_month",
      from: "2026-11-01",
      to: "2026-11-30",
      ownerId: null,
      pipelineId: null,
      target: null,
      minAmount: null,
      maxAmount: null,
      q: null,
      mine: false,
    });
  });

  it("reads every filter, trims the search and swaps a reversed amount range", () => {
    const f = parseBoardFilters({ period: "custom", from: "2026-01-01", to: "2026-03-31", owner: "123", pipeline: "default", target: "freee", min: "¥5,000,000", max: "1000", q: "  ベンチ ", mine: "1" }, today);
    expect(f).toEqual({ period: "custom", from: "2026-01-01", to: "2026-03-31", ownerId: "123", pipelineId: "default", target: "freee", minAmount: 1000, maxAmount: 5_000_000, q: "ベンチ", mine: true });
  });

  it("falls back on malformed input instead of failing", () => {
    const f = parseBoardFilters({ period: "forever", min: "abc", from: "yesterday", q: "" }, today);
    expect(f).toMatchObject({ period: "this_month", minAmount: null, q: null });
  });

  it("round-trips through the query string", () => {
    const f = parseBoardFilters({ period: "custom", from: "2026-01-01", to: "2026-03-31", owner: "9", min: "10", q: "x", mine: "1" }, today);
    expect(parseBoardFilters(boardFiltersToQuery(f), today)).toEqual(f);
    expect(boardFiltersToQuery(parseBoardFilters({}, today)).toString()).toBe("");
  });
});
