"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { fetchJson } from "@/components/providers/query-provider";
import type { BoardCard, BoardColumn, ColumnPage, ColumnSummary } from "@/lib/board/types";
import { formatYen } from "@/lib/format";
import { cn } from "@/lib/utils";
import { DealCard, type BoardPermissions } from "./deal-card";

const keyOf = (c: BoardCard) => `${c.connectionId}:${c.dealId}`;

export function BoardColumnView({
  column,
  summary,
  cards: firstCards,
  nextOffset: firstNextOffset,
  query,
  permissions,
  onOpen,
  onMoveColumn,
  registerFocus,
}: {
  column: BoardColumn;
  summary: ColumnSummary;
  cards: BoardCard[];
  nextOffset: number | null;
  query: string;
  permissions: BoardPermissions;
  onOpen: (card: BoardCard) => void;
  onMoveColumn: (from: BoardColumn, direction: -1 | 1) => void;
  registerFocus: (column: BoardColumn, focusFirst: () => void) => void;
}) {
  const t = useTranslations("board");
  const scrollRef = useRef<HTMLDivElement>(null);
  // Pages loaded by scrolling; the first page comes (and is refreshed live) with the board itself.
  const [more, setMore] = useState<{ cards: BoardCard[]; nextOffset: number | null; loading: boolean }>({ cards: [], nextOffset: null, loading: false });
  const cards = useMemo(() => {
    const seen = new Set(firstCards.map(keyOf));
    return [...firstCards, ...more.cards.filter((c) => !seen.has(keyOf(c)))];
  }, [firstCards, more.cards]);
  const nextOffset = more.cards.length > 0 ? more.nextOffset : firstNextOffset;

  // initialRect: without a measured scroll box the virtualizer renders no rows, so the server HTML (and the first
  // paint) would carry no cards; a laptop-sized guess renders the first screenful, measured for real on hydration.
  const virtualizer = useVirtualizer({ count: cards.length, getScrollElement: () => scrollRef.current, estimateSize: () => 120, overscan: 6, gap: 8, initialRect: { width: 320, height: 720 } });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (nextOffset === null || more.loading || lastIndex < cards.length - 8) return;
    setMore((m) => ({ ...m, loading: true }));
    fetchJson<ColumnPage>(`/api/board/columns/${column}?${query}${query ? "&" : ""}offset=${nextOffset}`)
      .then((page) => setMore((m) => ({ cards: [...m.cards, ...page.cards], nextOffset: page.nextOffset, loading: false })))
      .catch(() => setMore((m) => ({ ...m, loading: false })));
  }, [lastIndex, cards.length, nextOffset, more.loading, column, query]);

  const focusIndex = (index: number) => {
    if (index < 0 || index >= cards.length) return;
    virtualizer.scrollToIndex(index, { align: "auto" });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-card-index="${index}"]`)?.focus());
  };
  useEffect(() => registerFocus(column, () => focusIndex(0)));

  const onKeyNav = (event: KeyboardEvent<HTMLElement>, index: number) => {
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusIndex(index + 1),
      ArrowUp: () => focusIndex(index - 1),
      ArrowLeft: () => onMoveColumn(column, -1),
      ArrowRight: () => onMoveColumn(column, 1),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  };

  return (
    <section aria-labelledby={`board-col-${column}`} className="flex min-h-0 min-w-0 flex-col rounded-lg border border-slate-200 bg-slate-100/70" data-testid={`board-column-${column}`}>
      <header className="border-b border-slate-200 px-3 py-2" title={t(`columnHints.${column}`)}>
        <div className="flex items-baseline justify-between gap-2">
          <h2 id={`board-col-${column}`} className={cn("text-sm font-semibold", column === "awaiting" ? "text-red-800" : "text-slate-800")}>
            {t(`columns.${column}`)}
          </h2>
          <span className="text-xs text-slate-500" data-testid="column-count" data-count={summary.count}>
            {t("count", { count: summary.count.toLocaleString("en") })}
          </span>
        </div>
        <p className="text-lg font-bold tabular-nums text-slate-900" data-testid="column-total" data-total={summary.total}>
          {formatYen(summary.total)}
        </p>
        <p className="truncate text-[11px] text-slate-500">{t(`columnHints.${column}`)}</p>
      </header>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto p-2" data-testid="column-scroll">
        {cards.length === 0 ? (
          <p className="p-3 text-center text-sm text-slate-500">{t("empty")}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const card = cards[item.index]!;
              return (
                <div key={keyOf(card)} data-index={item.index} ref={virtualizer.measureElement} style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${item.start}px)` }}>
                  <DealCard card={card} index={item.index} permissions={permissions} onOpen={onOpen} onKeyNav={onKeyNav} />
                </div>
              );
            })}
          </div>
        )}
        {more.loading ? <p className="p-2 text-center text-xs text-slate-500">{t("loading")}</p> : null}
      </div>
    </section>
  );
}
