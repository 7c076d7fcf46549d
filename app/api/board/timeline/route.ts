// GET /api/board/timeline – one deal's way from won to paid (?connectionId=&dealId=), with HubSpot/accounting links
import { z } from "zod";
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { getDealTimeline } from "@/lib/board/get-board";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const querySchema = z.object({ connectionId: z.uuid(), dealId: z.string().min(1).max(64) });

export const GET = withPermission("board.view", async (request, { user }) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "invalid" }, { status: 400 });
  const timeline = await getDealTimeline(await getDb(), user, parsed.data.connectionId, parsed.data.dealId, { hubspotAppBaseUrl: env().HUBSPOT_APP_BASE_URL });
  // Not on the board and not the viewer's deal look the same: a sales user cannot probe other people's deals.
  if (!timeline) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json(timeline, { headers: { "cache-control": "no-store" } });
});
