"use client";

import { useTranslations } from "next-intl";
import { useCallback, useRef, useState } from "react";
import { LiveStatus } from "@/components/layout/live-status";
import { useLiveQuery } from "@/components/providers/use-live-query";
import { boardFiltersToQuery, parseBoardFilters } from "@/lib/board/board-filters";
import { BOARD_COLUMNS, type BoardCard, type BoardColumn, type BoardData, type BoardFilterOptions, type BoardFilters } from "@/lib/board/types";
import { BoardColumnView } from "./board-column";
import { BoardFiltersBar } from "./board-filters";
import type { BoardPermissions } from "./deal-card";
import { TimelineDialog } from "./timeline-dialog";

/** Live: the board is re-read every few seconds, so webhook- and poll-driven changes appear without a reload. */
const REFRESH_MS = 4000;

export function BoardView({ initial, options, permissions, hasOwner }: { initial: BoardData; options: BoardFilterOptions; permissions: BoardPermissions; hasOwner: boolean }) {
  const t = useTranslations("board");
  const [filters, setFilters] = useState<BoardFilters>(initial.filters);
  const [open, setOpen] = useState<BoardCard | null>(null);
  const [resets, setResets] = useState(0);
  const query = boardFiltersToQuery(filters).toString();
  const { data: board, isFetching, isError } = useLiveQuery({ key: ["board"], endpoint: "/api/board", query, initial, initialQuery: boardFiltersToQuery(initial.filters).toString(), refreshMs: REFRESH_MS, staleTime: 0 });

  const onChange = useCallback((patch: Partial<BoardFilters>) => {
    setFilters((current) => {
      const merged = { ...current, ...patch };
      // Re-resolve the period window (presets are relative to today) through the same parser the server uses.
      const next = parseBoardFilters(boardFiltersToQuery(merged));
      window.history.replaceState(null, "", `/board${boardFiltersToQuery(next).toString() ? `?${boardFiltersToQuery(next).toString()}` : ""}`);
      return next;
    });
  }, []);
  const onReset = useCallback(() => {
    const next = parseBoardFilters(new URLSearchParams());
    window.history.replaceState(null, "", "/board");
    setFilters(next);
    setResets((n) => n + 1);
  }, []);

  const focusers = useRef(new Map<BoardColumn, () => void>());
  const registerFocus = useCallback((column: BoardColumn, focusFirst: () => void) => void focusers.current.set(column, focusFirst), []);
  const onMoveColumn = useCallback((from: BoardColumn, direction: -1 | 1) => {
    const next = BOARD_COLUMNS[BOARD_COLUMNS.indexOf(from) + direction];
    if (next) focusers.current.get(next)?.();
  }, []);

  return (
    <div className="flex h-[calc(100vh-9.5rem)] min-h-[520px] flex-col">
      <BoardFiltersBar key={resets} filters={filters} options={options} canViewAll={permissions.viewAll} onChange={onChange} onReset={onReset} />
      <LiveStatus generatedAt={board.generatedAt} dataAsOf={board.dataAsOf} isFetching={isFetching} isError={isError} className="mb-2">
        {board.mine ? <span className="font-medium text-slate-700">{hasOwner ? t("scope.mineOnly") : t("scope.noOwner")}</span> : null}
      </LiveStatus>
      <div className="grid min-h-0 flex-1 grid-cols-4 gap-3" data-testid="board">
        {BOARD_COLUMNS.map((column) => (
          <BoardColumnView
            key={`${column}|${query}`}
            column={column}
            summary={board.columns[column].summary}
            cards={board.columns[column].cards}
            nextOffset={board.columns[column].nextOffset}
            query={query}
            permissions={permissions}
            onOpen={setOpen}
            onMoveColumn={onMoveColumn}
            registerFocus={registerFocus}
          />
        ))}
      </div>
      <TimelineDialog card={open} onClose={() => setOpen(null)} canOpenDraft={permissions.editInvoices || permissions.viewAll} />
    </div>
  );
}
