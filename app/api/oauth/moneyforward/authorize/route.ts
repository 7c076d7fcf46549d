// GET /api/oauth/moneyforward/authorize – start the Money Forward OAuth connect flow (admin): redirect to the consent / company picker
import { cookies } from "next/headers";
import { withPermission } from "@/lib/auth/guards";
import { accountingStateCookie, startAccountingOAuth } from "@/lib/sync-accounting/accounting-oauth-flow";

export const dynamic = "force-dynamic";

export const GET = withPermission("connections.manage", async () => {
  const { url, state } = startAccountingOAuth("moneyforward");
  (await cookies()).set(accountingStateCookie("moneyforward"), state, { httpOnly: true, sameSite: "lax", path: "/api/oauth/moneyforward", maxAge: 600 });
  return Response.redirect(url, 302);
});
