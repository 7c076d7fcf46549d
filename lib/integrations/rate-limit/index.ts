/**
 * Per-connection rate limiting for provider APIs. Public API (stable; used by the HubSpot, freee and MF clients):
 *
 *   const limiter = getConnectionLimiter(connectionId, "api", { windows: [{ name: "ten_secondly", limit: 190, intervalMs: 10_000 }] });
 *   const data = await withRateLimit(limiter, () => client.get(...), { onRetry: (e) => log.warn("retry", e) });
 *
 * - `RateLimiter`: sliding/fixed windows + concurrency cap + `pause(ms)` for 429/Retry-After + `stats()` headroom.
 * - `withRateLimit(limiter, fn, opts)`: acquire → fn → on RateLimitError pause the limiter and retry, on
 *   TransientError back off exponentially with jitter; other errors are rethrown untouched.
 * - `getConnectionLimiter(connectionId, bucket, options)`: one limiter per connection and bucket per process.
 * - `backoffDelay`, `jitter`, `sleep`: building blocks.
 * Provider clients throw the typed errors of `@/lib/integrations/errors` so this module knows what to retry.
 */
export { RateLimiter, AbortedError, type WindowRule, type RateLimiterOptions, type RateLimiterStats, type WindowHeadroom, type Release } from "./limiter";
export { withRateLimit, type WithRateLimitOptions, type RetryEvent } from "./with-rate-limit";
export { backoffDelay, jitter, sleep, type BackoffOptions } from "./backoff";
export { getConnectionLimiter, connectionLimiterStats, resetConnectionLimiters } from "./registry";
export { hubspotApiPolicy, HUBSPOT_SEARCH_POLICY, hubspotDefaultRetryAfterMs, type HubSpotTier } from "./hubspot-policies";
