import "server-only";
import { env } from "@/lib/env";
import type { IssuedTokens } from "@/lib/integrations/oauth/token-source";
import { postTokenEndpoint } from "@/lib/integrations/oauth/token-endpoint";

/**
 * freee OAuth (api-freee.md §1): authorization code grant on accounts.secure.freee.co.jp, `prompt=select_company`
 * so the token reaches exactly one company, whose id comes back in the token response. Access token 6 h; the
 * refresh token lives 90 days and is single-use (rotates on every refresh).
 */
export const FREEE_REFRESH_TOKEN_TTL_S = 90 * 86_400;

type Config = { accountsBaseUrl?: string; clientId?: string; clientSecret?: string; fetch?: typeof fetch };

function config(c: Config = {}) {
  const e = env();
  return {
    base: (c.accountsBaseUrl ?? e.FREEE_ACCOUNTS_BASE_URL).replace(/\/$/, ""),
    clientId: c.clientId ?? e.FREEE_CLIENT_ID ?? "",
    clientSecret: c.clientSecret ?? e.FREEE_CLIENT_SECRET ?? "",
  };
}

export function freeeAuthorizeUrl(options: { state: string; redirectUri: string } & Config): string {
  const c = config(options);
  const url = new URL(`${c.base}/public_api/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", c.clientId);
  url.searchParams.set("redirect_uri", options.redirectUri);
  url.searchParams.set("state", options.state);
  url.searchParams.set("prompt", "select_company");
  return url.toString();
}

export async function exchangeFreeeCode(options: { code: string; redirectUri: string } & Config): Promise<IssuedTokens & { companyId: string | null }> {
  const c = config(options);
  const { tokens, raw } = await postTokenEndpoint({
    provider: "freee",
    url: `${c.base}/public_api/token`,
    params: { grant_type: "authorization_code", client_id: c.clientId, client_secret: c.clientSecret, code: options.code, redirect_uri: options.redirectUri },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { ...tokens, refreshExpiresIn: FREEE_REFRESH_TOKEN_TTL_S, companyId: raw.company_id != null ? String(raw.company_id) : null };
}

export function freeeRefresher(c: Config = {}): (refreshToken: string) => Promise<IssuedTokens> {
  return async (refreshToken) => {
    const cfg = config(c);
    const { tokens } = await postTokenEndpoint({
      provider: "freee",
      url: `${cfg.base}/public_api/token`,
      params: { grant_type: "refresh_token", client_id: cfg.clientId, client_secret: cfg.clientSecret, refresh_token: refreshToken },
      ...(c.fetch ? { fetch: c.fetch } : {}),
    });
    return { ...tokens, refreshExpiresIn: FREEE_REFRESH_TOKEN_TTL_S };
  };
}
