// GET /api/overdue – the overdue list (未入金一覧): summary per aging bucket and one page of rows, scoped to the viewer
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { getOverdueList } from "@/lib/overdue/get-overdue-list";
import { parseOverdueFilters } from "@/lib/overdue/overdue-filters";

export const dynamic = "force-dynamic";

export const GET = withPermission("overdue.view", async (request, { user }) => {
  const filters = parseOverdueFilters(new URL(request.url).searchParams);
  const list = await getOverdueList(await getDb(), user, filters, { hubspotAppBaseUrl: env().HUBSPOT_APP_BASE_URL });
  return Response.json(list, { headers: { "cache-control": "no-store" } });
});
