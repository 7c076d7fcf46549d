import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Connection } from "@/db/schema";
import type { AuditActor } from "@/lib/audit/record-audit";
import { getAccessTokenInfo } from "@/lib/integrations/hubspot/oauth";
import { ensureHubSpotWebhooks } from "./ensure-hubspot-webhooks";
import { saveHubSpotConnection } from "./manage-connections";

/** The sandbox's published private-app token and portal (sandbox/README.md). */
export const SANDBOX_PRIVATE_APP_TOKEN = "pat-sandbox-0000";
export const SANDBOX_PORTAL_ID = "1000001";

/**
 * "Connect the sandbox" (settings quick action and demo): take OAuth tokens from the sandbox control API
 * (`POST /_sandbox/tokens`), falling back to the private-app token, and point the sandbox app's webhooks at this
 * app. Re-running it refreshes the tokens of the same connection row (keyed by portal).
 */
export async function connectSandboxHubSpot(
  db: DbOrTx,
  opts: { baseUrl: string; appBaseUrl: string; actor: AuditActor; log?: (m: string) => void; fetch?: typeof fetch },
): Promise<Connection> {
  const f = opts.fetch ?? fetch;
  const log = opts.log ?? (() => {});
  let connection: Connection | null = null;
  try {
    const res = await f(new URL("/_sandbox/tokens", opts.baseUrl), { method: "POST", signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`POST /_sandbox/tokens → ${res.status}`);
    const t = (await res.json()) as { access_token: string; refresh_token?: string; expires_in: number };
    const info = await getAccessTokenInfo({ apiBaseUrl: opts.baseUrl, fetch: f }, t.access_token).catch(() => null);
    connection = await saveHubSpotConnection(db, {
      authType: "oauth",
      portalId: info ? String(info.hub_id) : SANDBOX_PORTAL_ID,
      portalName: info?.hub_domain ?? "HubSpot sandbox",
      accessToken: t.access_token,
      refreshToken: t.refresh_token ?? null,
      expiresInSeconds: t.expires_in,
      scopes: info?.scopes,
      actor: opts.actor,
    });
  } catch (error) {
    log(`HubSpot sandbox OAuth tokens unavailable (${error instanceof Error ? error.message : String(error)}); using the private-app token`);
    connection = await saveHubSpotConnection(db, {
      authType: "private_app",
      portalId: SANDBOX_PORTAL_ID,
      portalName: "HubSpot sandbox",
      accessToken: SANDBOX_PRIVATE_APP_TOKEN,
      actor: opts.actor,
    });
  }
  try {
    // Through HubSpot's own webhooks management API (as for a real app), not the emulator's control routes: the
    // target becomes this app and every event the sync reads is subscribed and active.
    const result = await ensureHubSpotWebhooks({ apiBaseUrl: opts.baseUrl, appBaseUrl: opts.appBaseUrl, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
    if (!result.configured) log(result.reason);
    else if (result.targetChanged || result.created.length || result.activated.length) log(`HubSpot sandbox webhooks → ${result.targetUrl} (${result.created.length} subscriptions created, ${result.activated.length} activated)`);
  } catch (error) {
    log(`could not set up the sandbox app's webhooks: ${error instanceof Error ? error.message : String(error)}`);
  }
  return connection;
}
