import { describe, expect, it } from "vitest";
import { forecastFiltersToQuery, parseForecastFilters } from "./forecast-filters";

describe("forecast filters", () => {
  it("defaults: three past months and six ahead, pipeline included", () => {
    expect(parseForecastFilters(new URLSearchParams())).toEqual({ view: "month", past: 3, ahead: 6, ownerId: null, pipelineId: null, target: null, includePipeline: true });
    expect(parseForecastFilters({ view: "week" })).toMatchObject({ view: "week", past: 4, ahead: 13 });
  });

  it("only offered horizons; malformed values fall back", () => {
    expect(parseForecastFilters({ ahead: "12", past: "0" })).toMatchObject({ ahead: 12, past: 0 });
    expect(parseForecastFilters({ ahead: "500", past: "-1" })).toMatchObject({ ahead: 6, past: 3 });
    expect(parseForecastFilters({ view: "year", ahead: "abc" })).toMatchObject({ view: "month", ahead: 6 });
    expect(parseForecastFilters({ view: "week", ahead: "6" })).toMatchObject({ view: "week", ahead: 13 });
    expect(parseForecastFilters({ owner: "x".repeat(65), target: " " })).toMatchObject({ ownerId: null, target: null });
  });

  it("round-trips through the query string, leaving defaults out", () => {
    const f = parseForecastFilters({ view: "week", ahead: "26", owner: "75100001", pipeline: "default", target: "freee", open: "0" });
    expect(f).toEqual({ view: "week", past: 4, ahead: 26, ownerId: "75100001", pipelineId: "default", target: "freee", includePipeline: false });
    const q = forecastFiltersToQuery(f);
    expect(q.toString()).toBe("view=week&ahead=26&owner=75100001&pipeline=default&target=freee&open=0");
    expect(parseForecastFilters(q)).toEqual(f);
    expect(forecastFiltersToQuery(parseForecastFilters({})).toString()).toBe("");
  });
});

describe("period labels", () => {
  it("months and weeks in both languages, from plain dates", async () => {
    const { formatPeriod } = await import("./format-period");
    expect(formatPeriod("month", "2026-12-01", "2026-12-31", "ja")).toBe("2026年12月");
    expect(formatPeriod("month", "2027-01-01", "2027-01-31", "en")).toBe("Jan 2027");
    expect(formatPeriod("month", "2027-01-01", "2027-01-31", "ja", true)).toBe("1月");
    expect(formatPeriod("week", "2026-12-28", "2027-01-03", "ja")).toBe("12/28〜1/3");
    expect(formatPeriod("week", "2026-12-28", "2027-01-03", "en")).toBe("28 Dec – 3 Jan");
    expect(formatPeriod("week", "2026-12-07", "2026-12-13", "en")).toBe("7–13 Dec");
  });
});
