import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { connections, type Connection } from "@/db/schema";
import { saveRateLimitObservation } from "@/db/queries/sync";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";
import { AuthError } from "@/lib/integrations/errors";
import { HubSpotClient, type HubSpotClientOptions } from "@/lib/integrations/hubspot/client";
import { refreshAccessToken } from "@/lib/integrations/hubspot/oauth";
import { getConnectionLimiter, hubspotApiPolicy, HUBSPOT_SEARCH_POLICY, type RateLimiterOptions } from "@/lib/integrations/rate-limit";
import { logger } from "@/lib/logger";
import { hubspotOAuthConfig } from "./hubspot-config";
import { markReauthorize } from "./manage-connections";

/** Refresh this long before expiry (docs: refresh before expiry; a 401 is "not a valid indicator"). */
const REFRESH_EARLY_MS = 60_000;

/**
 * Returns a valid access token for the connection, refreshing OAuth tokens ~60 s early. The refresh is serialised
 * per connection with a Postgres advisory lock held in a transaction: the second caller waits, re-reads the row and
 * finds the fresh token, so two jobs needing a refresh at once make ONE refresh call. The new token is stored
 * before it is used. A refused refresh marks the connection "reauthorize" and throws AuthError.
 */
export async function getHubSpotAccessToken(db: Database, connectionId: string, opts: { force?: boolean; apiBaseUrl?: string; fetch?: typeof fetch } = {}): Promise<string> {
  const [row] = await db.select().from(connections).where(eq(connections.id, connectionId));
  if (!row || row.status === "disconnected" || !row.accessTokenEnc) {
    throw new AuthError("HubSpot connection is disconnected", { provider: "hubspot", operation: "token" });
  }
  if (row.status === "reauthorize") throw new AuthError("HubSpot connection needs re-authorisation", { provider: "hubspot", operation: "token" });
  if (!needsRefresh(row, opts.force)) return decryptSecret(row.accessTokenEnc);
  const seenToken = row.accessTokenEnc;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`hubspot-token:${connectionId}`}))`);
    const [fresh] = await tx.select().from(connections).where(eq(connections.id, connectionId));
    if (!fresh?.accessTokenEnc) throw new AuthError("HubSpot connection is disconnected", { provider: "hubspot", operation: "token" });
    // Someone refreshed while we waited for the lock: use theirs.
    if (fresh.accessTokenEnc !== seenToken && !needsRefresh(fresh, false)) return decryptSecret(fresh.accessTokenEnc);
    if (!fresh.refreshTokenEnc) throw new AuthError("HubSpot token expired and there is no refresh token", { provider: "hubspot", operation: "token" });
    try {
      const cfg = hubspotOAuthConfig(opts.apiBaseUrl ? { apiBaseUrl: opts.apiBaseUrl, fetch: opts.fetch } : { fetch: opts.fetch });
      const t = await refreshAccessToken(cfg, decryptSecret(fresh.refreshTokenEnc));
      const now = new Date();
      await tx
        .update(connections)
        .set({
          accessTokenEnc: encryptSecret(t.access_token),
          // HubSpot keeps the refresh token; store whatever comes back in case that changes.
          refreshTokenEnc: t.refresh_token ? encryptSecret(t.refresh_token) : fresh.refreshTokenEnc,
          accessTokenExpiresAt: new Date(now.getTime() + t.expires_in * 1000),
          lastRefreshedAt: now,
          lastError: null,
          updatedAt: now,
        })
        .where(eq(connections.id, connectionId));
      return t.access_token;
    } catch (error) {
      if (error instanceof AuthError) {
        // Outside the transaction's fate: the re-authorise status must stick even though we roll back.
        await markReauthorize(db, connectionId, error.message);
      }
      throw error;
    }
  });
}

function needsRefresh(row: Connection, force?: boolean): boolean {
  if (row.authType !== "oauth") return false; // private-app tokens do not expire
  if (force) return true;
  return !row.accessTokenExpiresAt || row.accessTokenExpiresAt.getTime() - Date.now() < REFRESH_EARLY_MS;
}

export type HubSpotClientFor = {
  client: HubSpotClient;
  connection: Connection;
};

/**
 * A HubSpot client for one connection: the token provider above, the connection's rate limiters (OAuth 110/10 s,
 * private app 190/10 s + daily, search 5/s), and rate-limit observations written for the health page (throttled to
 * one write per 5 s).
 */
export function hubspotClientFor(
  db: Database,
  connection: Connection,
  overrides: Partial<Pick<HubSpotClientOptions, "baseUrl" | "fetch" | "signal" | "onRetry">> & { apiPolicy?: RateLimiterOptions } = {},
): HubSpotClient {
  const baseUrl = overrides.baseUrl ?? env().HUBSPOT_API_BASE_URL;
  const limiter = getConnectionLimiter(connection.id, "api", overrides.apiPolicy ?? hubspotApiPolicy(connection.authType === "oauth" ? "oauth" : "private_pro"));
  const searchLimiter = getConnectionLimiter(connection.id, "search", HUBSPOT_SEARCH_POLICY);
  let lastWrite = 0;
  return new HubSpotClient({
    baseUrl,
    fetch: overrides.fetch,
    signal: overrides.signal,
    limiter,
    searchLimiter,
    getAccessToken: (force) => getHubSpotAccessToken(db, connection.id, { force, apiBaseUrl: baseUrl, fetch: overrides.fetch }),
    onRetry: (e) => {
      logger.warn("hubspot call retried", { connectionId: connection.id, operation: e.operation, kind: e.error.kind, delayMs: e.delayMs, status: e.error.status });
      overrides.onRetry?.(e);
      if (e.error.kind === "rate_limit") {
        const stats = limiter.stats();
        void saveRateLimitObservation(db, { connectionId: connection.id, bucket: "api", throttledCount: stats.throttled, lastThrottledAt: new Date(), details: stats }).catch(() => {});
      }
    },
    onRateHeaders: (h) => {
      const now = Date.now();
      if (now - lastWrite < 5_000) return;
      lastWrite = now;
      const stats = limiter.stats();
      void saveRateLimitObservation(db, {
        connectionId: connection.id,
        bucket: "api",
        limit: h.max ?? null,
        remaining: h.remaining ?? null,
        intervalMs: h.intervalMs ?? null,
        dailyLimit: h.daily ?? null,
        dailyRemaining: h.dailyRemaining ?? null,
        throttledCount: stats.throttled,
        details: stats,
      }).catch(() => {});
    },
  });
}
