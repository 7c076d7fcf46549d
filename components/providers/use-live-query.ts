"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { fetchJson } from "./query-provider";

/**
 * A screen rendered on the server with its first data, then kept live by polling its route handler: the server's
 * data stands for the query it was rendered for (no refetch on hydration), a changed filter keeps the previous
 * figures on screen until the new ones arrive, and every `refreshMs` the current query is read again.
 */
export function useLiveQuery<T extends { generatedAt: string }>(options: { key: readonly string[]; endpoint: string; query: string; initial: T; initialQuery: string; refreshMs: number; staleTime: number }) {
  const initialQuery = useRef(options.initialQuery);
  const { key, endpoint, query, initial } = options;
  const result = useQuery({
    // The key is a prefix other components may invalidate (a recorded follow-up refreshes the overdue list).
    queryKey: [...key, query],
    queryFn: () => fetchJson<T>(`${endpoint}${query ? `?${query}` : ""}`),
    initialData: query === initialQuery.current ? initial : undefined,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    placeholderData: keepPreviousData,
    refetchInterval: options.refreshMs,
    staleTime: options.staleTime,
  });
  return { ...result, data: result.data ?? initial };
}
