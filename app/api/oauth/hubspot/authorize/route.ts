// GET /api/oauth/hubspot/authorize – start the HubSpot OAuth connect flow (admin): redirect to HubSpot's consent page
import { cookies } from "next/headers";
import { withPermission } from "@/lib/auth/guards";
import { HUBSPOT_OAUTH_STATE_COOKIE, startHubSpotOAuth } from "@/lib/connections/hubspot-oauth-flow";

export const dynamic = "force-dynamic";

export const GET = withPermission("connections.manage", async () => {
  const { url, state } = startHubSpotOAuth();
  (await cookies()).set(HUBSPOT_OAUTH_STATE_COOKIE, state, { httpOnly: true, sameSite: "lax", path: "/api/oauth/hubspot", maxAge: 600 });
  return Response.redirect(url, 302);
});
