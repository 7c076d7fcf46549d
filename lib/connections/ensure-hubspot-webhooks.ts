import "server-only";
import { env } from "@/lib/env";
import { syncWebhookSubscriptions, type WebhookSetupSummary } from "@/lib/integrations/hubspot/webhook-subscriptions";

export type EnsureWebhooksResult = ({ configured: true } & WebhookSetupSummary) | { configured: false; reason: string };

/** Where HubSpot must deliver: this app's webhook route under its public URL (what the v3 signature is computed on). */
export const webhookTargetUrl = (appBaseUrl: string) => new URL("/api/webhooks/hubspot", appBaseUrl).toString();

/**
 * Point the HubSpot app's webhooks at this installation and subscribe what the sync reads. Needs the app id and
 * developer API key (HUBSPOT_APP_ID / HUBSPOT_DEVELOPER_API_KEY; the sandbox app's by default in sandbox mode);
 * without them it says so and changes nothing — the catch-up poll still keeps the mirror fresh, only later.
 */
export async function ensureHubSpotWebhooks(opts: { appBaseUrl?: string; apiBaseUrl?: string; dryRun?: boolean; fetch?: typeof fetch } = {}): Promise<EnsureWebhooksResult> {
  const e = env();
  if (!e.HUBSPOT_APP_ID || !e.HUBSPOT_DEVELOPER_API_KEY) {
    return { configured: false, reason: "HUBSPOT_APP_ID and HUBSPOT_DEVELOPER_API_KEY are not set: webhook subscriptions are managed in the HubSpot app's settings" };
  }
  const summary = await syncWebhookSubscriptions({
    apiBaseUrl: opts.apiBaseUrl ?? e.HUBSPOT_API_BASE_URL,
    appId: e.HUBSPOT_APP_ID,
    developerApiKey: e.HUBSPOT_DEVELOPER_API_KEY,
    targetUrl: webhookTargetUrl(opts.appBaseUrl ?? e.APP_BASE_URL),
    dryRun: opts.dryRun,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return { configured: true, ...summary };
}
