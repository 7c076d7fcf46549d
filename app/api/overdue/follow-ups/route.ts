// GET /api/overdue/follow-ups – one deal's follow-up history (督促履歴), newest first (?connectionId=&dealId=)
import { z } from "zod";
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { getFollowUpHistory } from "@/lib/overdue/get-overdue-list";

export const dynamic = "force-dynamic";

const querySchema = z.object({ connectionId: z.uuid(), dealId: z.string().min(1).max(64) });

export const GET = withPermission("overdue.view", async (request, { user }) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "invalid" }, { status: 400 });
  const history = await getFollowUpHistory(await getDb(), user, parsed.data.connectionId, parsed.data.dealId);
  // Not on the board and not the viewer's deal look the same: a sales user cannot probe other people's deals.
  if (!history) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json({ followUps: history }, { headers: { "cache-control": "no-store" } });
});
