import type { RateLimiterOptions } from "./limiter";

/**
 * HubSpot's documented limits (api-hubspot.md §9, §3), as limiter configs. The margin keeps our rolling window a bit
 * wider than theirs: HubSpot counts arrivals, we count departures, and latency varies between the two.
 *
 * - Private apps / service keys, Professional & Enterprise: 190 requests per 10 s (rolling), 625,000 a day
 *   (the lower of the two published figures; the daily budget is shared by all apps of the account).
 * - Private apps, Free & Starter: 100 per 10 s, 250,000 a day.
 * - OAuth apps: 110 per 10 s per installing account (no published daily cap for the app itself).
 * - Search: 5 per second, separate from the budgets above.
 */
const DAY = 86_400_000;
const TEN_SECONDS = 10_000;

export type HubSpotTier = "oauth" | "private_pro" | "private_starter";

export function hubspotApiPolicy(tier: HubSpotTier, overrides: { perTenSeconds?: number; maxConcurrent?: number } = {}): RateLimiterOptions {
  const burst = overrides.perTenSeconds ?? (tier === "oauth" ? 110 : tier === "private_pro" ? 190 : 100);
  const windows: RateLimiterOptions["windows"] = [{ name: "ten_secondly", limit: burst, intervalMs: TEN_SECONDS, marginMs: 150 }];
  if (tier !== "oauth") windows.push({ name: "daily", limit: tier === "private_pro" ? 625_000 : 250_000, intervalMs: DAY, kind: "fixed" });
  return { windows, maxConcurrent: overrides.maxConcurrent ?? 8 };
}

export const HUBSPOT_SEARCH_POLICY: RateLimiterOptions = {
  windows: [{ name: "secondly", limit: 5, intervalMs: 1_000, marginMs: 100 }],
  maxConcurrent: 3,
};

/** Fallback waits when a HubSpot 429 carries no Retry-After, by `policyName` (api-hubspot.md §9). */
export function hubspotDefaultRetryAfterMs(policyName: string | undefined, now: number = Date.now()): number {
  if (policyName === "SECONDLY") return 1_000;
  if (policyName === "DAILY") return DAY - (now % DAY);
  return TEN_SECONDS;
}
