// GET /api/board/columns/[column] – the next page of one board column (?offset=, same filters as /api/board)
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { parseBoardFilters } from "@/lib/board/board-filters";
import { getColumnPage } from "@/lib/board/get-board";
import { BOARD_COLUMNS, type BoardColumn } from "@/lib/board/types";

export const dynamic = "force-dynamic";

export const GET = withPermission<{ column: string }>("board.view", async (request, { params, user }) => {
  const { column } = await params;
  if (!(BOARD_COLUMNS as readonly string[]).includes(column)) return Response.json({ error: "unknown column" }, { status: 404 });
  const search = new URL(request.url).searchParams;
  const offset = Math.max(0, Math.min(Number.parseInt(search.get("offset") ?? "0", 10) || 0, 1_000_000));
  const page = await getColumnPage(await getDb(), user, parseBoardFilters(search), column as BoardColumn, offset);
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
