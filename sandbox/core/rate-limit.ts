/**
 * Fixed/rolling window counters for emulating provider rate limits.
 *
 * API: `createRollingWindow({ windowMs, max })` → `{ take(now?) → { allowed, remaining, resetMs }, reset() }`:
 * a sliding log of timestamps (exact "rolling" semantics, as HubSpot's TEN_SECONDLY_ROLLING). Memory is O(max).
 * `createFixedWindow({ windowMs, max, windowStart? })` → same shape, counting per aligned window (daily caps,
 * per-minute/per-hour limits). `windowStart(now)` lets daily windows start at JST midnight.
 */

export type TakeResult = { allowed: boolean; remaining: number; resetMs: number; max: number };

export type RateWindow = {
  take(now?: number): TakeResult;
  peek(now?: number): TakeResult;
  reset(): void;
  readonly max: number;
  readonly windowMs: number;
};

export function createRollingWindow({ windowMs, max }: { windowMs: number; max: number }): RateWindow {
  // Circular buffer of the last `max` accepted timestamps: a request is allowed when the oldest is out of the window.
  const stamps = new Float64Array(Math.max(1, max));
  let head = 0;
  let count = 0;
  const oldest = () => stamps[(head - count + stamps.length) % stamps.length] ?? 0;
  const evict = (now: number) => {
    while (count > 0 && now - oldest() >= windowMs) count--;
  };
  const state = (now: number, allowed: boolean): TakeResult => ({
    allowed,
    remaining: Math.max(0, max - count),
    resetMs: count > 0 ? Math.max(0, windowMs - (now - oldest())) : 0,
    max,
  });
  return {
    max,
    windowMs,
    take(now = Date.now()) {
      evict(now);
      if (count >= max) return state(now, false);
      stamps[head] = now;
      head = (head + 1) % stamps.length;
      count++;
      return state(now, true);
    },
    peek(now = Date.now()) {
      evict(now);
      return state(now, count < max);
    },
    reset() {
      count = 0;
      head = 0;
    },
  };
}

export function createFixedWindow({
  windowMs,
  max,
  windowStart = (now: number) => now - (now % windowMs),
}: {
  windowMs: number;
  max: number;
  windowStart?: (now: number) => number;
}): RateWindow {
  let start = -1;
  let used = 0;
  const roll = (now: number) => {
    const s = windowStart(now);
    if (s !== start) {
      start = s;
      used = 0;
    }
  };
  const state = (now: number, allowed: boolean): TakeResult => ({
    allowed,
    remaining: Math.max(0, max - used),
    resetMs: Math.max(0, start + windowMs - now),
    max,
  });
  return {
    max,
    windowMs,
    take(now = Date.now()) {
      roll(now);
      if (used >= max) return state(now, false);
      used++;
      return state(now, true);
    },
    peek(now = Date.now()) {
      roll(now);
      return state(now, used < max);
    },
    reset() {
      used = 0;
      start = -1;
    },
  };
}

/** Start of the current day in JST (UTC+9, no DST), for daily caps that reset at Japanese midnight. */
export function jstDayStart(now: number): number {
  const offset = 9 * 3600_000;
  return now - ((now + offset) % 86_400_000);
}
