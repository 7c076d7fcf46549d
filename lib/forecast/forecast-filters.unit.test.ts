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
