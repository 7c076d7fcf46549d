import "server-only";
import type { DbOrTx } from "@/db/client";
import { boardCard, boardColumnPage, boardColumnTotals, boardDataAsOf, boardFirstPages, boardTimelineRows, type BoardQuery } from "@/db/queries/board";
import { can, type Role } from "@/lib/auth/permissions";
import { todayJst } from "@/lib/format";
import { toBoardCard } from "./to-card";
import { BOARD_COLUMNS, type BoardColumn, type BoardData, type BoardFilters, type ColumnPage, type DealTimeline, type TimelineStep } from "./types";

export type BoardViewer = { roles: readonly Role[]; hubspotOwnerId: string | null };

export const BOARD_PAGE_SIZE = 50;
/** An owner id no HubSpot owner has: a sales user without a linked owner sees an empty board, never everyone's. */
const NO_OWNER = "(no-owner)";

/**
 * The server-side scope: without deals.viewAll (sales) the viewer only ever sees their own deals, whatever the
 * request asked for; with it, "my deals" is an opt-in filter.
 */
export function scopeFilters(viewer: BoardViewer, filters: BoardFilters): { filters: BoardFilters; ownerId: string | null } {
  const mine = filters.mine || !can(viewer.roles, "deals.viewAll");
  const ownerId = mine ? (viewer.hubspotOwnerId ?? NO_OWNER) : filters.ownerId;
  return { filters: { ...filters, mine, ownerId: mine ? (viewer.hubspotOwnerId ?? null) : filters.ownerId }, ownerId };
}

function toQuery(filters: BoardFilters, ownerId: string | null, today: string): BoardQuery {
  return {
    today,
    paidFrom: filters.from,
    paidTo: filters.to,
    ownerId,
    pipelineId: filters.pipelineId,
    target: filters.target,
    minAmount: filters.minAmount,
    maxAmount: filters.maxAmount,
    q: filters.q,
  };
}

/** The whole board: totals per column, the first page of each column and the data-as-of stamps. */
export async function getBoard(db: DbOrTx, viewer: BoardViewer, requested: BoardFilters, options: { today?: string; pageSize?: number } = {}): Promise<BoardData> {
  const today = options.today ?? todayJst();
  const pageSize = options.pageSize ?? BOARD_PAGE_SIZE;
  const { filters, ownerId } = scopeFilters(viewer, requested);
  const query = toQuery(filters, ownerId, today);
  const [totals, rows, dataAsOf] = await Promise.all([boardColumnTotals(db, query), boardFirstPages(db, query, pageSize), boardDataAsOf(db)]);
  const columns = Object.fromEntries(
    BOARD_COLUMNS.map((column) => {
      const summary = totals.find((t) => t.column === column) ?? { column, count: 0, total: 0 };
      const mine = rows.filter((r) => r.column === column);
      return [column, { summary: { column, count: summary.count, total: summary.total }, cards: mine.slice(0, pageSize).map((r) => toBoardCard(r, today)), nextOffset: mine.length > pageSize ? pageSize : null }];
    }),
  ) as BoardData["columns"];
  // Sorting inside Postgres happened per column in the UNION parts; keep the page order stable here too.
  for (const column of BOARD_COLUMNS) columns[column].cards.sort(cardOrder(column));
  return { filters, today, columns, dataAsOf, mine: filters.mine, generatedAt: new Date().toISOString() };
}

function cardOrder(column: BoardColumn) {
  const byId = (a: { dealId: string }, b: { dealId: string }) => (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0);
  return (a: BoardData["columns"]["won"]["cards"][number], b: BoardData["columns"]["won"]["cards"][number]) => {
    const key = (c: typeof a) => (column === "won" ? (c.wonAt ?? "") : column === "paid" ? (c.paidOn ?? "") : (c.dueDate ?? "9999"));
    const desc = column === "won" || column === "paid";
    const [ka, kb] = [key(a), key(b)];
    if (ka !== kb) return (ka < kb ? -1 : 1) * (desc ? -1 : 1);
    return byId(a, b);
  };
}

/** Further cards of one column (the virtualised list asks for the next page as it scrolls). */
export async function getColumnPage(db: DbOrTx, viewer: BoardViewer, requested: BoardFilters, column: BoardColumn, offset: number, options: { today?: string; pageSize?: number } = {}): Promise<ColumnPage> {
  const today = options.today ?? todayJst();
  const pageSize = options.pageSize ?? BOARD_PAGE_SIZE;
  const { filters, ownerId } = scopeFilters(viewer, requested);
  const rows = await boardColumnPage(db, toQuery(filters, ownerId, today), column, { limit: pageSize, offset });
  return { column, cards: rows.slice(0, pageSize).map((r) => toBoardCard(r, today)), nextOffset: rows.length > pageSize ? offset + pageSize : null };
}

export type TimelineLinks = { hubspotAppBaseUrl: string };

/** The deal's way from won to paid. Null when the deal is not on the board or not the viewer's to see. */
export async function getDealTimeline(db: DbOrTx, viewer: BoardViewer, connectionId: string, dealId: string, links: TimelineLinks, options: { today?: string } = {}): Promise<DealTimeline | null> {
  const today = options.today ?? todayJst();
  const row = await boardCard(db, today, connectionId, dealId);
  if (!row) return null;
  if (!can(viewer.roles, "deals.viewAll") && (viewer.hubspotOwnerId === null || row.ownerId !== viewer.hubspotOwnerId)) return null;
  const t = await boardTimelineRows(db, connectionId, dealId);
  const card = toBoardCard(row, today);
  const current = t.drafts.find((d) => d.id === card.draftId) ?? t.drafts.at(-1) ?? null;
  const lastWon = t.wonEvents.at(-1) ?? null;
  const steps: TimelineStep[] = [
    { key: "won", done: true, at: lastWon?.enteredAt ?? t.deal?.stageEnteredAt ?? card.wonAt, by: lastWon ? lastWon.source : null, detail: lastWon?.isReentry ? "reentry" : null },
    { key: "draft", done: current !== null, at: current?.createdAt ?? null, by: null, detail: current?.status ?? null },
  ];
  if (current?.status === "rejected") steps.push({ key: "rejected", done: true, at: null, by: current.rejectedBy, detail: current.rejectedReason });
  steps.push({ key: "approved", done: current?.approvedAt != null, at: current?.approvedAt ?? null, by: current?.approvedBy ?? null, detail: null });
  if (current?.status === "post_failed") steps.push({ key: "post_failed", done: true, at: null, by: null, detail: current.lastPostError });
  steps.push({ key: "posted", done: current?.postedAt != null, at: current?.postedAt ?? null, by: null, detail: current?.invoiceNumber ?? null });
  const paid = current?.invoice?.paymentStatus === "paid";
  steps.push({ key: "paid", done: paid, at: current?.invoice?.lastPaidOn ?? null, by: null, detail: current?.invoice ? current.invoice.paymentStatus : null });
  const base = links.hubspotAppBaseUrl.replace(/\/$/, "");
  return {
    card,
    steps,
    hubspotUrl: t.deal?.portalId ? `${base}/contacts/${t.deal.portalId}/record/0-3/${encodeURIComponent(dealId)}` : null,
    accountingUrl: current?.invoice?.url ?? current?.invoiceUrl ?? null,
    invoiceDraftUrl: current ? `/invoices/${current.id}` : null,
    syncFailures: t.syncFailures,
  };
}
