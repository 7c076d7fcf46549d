import "server-only";
import { getConnectionLimiter, type RateLimiterOptions } from "@/lib/integrations/rate-limit";
import type { AccountingProviderName, RequestGate } from "./types";

const DAY = 86_400_000;
const JST_OFFSET = 9 * 3_600_000;
/** freee's daily caps reset at JST midnight. */
const jstDayStart = (now: number) => now - ((now + JST_OFFSET) % DAY);

/**
 * Documented limits as limiter policies (bucket = the last segment of the request's gate key):
 * - freee会計 ("accounting"): 3,000 a day per company × app on the smaller plans ([ACC info]); no per-second limit is
 *   documented, but "過度のアクセス" trips a 10-minute 403, so we also keep a steady 4 req/s.
 * - freee請求書 ("iv"): 30 / min and 1,500 / h ([IV info]) plus the daily cap.
 * - Money Forward ("api"): 3 req/s (the published v1/v2 figure; v3's is not documented, community clients assume it).
 */
export function accountingPolicy(provider: AccountingProviderName, bucket: string, dailyLimit = 3000): RateLimiterOptions {
  if (provider === "moneyforward") return { windows: [{ name: "secondly", limit: 3, intervalMs: 1_000, marginMs: 100 }], maxConcurrent: 3 };
  if (bucket === "iv") {
    return {
      windows: [
        { name: "minute", limit: 30, intervalMs: 60_000, marginMs: 500 },
        { name: "hour", limit: 1500, intervalMs: 3_600_000, marginMs: 1_000 },
        { name: "daily", limit: dailyLimit, intervalMs: DAY, kind: "fixed", windowStart: jstDayStart },
      ],
      maxConcurrent: 2,
    };
  }
  return {
    windows: [
      { name: "secondly", limit: 4, intervalMs: 1_000, marginMs: 100 },
      { name: "daily", limit: dailyLimit, intervalMs: DAY, kind: "fixed", windowStart: jstDayStart },
    ],
    maxConcurrent: 4,
  };
}

/**
 * The RequestGate of one connection over the shared per-connection limiters (lib/integrations/rate-limit). Gate keys
 * look like "freee:100001:iv"; the bucket is the last segment. `policyOverride` lets tests and the benchmark run
 * with other limits.
 */
export function connectionGate(connectionId: string, provider: AccountingProviderName, policyOverride?: (bucket: string) => RateLimiterOptions): RequestGate {
  const limiterOf = (key: string) => {
    const bucket = key.split(":").pop() ?? "api";
    return getConnectionLimiter(connectionId, `${provider}:${bucket}`, policyOverride?.(bucket) ?? accountingPolicy(provider, bucket));
  };
  return {
    acquire: (key) => limiterOf(key).acquire(),
    penalise: (key, waitMs) => limiterOf(key).pause(waitMs, "provider-throttle"),
  };
}
