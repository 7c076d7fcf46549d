import { describe, expect, it } from "vitest";
import { createRequestLog } from "./request-log";
import { createFixedWindow, createRollingWindow, jstDayStart } from "./rate-limit";
import { createFaultController } from "./faults";

describe("request log", () => {
  it("keeps the newest entries first and wraps at capacity", () => {
    const log = createRequestLog(3);
    for (let i = 0; i < 5; i++) log.push({ at: "", method: "GET", path: `/${i}`, query: "", status: 200, durationMs: 1 });
    expect(log.recent(10).map((e) => e.path)).toEqual(["/4", "/3", "/2"]);
    expect(log.recent(1).map((e) => e.path)).toEqual(["/4"]);
  });
});

describe("rate windows", () => {
  it("rolling window frees slots as old requests leave the window", () => {
    const w = createRollingWindow({ windowMs: 1000, max: 2 });
    expect(w.take(0).allowed).toBe(true);
    expect(w.take(500).allowed).toBe(true);
    expect(w.take(900).allowed).toBe(false);
    expect(w.take(1000).allowed).toBe(true);
    expect(w.take(1200).allowed).toBe(false);
  });
  it("fixed window resets at the boundary; JST day starts at 15:00 UTC", () => {
    const w = createFixedWindow({ windowMs: 1000, max: 1 });
    expect(w.take(10).allowed).toBe(true);
    expect(w.take(999).allowed).toBe(false);
    expect(w.take(1000).allowed).toBe(true);
    expect(new Date(jstDayStart(Date.parse("2026-01-02T10:00:00Z"))).toISOString()).toBe("2026-01-01T15:00:00.000Z");
  });
});

describe("fault decisions", () => {
  it("respects methods, path pattern and cumulative error rates", () => {
    const f = createFaultController(() => 0.12);
    f.set({ errorRates: { "429": 0.1, "503": 0.05 }, methods: ["POST"], pathPattern: "^/crm" });
    expect(f.decide("GET", "/crm/x").errorStatus).toBeNull();
    expect(f.decide("POST", "/other").errorStatus).toBeNull();
    expect(f.decide("POST", "/crm/x").errorStatus).toBe(503);
    f.set({ commitThenTimeoutRate: 1 });
    expect(f.decide("GET", "/a").commitThenHang).toBe(false);
    expect(f.decide("PATCH", "/a").commitThenHang).toBe(true);
    f.clear();
    expect(f.decide("POST", "/a")).toMatchObject({ hang: false, errorStatus: null, latencyMs: 0 });
  });
});
