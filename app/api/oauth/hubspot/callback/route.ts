// GET /api/oauth/hubspot/callback – finish the HubSpot OAuth flow (admin): check state, store tokens, queue the first sync, point the app's webhooks here
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
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
    // The app's webhooks come to this installation: queued (many requests on a first connect), retried, alerted once.
    await sendJob("hubspot.ensure-webhooks", {}, { singletonKey: "app" }).catch((error: unknown) => logger.warn("could not queue the HubSpot webhook set-up", { error }));
    return back("connected=hubspot");
  } catch (error) {
    logger.warn("hubspot oauth callback failed", { error });
    return back("error=exchange");
  }
});
