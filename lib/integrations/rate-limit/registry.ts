import { RateLimiter, type RateLimiterOptions } from "./limiter";

/**
 * One limiter per (connection, bucket) per process. A bucket separates budgets the provider counts separately, e.g.
 * HubSpot "api" (190 / 10 s) and "search" (5 / s), freee "api" and "daily". Kept on globalThis so Next dev reloads and
 * several sync jobs in the same worker share one budget for the same connection.
 */
const globalForLimiters = globalThis as unknown as { kakehashiRateLimiters?: Map<string, RateLimiter> };

function limiters(): Map<string, RateLimiter> {
  globalForLimiters.kakehashiRateLimiters ??= new Map();
  return globalForLimiters.kakehashiRateLimiters;
}

/** Get (or create with `options`) the limiter for a connection's bucket. Options are used only on creation. */
export function getConnectionLimiter(connectionId: string, bucket: string, options: RateLimiterOptions): RateLimiter {
  const key = `${connectionId}:${bucket}`;
  let limiter = limiters().get(key);
  if (!limiter) {
    limiter = new RateLimiter(options);
    limiters().set(key, limiter);
  }
  return limiter;
}

/** Stats of every limiter of a connection in this process (for the health page's "rate-limit headroom"). */
export function connectionLimiterStats(connectionId: string): Record<string, ReturnType<RateLimiter["stats"]>> {
  const out: Record<string, ReturnType<RateLimiter["stats"]>> = {};
  for (const [key, limiter] of limiters()) {
    if (key.startsWith(`${connectionId}:`)) out[key.slice(connectionId.length + 1)] = limiter.stats();
  }
  return out;
}

/** Drop a connection's limiters (on disconnect, and between tests). Without an id, drops all. */
export function resetConnectionLimiters(connectionId?: string): void {
  for (const key of [...limiters().keys()]) {
    if (!connectionId || key.startsWith(`${connectionId}:`)) limiters().delete(key);
  }
}
