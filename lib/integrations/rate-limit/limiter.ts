/**
 * Client-side rate limiter for one provider connection (in-process: the worker/CLI that makes the calls).
 *
 * Why our own instead of the HubSpot SDK's Bottleneck: the SDK limiter is process-wide (api-hubspot.md §10.6), knows
 * nothing about connections, ignores Retry-After and cannot be paused by a 429. This one:
 *  - enforces several windows at once (e.g. HubSpot 190 / 10 s rolling AND 625,000 / day; freee per-hour caps),
 *    each a sliding log (exact "rolling" semantics) or a fixed window (daily caps that reset at midnight);
 *  - caps concurrency;
 *  - can be paused for the whole connection when the provider answers 429 / Retry-After, so the other in-flight
 *    callers stop too instead of each discovering the limit by themselves;
 *  - serves waiters FIFO, so a long sync cannot starve a webhook-triggered fetch queued behind it.
 *
 * Never exceeding the documented limit in steady state is the point: the provider's counter and ours start at
 * slightly different moments (network latency), so policies add a small `marginMs` to each window.
 */

export type WindowRule = {
  /** Name shown in headroom stats, e.g. "ten_secondly", "daily". */
  name: string;
  /** Max requests per window. */
  limit: number;
  intervalMs: number;
  /**
   * "sliding" (default): exact rolling window, memory O(limit) – use for short bursts (HubSpot TEN_SECONDLY_ROLLING).
   * "fixed": aligned windows via `windowStart` – use for daily caps (memory O(1)).
   */
  kind?: "sliding" | "fixed";
  /** Extra time added to a sliding window so latency jitter cannot push two of our windows into one of theirs. */
  marginMs?: number;
  /** For fixed windows: start of the window containing `now` (default: aligned to intervalMs since the epoch). */
  windowStart?: (now: number) => number;
};

export type RateLimiterOptions = {
  windows: WindowRule[];
  /** Max requests in flight at once (default: unlimited). */
  maxConcurrent?: number;
  now?: () => number;
};

export type WindowHeadroom = { name: string; limit: number; used: number; remaining: number; resetMs: number };

export type RateLimiterStats = {
  /** Requests granted since the limiter was created. */
  granted: number;
  /** Number of times the limiter was paused by a provider throttle (429, Retry-After). */
  throttled: number;
  /** Epoch ms until which the limiter is paused (0 = not paused). */
  pausedUntil: number;
  pauseReason: string | undefined;
  queued: number;
  inFlight: number;
  windows: WindowHeadroom[];
};

/** Returned by `acquire`: call it when the request has finished (frees the concurrency slot). Idempotent. */
export type Release = () => void;

type WindowState = {
  rule: WindowRule;
  take(now: number): void;
  /** 0 when a request may go now, else ms to wait. */
  waitMs(now: number): number;
  headroom(now: number): WindowHeadroom;
};

function slidingWindow(rule: WindowRule): WindowState {
  const span = rule.intervalMs + (rule.marginMs ?? 0);
  // Ring buffer of the last `limit` grant times: a request may go when the oldest is out of the window.
  const stamps = new Float64Array(Math.max(1, rule.limit));
  let head = 0;
  let count = 0;
  const oldest = () => stamps[(head - count + stamps.length) % stamps.length] ?? 0;
  const evict = (now: number) => {
    while (count > 0 && now - oldest() >= span) count--;
  };
  return {
    rule,
    take(now) {
      evict(now);
      stamps[head] = now;
      head = (head + 1) % stamps.length;
      count = Math.min(count + 1, stamps.length);
    },
    waitMs(now) {
      evict(now);
      return count < rule.limit ? 0 : Math.max(1, span - (now - oldest()));
    },
    headroom(now) {
      evict(now);
      return { name: rule.name, limit: rule.limit, used: count, remaining: Math.max(0, rule.limit - count), resetMs: count > 0 ? Math.max(0, span - (now - oldest())) : 0 };
    },
  };
}

