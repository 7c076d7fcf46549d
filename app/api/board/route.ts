// GET /api/board – the pipeline-to-cash board: totals and first page per column, data-as-of stamps (polled live)
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { parseBoardFilters } from "@/lib/board/board-filters";
import { getBoard } from "@/lib/board/get-board";

export const dynamic = "force-dynamic";

export const GET = withPermission("board.view", async (request, { user }) => {
  const filters = parseBoardFilters(new URL(request.url).searchParams);
  const board = await getBoard(await getDb(), user, filters);
  return Response.json(board, { headers: { "cache-control": "no-store" } });
});
