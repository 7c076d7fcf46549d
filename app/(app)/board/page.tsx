import { getTranslations } from "next-intl/server";
import { BoardView } from "@/components/board/board-view";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { boardFilterOptions } from "@/db/queries/board";
import { requirePermission } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { parseBoardFilters } from "@/lib/board/board-filters";
import { getBoard } from "@/lib/board/get-board";

export const dynamic = "force-dynamic";

export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("board.view", "/board");
  const t = await getTranslations("board");
  const db = await getDb();
  // Rendered on the server with the first page of every column (fast first paint), then kept live by the client.
  const [initial, options] = await Promise.all([getBoard(db, user, parseBoardFilters(await searchParams)), boardFilterOptions(db)]);
  const viewAll = can(user.roles, "deals.viewAll");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <BoardView
        initial={initial}
        options={viewAll ? options : { ...options, owners: [] }}
        permissions={{ viewAll, editInvoices: can(user.roles, "invoices.edit"), postInvoices: can(user.roles, "invoices.post"), syncView: can(user.roles, "sync.view") }}
        hasOwner={user.hubspotOwnerId !== null}
      />
    </>
  );
}
