"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Retrying a 401/403 cannot succeed; everything else gets two more tries.
        retry: (count, error) => !(error instanceof HttpError && (error.status === 401 || error.status === 403)) && count < 2,
      },
    },
  });
}

/** fetch JSON for TanStack Query: throws HttpError with the status on failure. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  if (!response.ok) throw new HttpError(response.status, `${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}

export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
