"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A search box's text, committed after a short pause in typing rather than on every key (each commit queries the
 * server). Returns the text to show and its setter; `commit` receives the trimmed text, or null when empty.
 */
export function useDebouncedSearch(committed: string | null, commit: (q: string | null) => void, delayMs = 300): [string, (text: string) => void] {
  const [text, setText] = useState(committed ?? "");
  const latest = useRef(commit);
  useEffect(() => {
    latest.current = commit;
  });
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = text.trim() || null;
      if (next !== committed) latest.current(next);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, committed, delayMs]);
  return [text, setText];
}
