// GET /api/sync/health – sync health per connection and object (polled by the sync health page)
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { getSyncHealth } from "@/lib/sync-accounting/sync-health";

export const dynamic = "force-dynamic";

export const GET = withPermission("sync.view", async () => {
  const health = await getSyncHealth(await getDb());
  return Response.json(health, { headers: { "cache-control": "no-store" } });
});
