import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import type { Connection } from "@/db/schema";
import type { AuditActor } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { buildAuthorizeUrl, exchangeCode, getAccessTokenInfo } from "@/lib/integrations/hubspot/oauth";
import { hubspotOAuthConfig } from "./hubspot-config";
import { saveHubSpotConnection } from "./manage-connections";

/** Cookie holding the OAuth `state` between the redirect and the callback (CSRF protection). */
export const HUBSPOT_OAUTH_STATE_COOKIE = "kakehashi_hs_oauth_state";

export function hubspotRedirectUri(): string {
  return new URL("/api/oauth/hubspot/callback", env().APP_BASE_URL).toString();
}

export function startHubSpotOAuth(): { url: string; state: string } {
  const state = randomBytes(24).toString("base64url");
  return { url: buildAuthorizeUrl(hubspotOAuthConfig(), { redirectUri: hubspotRedirectUri(), state }), state };
}

export function stateMatches(expected: string | undefined, given: string | null): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Callback: exchange the code, learn the portal (hub_id) from the token, store the connection encrypted. */
export async function completeHubSpotOAuth(db: DbOrTx, { code, actor }: { code: string; actor: AuditActor }): Promise<Connection> {
  const cfg = hubspotOAuthConfig();
  const tokens = await exchangeCode(cfg, { code, redirectUri: hubspotRedirectUri() });
  const info = await getAccessTokenInfo(cfg, tokens.access_token);
  return saveHubSpotConnection(db, {
    authType: "oauth",
    portalId: String(info.hub_id),
    portalName: info.hub_domain ?? null,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresInSeconds: tokens.expires_in,
    scopes: info.scopes,
    actor,
  });
}
