// GET /api/oauth/moneyforward/callback – finish the Money Forward OAuth flow (admin): check state, store tokens encrypted, queue the first sync
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { sendJob } from "@/lib/jobs/boss";
import { logger } from "@/lib/logger";
import { accountingStateCookie, accountingStateMatches, completeAccountingOAuth } from "@/lib/sync-accounting/accounting-oauth-flow";

export const dynamic = "force-dynamic";

export const GET = withPermission("connections.manage", async (request, { user }) => {
  const url = new URL(request.url);
  const back = (query: string) => Response.redirect(new URL(`/settings/connections?${query}`, env().APP_BASE_URL), 303);
  const jar = await cookies();
  const expected = jar.get(accountingStateCookie("moneyforward"))?.value;
  jar.delete(accountingStateCookie("moneyforward"));
  if (url.searchParams.get("error")) return back(`error=${encodeURIComponent(url.searchParams.get("error") ?? "denied")}`);
  if (!accountingStateMatches(expected, url.searchParams.get("state"))) return back("error=state");
  const code = url.searchParams.get("code");
  if (!code) return back("error=code");
  try {
    const connection = await completeAccountingOAuth(await getDb(), "moneyforward", { code, actor: { id: user.id, label: user.email } });
    await sendJob("accounting.sync", { connectionId: connection.id, mode: "full" }, { singletonKey: `accounting.sync:${connection.id}` }).catch((error: unknown) =>
      logger.warn("could not queue the first accounting sync", { error }),
    );
    return back("connected=moneyforward");
  } catch (error) {
    logger.warn("moneyforward oauth callback failed", { error });
    return back("error=exchange");
  }
});
