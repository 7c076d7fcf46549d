import "server-only";
import { env } from "@/lib/env";
import type { IssuedTokens } from "@/lib/integrations/oauth/token-source";
import { postTokenEndpoint } from "@/lib/integrations/oauth/token-endpoint";

/**
 * Money Forward OAuth (api-moneyforward.md §2): authorization code on api.biz.moneyforward.com; the user picks the
 * office (事業者) on the consent screen and one token = one office. Request both invoice scopes. Refresh tokens are
 * reported single-use and rotating: the refresh is serialised per connection (lib/integrations/oauth).
 */
export const MF_SCOPES = ["mfc/invoice/data.read", "mfc/invoice/data.write"];

type Config = { authBaseUrl?: string; clientId?: string; clientSecret?: string; fetch?: typeof fetch };

function config(c: Config = {}) {
  const e = env();
  return { base: (c.authBaseUrl ?? e.MF_AUTH_BASE_URL).replace(/\/$/, ""), clientId: c.clientId ?? e.MF_CLIENT_ID ?? "", clientSecret: c.clientSecret ?? e.MF_CLIENT_SECRET ?? "" };
}

export function mfAuthorizeUrl(options: { state: string; redirectUri: string } & Config): string {
  const c = config(options);
  const url = new URL(`${c.base}/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", c.clientId);
  url.searchParams.set("redirect_uri", options.redirectUri);
  url.searchParams.set("state", options.state);
  url.searchParams.set("scope", MF_SCOPES.join(" "));
  return url.toString();
}

export async function exchangeMfCode(options: { code: string; redirectUri: string } & Config): Promise<IssuedTokens> {
  const c = config(options);
  const { tokens } = await postTokenEndpoint({
    provider: "moneyforward",
    url: `${c.base}/token`,
    params: { grant_type: "authorization_code", client_id: c.clientId, client_secret: c.clientSecret, code: options.code, redirect_uri: options.redirectUri },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return tokens;
}

export function mfRefresher(c: Config = {}): (refreshToken: string) => Promise<IssuedTokens> {
  return async (refreshToken) => {
    const cfg = config(c);
    const { tokens } = await postTokenEndpoint({
      provider: "moneyforward",
      url: `${cfg.base}/token`,
      params: { grant_type: "refresh_token", client_id: cfg.clientId, client_secret: cfg.clientSecret, refresh_token: refreshToken },
      ...(c.fetch ? { fetch: c.fetch } : {}),
    });
    return tokens;
  };
}
