import "server-only";
import { env } from "@/lib/env";
import type { OAuthConfig } from "@/lib/integrations/hubspot/oauth";

/** HubSpot endpoints and app credentials from env (sandbox by default outside production). */
export function hubspotOAuthConfig(overrides: Partial<OAuthConfig> = {}): OAuthConfig {
  const e = env();
  return {
    apiBaseUrl: e.HUBSPOT_API_BASE_URL,
    appBaseUrl: e.HUBSPOT_APP_BASE_URL,
    clientId: e.HUBSPOT_CLIENT_ID ?? "",
    clientSecret: e.HUBSPOT_CLIENT_SECRET ?? "",
    ...overrides,
  };
}
