/**
 * freee's usage limits per company × app (one app in the sandbox):
 * - daily caps (3,000 / 5,000 / 10,000 by plan), counted per product, reset at JST midnight. For freee会計 the status of
 *   an exhausted daily cap is not documented; we answer 429 with the documented `tooManyRequestsError` body and
 *   x-ratelimit-* headers so clients exercise their 429 path. freee請求書 says plainly that 429 = a limit exceeded.
 * - freee請求書: 30 requests/minute and 1,500/hour, with X-RateLimit-* / X-Ratelimit-*-Minute / X-RateLimit-*-Day
 *   headers on every response (header spelling copied from the IV document, mixed case included).
 * - "過度のアクセス": freee answers 403 and lifts it after about 10 minutes; the threshold is not published. The
 *   emulator trips it when one company sends more than `excessivePerMinute` requests in a rolling minute (default 600,
 *   i.e. a client ignoring its 429s), and `POST /_sandbox/excessive-access` trips it on demand.
 */
import { createFixedWindow, createRollingWindow, jstDayStart, type RateWindow, type TakeResult } from "../core/rate-limit";
import { isoMicros } from "./jst";

export type LimitConfig = { enabled: boolean; excessivePerMinute: number; blockMinutes: number; ivPerMinute: number; ivPerHour: number };

export const DEFAULT_LIMITS: LimitConfig = { enabled: true, excessivePerMinute: 600, blockMinutes: 10, ivPerMinute: 30, ivPerHour: 1500 };

type CompanyCounters = {
  accountingDay: RateWindow;
  ivDay: RateWindow;
  ivMinute: RateWindow;
  ivHour: RateWindow;
  excessive: RateWindow;
  blockedUntil: number;
};

export type LimitDecision =
  | { kind: "ok"; headers: Record<string, string> }
  | { kind: "blocked"; untilMs: number }
  | { kind: "limited"; product: "accounting" | "iv"; window: "day" | "hour" | "minute"; result: TakeResult; headers: Record<string, string> };

export class FreeeLimits {
  config: LimitConfig;
  private counters = new Map<number, CompanyCounters>();

  constructor(enabled: boolean) {
    this.config = { ...DEFAULT_LIMITS, enabled };
  }

  set(partial: Partial<LimitConfig>): void {
    this.config = { ...this.config, ...partial };
    this.counters.clear();
  }

  reset(): void {
    this.counters.clear();
  }

  private get(companyId: number, dailyLimit: number): CompanyCounters {
    let c = this.counters.get(companyId);
    if (!c) {
      c = {
        accountingDay: createFixedWindow({ windowMs: 86_400_000, max: dailyLimit, windowStart: jstDayStart }),
        ivDay: createFixedWindow({ windowMs: 86_400_000, max: dailyLimit, windowStart: jstDayStart }),
        ivMinute: createFixedWindow({ windowMs: 60_000, max: this.config.ivPerMinute }),
        ivHour: createFixedWindow({ windowMs: 3_600_000, max: this.config.ivPerHour }),
        excessive: createRollingWindow({ windowMs: 60_000, max: this.config.excessivePerMinute }),
        blockedUntil: 0,
      };
      this.counters.set(companyId, c);
    }
    return c;
  }

  block(companyId: number, dailyLimit: number, minutes = this.config.blockMinutes, now = Date.now()): number {
    const c = this.get(companyId, dailyLimit);
    c.blockedUntil = now + minutes * 60_000;
    return c.blockedUntil;
  }

  /** Count one request of `product` for `companyId` and say whether it may proceed. */
  take(product: "accounting" | "iv", companyId: number, dailyLimit: number, now = Date.now()): LimitDecision {
    const c = this.get(companyId, dailyLimit);
    // The excessive-access block is independent of the on/off switch only when set by hand; automatic trips need limits on.
    if (c.blockedUntil > now) return { kind: "blocked", untilMs: c.blockedUntil };
    if (!this.config.enabled) return { kind: "ok", headers: {} };
    if (!c.excessive.take(now).allowed) {
      c.blockedUntil = now + this.config.blockMinutes * 60_000;
      return { kind: "blocked", untilMs: c.blockedUntil };
    }
    if (product === "accounting") {
      const day = c.accountingDay.take(now);
      if (!day.allowed) {
        const reset = new Date(now + day.resetMs).toISOString();
        return {
          kind: "limited",
          product,
          window: "day",
          result: day,
          headers: { "x-ratelimit-limit": String(day.max), "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
        };
      }
      return { kind: "ok", headers: {} };
    }
    // freee請求書: check every window before consuming any, so a refused call does not eat the hour's budget.
    const minutePeek = c.ivMinute.peek(now);
    const hourPeek = c.ivHour.peek(now);
    const dayPeek = c.ivDay.peek(now);
    const failing: ["minute" | "hour" | "day", TakeResult] | null = !dayPeek.allowed
      ? ["day", dayPeek]
      : !hourPeek.allowed
        ? ["hour", hourPeek]
        : !minutePeek.allowed
          ? ["minute", minutePeek]
          : null;
    if (failing) return { kind: "limited", product, window: failing[0], result: failing[1], headers: ivHeaders(now, hourPeek, minutePeek, dayPeek) };
    const minute = c.ivMinute.take(now);
    const hour = c.ivHour.take(now);
    const day = c.ivDay.take(now);
    return { kind: "ok", headers: ivHeaders(now, hour, minute, day) };
  }
}

function ivHeaders(now: number, hour: TakeResult, minute: TakeResult, day: TakeResult): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(hour.max),
    "X-RateLimit-Remaining": String(hour.remaining),
    "X-RateLimit-Reset": isoMicros(now + hour.resetMs),
    "X-Ratelimit-Limit-Minute": String(minute.max),
    "X-Ratelimit-Remaining-Minute": String(minute.remaining),
    "X-Ratelimit-Reset-Minute": isoMicros(now + minute.resetMs),
    "X-RateLimit-Limit-Day": String(day.max),
    "X-RateLimit-Remaining-Day": String(day.remaining),
    "X-RateLimit-Reset-Day": isoMicros(now + day.resetMs),
  };
}
