import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimitError, TransientError, ValidationError } from "../errors";
import { backoffDelay } from "./backoff";
import { RateLimiter } from "./limiter";
import { withRateLimit } from "./with-rate-limit";

describe("RateLimiter", () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it("never grants more than the limit inside a rolling window", async () => {
    const limiter = new RateLimiter({ windows: [{ name: "w", limit: 3, intervalMs: 1_000 }] });
    const grants: number[] = [];
    const all = Array.from({ length: 7 }, () => limiter.acquire().then((release) => (grants.push(Date.now()), release())));
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all(all);
    expect(grants).toHaveLength(7);
    // Any 3 consecutive grants after the first 3 are at least one window apart from the grant 3 earlier.
    for (let i = 3; i < grants.length; i++) expect(grants[i]! - grants[i - 3]!).toBeGreaterThanOrEqual(1_000);
    expect(grants.slice(0, 3)).toEqual([1_000_000, 1_000_000, 1_000_000]);
  });

  it("pause() blocks every caller until it expires", async () => {
    const limiter = new RateLimiter({ windows: [{ name: "w", limit: 100, intervalMs: 1_000 }] });
    limiter.pause(5_000, "TEN_SECONDLY_ROLLING");
    let granted = false;
    void limiter.acquire().then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(4_900);
    expect(granted).toBe(false);
    expect(limiter.stats().pauseReason).toBe("TEN_SECONDLY_ROLLING");
    await vi.advanceTimersByTimeAsync(200);
    expect(granted).toBe(true);
  });

  it("caps concurrency and frees the slot on release", async () => {
    const limiter = new RateLimiter({ windows: [], maxConcurrent: 1 });
    const first = await limiter.acquire();
    let second = false;
    void limiter.acquire().then(() => (second = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(second).toBe(false);
    first();
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toBe(true);
  });

  it("fixed windows (daily caps) reset at the window boundary", async () => {
    const limiter = new RateLimiter({ windows: [{ name: "daily", limit: 2, intervalMs: 10_000, kind: "fixed" }] });
    await limiter.acquire();
    await limiter.acquire();
    let third = false;
    void limiter.acquire().then(() => (third = true));
    await vi.advanceTimersByTimeAsync(1);
    expect(third).toBe(false);
    expect(limiter.stats().windows[0]).toMatchObject({ used: 2, remaining: 0 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(third).toBe(true);
  });

  it("an aborted waiter leaves the queue", async () => {
    const limiter = new RateLimiter({ windows: [], maxConcurrent: 1 });
    await limiter.acquire();
    const ac = new AbortController();
    const waiting = limiter.acquire(ac.signal);
    ac.abort();
    await expect(waiting).rejects.toThrow(/aborted/);
    expect(limiter.stats().queued).toBe(0);
  });
});

describe("withRateLimit", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());
  const limiter = () => new RateLimiter({ windows: [{ name: "w", limit: 10, intervalMs: 1_000 }] });

  it("waits out a 429's Retry-After on the whole limiter, then succeeds", async () => {
    const l = limiter();
    let calls = 0;
    const fn = vi.fn(async () => {
      calls++;
      if (calls === 1) throw new RateLimitError("429", { provider: "hubspot", status: 429, retryAfterMs: 2_000, policy: "TEN_SECONDLY_ROLLING" });
      return "ok";
    });
    const result = withRateLimit(l, fn);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe("ok");
    expect(l.stats().throttled).toBe(1);
  });

  it("gives up at once on a DAILY 429 (but pauses the limiter)", async () => {
    const l = limiter();
    const fn = async () => {
      throw new RateLimitError("daily", { provider: "hubspot", status: 429, retryAfterMs: 3_600_000, policy: "DAILY" });
    };
    await expect(withRateLimit(l, fn, { giveUpPolicies: ["DAILY"] })).rejects.toBeInstanceOf(RateLimitError);
    expect(l.stats().pausedUntil).toBeGreaterThan(3_600_000);
  });

  it("retries transient errors with backoff and stops after the limit", async () => {
    const fn = vi.fn(async () => {
      throw new TransientError("503", { provider: "freee", status: 503 });
    });
    const p = withRateLimit(limiter(), fn, { maxTransientRetries: 2, backoff: { baseMs: 100, random: () => 0 } });
    const settled = expect(p).rejects.toBeInstanceOf(TransientError);
    await vi.advanceTimersByTimeAsync(1_000);
    await settled;
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it("does not retry validation errors", async () => {
    const fn = vi.fn(async () => {
      throw new ValidationError("400", { provider: "hubspot", status: 400 });
    });
    await expect(withRateLimit(limiter(), fn)).rejects.toBeInstanceOf(ValidationError);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially within [cap/2, cap] and is capped", () => {
    expect(backoffDelay(0, { baseMs: 100, random: () => 0 })).toBe(50);
    expect(backoffDelay(3, { baseMs: 100, random: () => 1 })).toBe(800);
    expect(backoffDelay(20, { baseMs: 100, maxMs: 5_000, random: () => 1 })).toBe(5_000);
  });
});
