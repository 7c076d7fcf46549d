import "server-only";
import type { Database } from "@/db/client";
import type { Connection } from "@/db/schema";
import { env } from "@/lib/env";
import { FreeeProvider } from "@/lib/integrations/freee/client";
import { freeeRefresher } from "@/lib/integrations/freee/oauth";
import { MoneyForwardProvider } from "@/lib/integrations/moneyforward/client";
import { mfRefresher } from "@/lib/integrations/moneyforward/oauth";
import { createTokenSource } from "@/lib/integrations/oauth/token-source";
import type { RateLimiterOptions } from "@/lib/integrations/rate-limit";
import { connectionGate } from "./gate";
import { invoiceNumberingStore } from "./invoice-numbering";
import type { AccountingProvider, ProviderDeps } from "./types";

export * from "./types";
export * from "./errors";

export type AccountingProviderDeps = {
  db: Database;
  /** Overrides for tests: the sandbox's URLs and an injected fetch. Default: env() base URLs and global fetch. */
  apiBaseUrl?: string;
  authBaseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxRetries?: number;
  sleep?: ProviderDeps["sleep"];
  /** Limiter policy per bucket (default: the documented limits, lib/integrations/accounting/gate.ts). */
  policy?: (bucket: string) => RateLimiterOptions;
  /** Pins the freee請求書 numbering (tests); by default it is learned per connection (./invoice-numbering.ts). */
  invoiceNumbering?: "manual" | "auto";
  onRateLimit?: ProviderDeps["onRateLimit"];
  /** Replaces the per-connection limiter gate (tests observing penalties without waiting them out). */
  gate?: ProviderDeps["gate"];
};

/**
 * THE way to talk to a connected accounting product: returns the provider for a `connections` row (freee company
 * or MF office) with serialised token refresh, the per-connection rate limiter and typed errors wired in.
 * A connection that is not `active` yields a provider whose every call throws ReauthorizationRequiredError.
 */
export function getAccountingProvider(connection: Connection, deps: AccountingProviderDeps): AccountingProvider {
  if (connection.provider === "hubspot") throw new Error("getAccountingProvider: a HubSpot connection is not an accounting connection");
  const e = env();
  const onReauthorize = async (c: Connection, reason: string) => {
    const { raiseAlert } = await import("@/lib/alerts/raise-alert");
    await raiseAlert(deps.db, {
      dedupKey: `connection-reauthorize:${c.id}:${c.lastRefreshedAt?.toISOString() ?? c.createdAt.toISOString()}`,
      kind: "connection.reauthorize",
      title: `${c.provider === "freee" ? "freee" : "Money Forward"} の再認証が必要です / ${c.provider} connection needs re-authorisation`,
      body: `${c.externalAccountName ?? c.externalAccountId ?? c.id}: ${reason}. 設定 → 接続 から再接続してください。Its sync jobs are paused until then.`,
      context: { connectionId: c.id, provider: c.provider },
    });
  };
  const common: ProviderDeps = {
    tokens: createTokenSource({
      db: deps.db,
      connectionId: connection.id,
      provider: connection.provider,
      refresh: connection.provider === "freee" ? freeeRefresher({ ...(deps.authBaseUrl ? { accountsBaseUrl: deps.authBaseUrl } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) }) : mfRefresher({ ...(deps.authBaseUrl ? { authBaseUrl: deps.authBaseUrl } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
      onReauthorize,
    }),
    gate: deps.gate ?? connectionGate(connection.id, connection.provider, deps.policy),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.maxRetries !== undefined ? { maxRetries: deps.maxRetries } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.onRateLimit ? { onRateLimit: deps.onRateLimit } : {}),
  };
  if (connection.provider === "freee") {
    return new FreeeProvider({
      ...common,
      baseUrl: deps.apiBaseUrl ?? e.FREEE_API_BASE_URL,
      companyId: Number(connection.externalAccountId),
      ...(deps.invoiceNumbering ? { invoiceNumbering: deps.invoiceNumbering } : { numberingStore: invoiceNumberingStore(deps.db, connection.id) }),
    });
  }
  return new MoneyForwardProvider({ ...common, baseUrl: deps.apiBaseUrl ?? e.MF_API_BASE_URL, officeId: connection.externalAccountId ?? "" });
}
