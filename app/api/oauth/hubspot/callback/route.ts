// GET /api/oauth/hubspot/callback – finish the HubSpot OAuth flow (admin): check state, store tokens, queue the first sync, point the app's webhooks here
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { ensureHubSpotWebhooks } from "@/lib/connections/ensure-hubspot-webhooks";
import { completeHubSpotOAuth, HUBSPOT_OAUTH_STATE_COOKIE, stateMatches } from "@/lib/connections/hubspot-oauth-flow";
import { env } from "@/lib/env";
import { sendJob } from "@/lib/jobs/boss";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

export const GET = withPermission("connections.manage", async (request, { user }) => {
  const url = new URL(request.url);
  const back = (query: string) => Response.redirect(new URL(`/settings/connections?${query}`, env().APP_BASE_URL), 303);
  const jar = await cookies();
  const expected = jar.get(HUBSPOT_OAUTH_STATE_COOKIE)?.value;
  jar.delete(HUBSPOT_OAUTH_STATE_COOKIE);
  if (url.searchParams.get("error")) return back(`error=${encodeURIComponent(url.searchParams.get("error") ?? "denied")}`);
  if (!stateMatches(expected, url.searchParams.get("state"))) return back("error=state");
  const code = url.searchParams.get("code");
  if (!code) return back("error=code");
  try {
    const connection = await completeHubSpotOAuth(await getDb(), { code, actor: { id: user.id, label: user.email } });
    await sendJob("hubspot.sync", { connectionId: connection.id, mode: "full" }, { singletonKey: connection.id }).catch((error: unknown) => logger.warn("could not queue the first HubSpot sync", { error }));
    // The app's webhooks come to this installation (best effort: the catch-up poll covers a failure, doctor shows it).
    await ensureHubSpotWebhooks()
      .then((r) => logger.info("hubspot webhooks", r.configured ? { targetUrl: r.targetUrl, created: r.created.length, activated: r.activated.length } : { skipped: r.reason }))
      .catch((error: unknown) => logger.warn("could not set up the HubSpot app's webhooks", { error }));
    return back("connected=hubspot");
  } catch (error) {
    logger.warn("hubspot oauth callback failed", { error });
    return back("error=exchange");
  }
});