function fixedWindow(rule: WindowRule): WindowState {
  const startOf = rule.windowStart ?? ((now: number) => now - (now % rule.intervalMs));
  let start = Number.NEGATIVE_INFINITY;
  let used = 0;
  const roll = (now: number) => {
    const s = startOf(now);
    if (s !== start) {
      start = s;
      used = 0;
    }
  };
  return {
    rule,
    take(now) {
      roll(now);
      used++;
    },
    waitMs(now) {
      roll(now);
      return used < rule.limit ? 0 : Math.max(1, start + rule.intervalMs - now);
    },
    headroom(now) {
      roll(now);
      return { name: rule.name, limit: rule.limit, used, remaining: Math.max(0, rule.limit - used), resetMs: Math.max(0, start + rule.intervalMs - now) };
    },
  };
}

export class AbortedError extends Error {
  override name = "AbortError";
}

type Waiter = { resolve: (release: Release) => void; reject: (err: unknown) => void; signal?: AbortSignal; onAbort?: () => void };

export class RateLimiter {
  private readonly windows: WindowState[];
  private readonly maxConcurrent: number;
  private readonly now: () => number;
  private readonly queue: Waiter[] = [];
  private inFlight = 0;
  private granted = 0;
  private throttled = 0;
  private pausedUntil = 0;
  private pauseReason: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: RateLimiterOptions) {
    this.windows = options.windows.map((w) => ((w.kind ?? "sliding") === "fixed" ? fixedWindow(w) : slidingWindow(w)));
    this.maxConcurrent = options.maxConcurrent ?? Number.POSITIVE_INFINITY;
    this.now = options.now ?? Date.now;
  }

  /** Wait for a slot in every window (and a concurrency slot). Resolves with a release function. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new AbortedError("aborted before acquiring a rate-limit slot"));
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(new AbortedError("aborted while waiting for a rate-limit slot"));
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Run `fn` inside one slot (acquire → fn → release). No retry: see `withRateLimit` for that. */
  async schedule<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Stop granting slots for `ms` (the provider said "slow down": 429 with Retry-After, freee's 403 window).
   * Pauses only extend, never shorten, an existing pause.
   */
  pause(ms: number, reason?: string): void {
    const until = this.now() + Math.max(0, ms);
    this.throttled++;
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.pauseReason = reason;
    }
    this.reschedule();
  }

  /**
   * Align our count with the provider's view, e.g. from HubSpot's `X-HubSpot-RateLimit-Remaining` header: when the
   * provider reports fewer remaining than we think (other processes share the app's budget), fill the window so we
   * slow down. Only ever makes the limiter stricter.
   */
  observeRemaining(windowName: string, remaining: number): void {
    const state = this.windows.find((w) => w.rule.name === windowName);
    if (!state) return;
    const now = this.now();
    let ours = state.headroom(now).remaining;
    while (ours > remaining && ours > 0) {
      state.take(now);
      ours--;
    }
  }

  stats(): RateLimiterStats {
    const now = this.now();
    return {
      granted: this.granted,
      throttled: this.throttled,
      pausedUntil: this.pausedUntil > now ? this.pausedUntil : 0,
      pauseReason: this.pausedUntil > now ? this.pauseReason : undefined,
      queued: this.queue.length,
      inFlight: this.inFlight,
      windows: this.windows.map((w) => w.headroom(now)),
    };
  }

  private waitMs(now: number): number {
    let wait = Math.max(0, this.pausedUntil - now);
    for (const w of this.windows) wait = Math.max(wait, w.waitMs(now));
    return wait;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxConcurrent) {
      const now = this.now();
      const wait = this.waitMs(now);
      if (wait > 0) {
        this.reschedule(wait);
        return;
      }
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      for (const w of this.windows) w.take(now);
      this.inFlight++;
      this.granted++;
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.pump();
      });
    }
  }

  private reschedule(wait?: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const ms = wait ?? this.waitMs(this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
  }
}
