import "server-only";
import { AuthError, classifyHttpError, networkError } from "../errors";
import { accessTokenInfoSchema, tokenResponseSchema, type TokenResponse } from "./schemas";

/**
 * HubSpot OAuth (api-hubspot.md §1). Authorize on the app host (HUBSPOT_APP_BASE_URL: app.hubspot.com or the
 * sandbox), token exchange on the API host (`POST /oauth/v1/token`, form-encoded). HubSpot refresh tokens are NOT
 * single-use (unlike freee/MF), but refreshes are still serialised per connection so two jobs do not both refresh.
 */

export const HUBSPOT_SCOPES = [
  "oauth",
  "crm.objects.companies.read",
  "crm.objects.companies.write",
  "crm.objects.deals.read",
  "crm.objects.deals.write",
  "crm.objects.line_items.read",
  "crm.objects.products.read",
  "crm.objects.owners.read",
  // Needed for CRM webhooks and for tasks (engagements) (api-hubspot.md §1 scopes table).
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.schemas.deals.read",
];

export type OAuthConfig = { apiBaseUrl: string; appBaseUrl: string; clientId: string; clientSecret: string; fetch?: typeof fetch };

export function buildAuthorizeUrl(cfg: OAuthConfig, { redirectUri, state }: { redirectUri: string; state: string }): string {
  const url = new URL("/oauth/authorize", cfg.appBaseUrl);
  url.searchParams.set("client_id", cfg.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("scope", HUBSPOT_SCOPES.join(" "));
  url.searchParams.set("state", state);
  return url.toString();
}

async function tokenRequest(cfg: OAuthConfig, form: Record<string, string>, operation: string): Promise<TokenResponse> {
  let res: Response;
  try {
    res = await (cfg.fetch ?? fetch)(new URL("/oauth/v1/token", cfg.apiBaseUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ client_id: cfg.clientId, client_secret: cfg.clientSecret, ...form }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (cause) {
    throw networkError("hubspot", operation, cause);
  }
  const json = (await res.json().catch(() => ({}))) as { status?: string; message?: string };
  if (!res.ok) {
    // BAD_REFRESH_TOKEN / BAD_AUTH_CODE come back as 400: for us that means "re-authorise".
    if (res.status === 400 && typeof json.status === "string" && json.status.startsWith("BAD_")) {
      throw new AuthError(`hubspot ${operation}: ${json.status} – ${json.message ?? ""}`, { provider: "hubspot", status: 400, providerMessage: json.message, operation });
    }
    throw classifyHttpError({ provider: "hubspot", status: res.status, providerMessage: json.message, operation, retryAfter: res.headers.get("retry-after") });
  }
  return tokenResponseSchema.parse(json);
}

export function exchangeCode(cfg: OAuthConfig, { code, redirectUri }: { code: string; redirectUri: string }): Promise<TokenResponse> {
  return tokenRequest(cfg, { grant_type: "authorization_code", code, redirect_uri: redirectUri }, "POST /oauth/v1/token (code)");
}

export function refreshAccessToken(cfg: OAuthConfig, refreshToken: string): Promise<TokenResponse> {
  return tokenRequest(cfg, { grant_type: "refresh_token", refresh_token: refreshToken }, "POST /oauth/v1/token (refresh)");
}

/** GET /oauth/v1/access-tokens/{token}: which portal (hub_id) and scopes a token belongs to. */
export async function getAccessTokenInfo(cfg: Pick<OAuthConfig, "apiBaseUrl" | "fetch">, accessToken: string) {
  const res = await (cfg.fetch ?? fetch)(new URL(`/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`, cfg.apiBaseUrl), { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw classifyHttpError({ provider: "hubspot", status: res.status === 404 ? 401 : res.status, operation: "GET /oauth/v1/access-tokens" });
  return accessTokenInfoSchema.parse(await res.json());
}
