// GET /api/oauth/freee/authorize – start the freee OAuth connect flow (admin): redirect to the consent / company picker
import { cookies } from "next/headers";
import { withPermission } from "@/lib/auth/guards";
import { accountingStateCookie, startAccountingOAuth } from "@/lib/sync-accounting/accounting-oauth-flow";

export const dynamic = "force-dynamic";

export const GET = withPermission("connections.manage", async () => {
  const { url, state } = startAccountingOAuth("freee");
  (await cookies()).set(accountingStateCookie("freee"), state, { httpOnly: true, sameSite: "lax", path: "/api/oauth/freee", maxAge: 600 });
  return Response.redirect(url, 302);
});
