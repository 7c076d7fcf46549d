import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { connections, type Connection } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { ReauthorizationRequiredError } from "@/lib/integrations/accounting/errors";
import type { TokenSource } from "@/lib/integrations/accounting/types";
import type { IntegrationProvider } from "@/lib/integrations/errors";

/** What a provider's token endpoint returned, normalised. */
export type IssuedTokens = {
  accessToken: string;
  refreshToken: string;
  /** seconds */
  expiresIn: number;
  /** seconds, when the provider says (freee: 90 days by documentation, not in the response). */
  refreshExpiresIn?: number | null;
  scopes?: string[] | null;
};

/** Calls the provider's token endpoint with a refresh token. Throws ReauthorizationRequiredError on invalid_grant. */
export type RefreshTokens = (refreshToken: string) => Promise<IssuedTokens>;

/** Refresh this long before the access token expires (code-style.md §9: ~60 s early). */
export const REFRESH_EARLY_MS = 60_000;

export type TokenSourceOptions = {
  db: Database;
  connectionId: string;
  provider: IntegrationProvider;
  refresh: RefreshTokens;
  /** Called once, after the connection was marked `reauthorize` (raises the alert). Never throws into the caller. */
  onReauthorize?: (connection: Connection, reason: string) => Promise<void>;
  now?: () => number;
};

/**
 * Tokens of one connection with SERIALISED refresh. freee and Money Forward refresh tokens are single-use and rotate
 * (api-freee.md §1, api-moneyforward.md §2): two processes refreshing with the same refresh token would leave one of
 * them — and possibly the connection — with a dead grant. So a refresh:
 *   1. takes a Postgres advisory lock for this connection (pg_advisory_xact_lock, held until the transaction ends,
 *      across processes: web, worker, CLI);
 *   2. re-reads the row inside the lock: if another process has refreshed meanwhile, its token is used, no refresh;
 *   3. calls the token endpoint and stores the NEW tokens (encrypted) in the same transaction, which commits before
 *      the new access token is handed to anyone — a crash after the call but before use loses nothing;
 *   4. on invalid_grant marks the connection `reauthorize` (its jobs then skip) and raises an alert once.
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const now = options.now ?? Date.now;
  const fresh = (row: Connection) => !!row.accessTokenEnc && !!row.accessTokenExpiresAt && row.accessTokenExpiresAt.getTime() - now() > REFRESH_EARLY_MS;

  async function load(): Promise<Connection> {
    const [row] = await options.db.select().from(connections).where(eq(connections.id, options.connectionId));
    if (!row) throw new ReauthorizationRequiredError(`connection ${options.connectionId} not found`, undefined, options.provider);
    return row;
  }

  function assertUsable(row: Connection): void {
    if (row.status !== "active") throw new ReauthorizationRequiredError(`connection ${row.id} is ${row.status}: re-authorise it in settings`, undefined, options.provider);
  }

  async function refreshSerialised(staleToken: string | null): Promise<string> {
    let reauthorize: { row: Connection; reason: string } | null = null;
    const token = await options.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`oauth-refresh:${options.connectionId}`}, 0))`);
      const [row] = await tx.select().from(connections).where(eq(connections.id, options.connectionId)).for("update");
      if (!row) throw new ReauthorizationRequiredError(`connection ${options.connectionId} not found`, undefined, options.provider);
      assertUsable(row);
      const current = row.accessTokenEnc ? decryptSecret(row.accessTokenEnc) : null;
      // Someone else refreshed while we waited for the lock: their token is ours too.
      if (current && (staleToken ? current !== staleToken : fresh(row)) && fresh(row)) return current;
      if (!row.refreshTokenEnc) {
        reauthorize = { row, reason: "no refresh token stored" };
        await markReauthorize(tx, row.id, "no refresh token stored");
        return null;
      }
      let issued: IssuedTokens;
      try {
        issued = await options.refresh(decryptSecret(row.refreshTokenEnc));
      } catch (error) {
        if (error instanceof ReauthorizationRequiredError) {
          reauthorize = { row, reason: error.message };
          await markReauthorize(tx, row.id, error.message);
          return null;
        }
        throw error;
      }
      const at = now();
      await tx
        .update(connections)
        .set({
          accessTokenEnc: encryptSecret(issued.accessToken),
          refreshTokenEnc: encryptSecret(issued.refreshToken),
          accessTokenExpiresAt: new Date(at + issued.expiresIn * 1000),
          ...(issued.refreshExpiresIn ? { refreshTokenExpiresAt: new Date(at + issued.refreshExpiresIn * 1000) } : {}),
          ...(issued.scopes ? { scopes: issued.scopes } : {}),
          lastRefreshedAt: new Date(at),
          lastError: null,
          updatedAt: new Date(at),
        })
        .where(eq(connections.id, row.id));
      return issued.accessToken;
    });
    if (token === null) {
      const r = reauthorize as { row: Connection; reason: string } | null;
      if (r && options.onReauthorize) {
        try {
          await options.onReauthorize({ ...r.row, status: "reauthorize" }, r.reason);
        } catch {
          // An alert channel being down must not hide the real error from the caller.
        }
      }
      throw new ReauthorizationRequiredError(`connection ${options.connectionId} must be re-authorised: ${r?.reason ?? "refresh failed"}`, undefined, options.provider);
    }
    return token;
  }

  // In-process cache of the current token: a sync makes thousands of calls and need not read the row for each.
  // A token rotated by another process shows up as a 401 here, which goes through forceRefresh and re-reads.
  let cached: { token: string; expiresAt: number } | null = null;
  const remember = (token: string, row?: Connection) => {
    cached = { token, expiresAt: row?.accessTokenExpiresAt?.getTime() ?? now() + REFRESH_EARLY_MS * 2 };
    return token;
  };

  return {
    async getAccessToken() {
      if (cached && cached.expiresAt - now() > REFRESH_EARLY_MS) return cached.token;
      const row = await load();
      assertUsable(row);
      if (fresh(row) && row.accessTokenEnc) return remember(decryptSecret(row.accessTokenEnc), row);
      const token = await refreshSerialised(null);
      const after = await load();
      return remember(token, after);
    },
    async forceRefresh(staleToken: string) {
      cached = null;
      const token = await refreshSerialised(staleToken || null);
      return remember(token, await load());
    },
  };
}

async function markReauthorize(tx: Parameters<Parameters<Database["transaction"]>[0]>[0], id: string, reason: string): Promise<void> {
  await tx.update(connections).set({ status: "reauthorize", lastError: reason.slice(0, 500), updatedAt: new Date() }).where(eq(connections.id, id));
}
